"""Which URL names are pages, and which pages each role may not open or deliberately reads the
general help on. Every other page a role can open must have its own help entry: a new page
fails test_coverage until it gets one here or in src/qcounty/web/help/texts/.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

# Django's admin site has its own templates (no top bar, no help link); so has the data
# exchange API (JSON, and ninja's own docs page)
OTHER_SITES = ("admin:", "api_v1:")

# names that never show a page of their own: POST actions that redirect, htmx partials,
# downloads and data files, the health check; the login page (no top bar before sign-in);
# the help itself
NOT_PAGES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "adjudication:decide",
        "adjudication:estimate",
        "adjudication:flags",
        "adjudication:evidence",
        "adjudication:reconcile",
        "adjudication:records",
        "adjudication:score",
        "adjudication:section",
        "bulk:load",
        "bulk:progress",
        "campaigns:open",
        "documents:annex2",
        "documents:import_commit",
        "documents:job_download",
        "documents:job_progress",
        "documents:job_start",
        "documents:score_sheet",
        "documents:template",
        "evaluation:application_report",
        "evaluation:cohort_file",
        "evaluation:county_report",
        "evaluation:experts_see_results",
        "evaluation:framework_file",
        "evaluation:publication_list",
        "evaluation:publish",
        "evaluation:results_json",
        "evaluation:scheme_table",  # the evaluation table, a .docx or .xlsx download
        "evaluation:robustness_progress",
        "evaluation:take_snapshot",
        "evaluation:whatif",
        "evaluation:whatif_save",
        "evidence:download",
        "evidence:remove",
        "evidence:upload",
        "healthz",
        "objections:confirm",
        "objections:correct",
        "objections:file",
        "objections:file_download",
        "objections:records",
        "objections:register_xlsx",
        "objections:reply_docx",
        "objections:settle",
        "objections:step",
        "help:index",
        "help:manual",
        "help:page",
        "reporting:flag_note",
        "reporting:record_add",
        "reporting:selfcheck",
        "reporting:record_delete",
        "reporting:record_update",
        "reporting:records_none",
        "reporting:save",
        "reporting:score",
        "reporting:section",
        "review:accept_submitted",
        "schemes:delete",
        "schemes:publish",
        "review:application_action",
        "review:extension",
        "review:notification",
        "review:notifications_read",
        "review:panel",
        "review:progress_xlsx",
        "review:return_keys",
        "review:section_action",
        "statfeed:apply",
        "statfeed:lock",
        "statfeed:template",
        "tasks:add",
        "tasks:assessment_xlsx",
        "tasks:attach",
        "tasks:delete",
        "tasks:download",
        "tasks:edit",
        "tasks:generate",
        "tasks:mapping_assign",
        "tasks:mapping_department",
        "tasks:mapping_unassign",
        "tasks:note",
        "tasks:remove_attachment",
        "tasks:status",
        "tokens:revoke",
    }
)

EVALUATION = frozenset(
    {
        "evaluation:index",
        "evaluation:snapshot",
        "evaluation:county",
        "evaluation:compare",
        "evaluation:robustness",
        "evaluation:robustness_run",
        "evaluation:publication",
    }
)
COCKPIT = frozenset(
    {"cockpit:dashboard", "cockpit:gaps", "cockpit:rank", "cockpit:whatif", "cockpit:years"}
)
BULK = frozenset({"bulk:upload", "bulk:batch"})
STATFEED = frozenset({"statfeed:index", "statfeed:preview", "statfeed:batch"})
TASKS = frozenset({"tasks:board", "tasks:print", "tasks:task", "tasks:mapping", "tasks:assessment"})
OBJECTIONS = frozenset(
    {
        "objections:index",
        "objections:detail",
        "objections:register",
        "objections:settlement",
        "objections:calendar",
    }
)
# the province's own work on objections (a county office files and reads; the admin reads)
OBJECTIONS_PROVINCE = frozenset({"objections:register", "objections:settlement"})
SCHEMES = frozenset(
    {"schemes:index", "schemes:upload", "schemes:version", "schemes:preview", "schemes:diff"}
)
ADJUDICATION = frozenset(
    {"adjudication:index", "adjudication:application", "adjudication:county_view"}
)

# the administrator's own pages
ADMIN_ONLY = frozenset({"tokens:index"})

# pages the role may not open (403 or 404)
UNREACHABLE: dict[str, frozenset[str]] = {
    "clerk": ADMIN_ONLY
    | ADJUDICATION
    | SCHEMES
    | BULK
    | STATFEED
    | COCKPIT
    | EVALUATION
    | OBJECTIONS
    | {"documents:job", "review:progress", "tasks:assessment", "tasks:mapping", "tasks:print"},
    "county_office": ADMIN_ONLY
    | BULK
    | STATFEED
    | EVALUATION
    | SCHEMES
    | OBJECTIONS_PROVINCE
    | {"adjudication:index", "adjudication:application", "objections:calendar"},
    "evaluator": ADMIN_ONLY
    | TASKS
    | {"cockpit:dashboard", "documents:import", "review:progress", "review:section"},
    "expert": ADMIN_ONLY
    | BULK
    | STATFEED
    | COCKPIT
    | SCHEMES
    | TASKS
    | OBJECTIONS
    | {"documents:import", "documents:job", "review:progress", "review:section"},
    "admin": OBJECTIONS_PROVINCE | {"documents:import"},
}

# pages the role may open whose help link deliberately shows the role's general page
FALLBACK: dict[str, frozenset[str]] = {
    "clerk": frozenset(),
    "county_office": frozenset(),
    # a county's review of one department: the county's business, read-only to the province
    "evaluator": frozenset({"review:diff"}),
    # read-only to experts, outside their scoring work
    "expert": EVALUATION | {"adjudication:county_view", "review:diff"},
    "admin": frozenset(),
}

ROLES = ("clerk", "county_office", "evaluator", "expert", "admin")


def url_names() -> list[str]:
    """Return every named URL of the project as namespace:name."""

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
            elif p.name:
                yield prefix + p.name

    return sorted(set(walk(get_resolver().url_patterns, "")))


def pages() -> list[str]:
    """Return the URL names that show a page with the top bar (so with the help link)."""
    return [n for n in url_names() if n not in NOT_PAGES and not n.startswith(OTHER_SITES)]
