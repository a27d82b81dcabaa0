"""The web benchmark's in-process part (run by benchmarks/web.py with the server's environment).

`python benchmarks/web_django.py pages OUT.json`: log in as each demo role with Django's test
client, crawl the pages reachable from the home page (links and htmx GETs, one instance per
route), and time each route (first request, then the median of warm repeats) with its query
count and size; then return every submitted section to its department (a deadline day: every
clerk of the county filling in) and write what the load generator needs: the application, each
clerk with the numeric fields only they save (a valid value range, the version now stored).
With BENCH_SPREAD set (see `spread_savers`), the savers are spread over that many more draft
applications, each with its own county and clerk, instead of the demo's one application.
`python benchmarks/web_django.py audit SAVED.json OUT.json`: find the audit entry of every save
the server answered 已保存 (SAVED: the key and value of each), among the entries written since the
pages command ran.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcounty.web.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from qcounty.core.framework.inputs import CountInput, NumberInput, PercentInput  # noqa: E402
from qcounty.web.accounts.models import User  # noqa: E402
from qcounty.web.campaigns.models import Application  # noqa: E402
from qcounty.web.campaigns.synthetic import fill_campaign  # noqa: E402
from qcounty.web.demo import _demo_password_hash  # noqa: E402
from qcounty.web.organisations.models import Organisation, UnitAssignment  # noqa: E402
from qcounty.web.reporting import access  # noqa: E402
from qcounty.web.reporting.models import InputValue  # noqa: E402
from qcounty.web.review.actions import transition_section  # noqa: E402
from qcounty.web.review.models import AuditEntry, Section  # noqa: E402

ROLES = {"clerk": "wendeng-market-supervision", "office": "wendeng-office", "province": "province"}
WARM = 3
MAX_PAGES = 60  # per role: the crawl stops there
# never followed: leaving, downloads (documents are the other targets), the admin
SKIP = re.compile(
    r"^/(accounts/logout|admin/)|\.(docx|xlsx|pdf|zip|json|yaml|csv)$|/download/|^/evidence/\d+/$"
)
LINK = re.compile(r'\b(href|hx-get)="(/[^"#]*)"')


def links(html: str) -> list[tuple[str, bool]]:
    """Return the site's GET links of a page, each with whether htmx asks for it."""
    out = []
    for attribute, url in LINK.findall(html):
        url = url.replace("&amp;", "&")
        if not SKIP.search(url.split("?")[0]) and not url.startswith("/static/"):
            out.append((url, attribute == "hx-get"))
    return out


def route(url: str) -> str | None:
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return None
    return match.view_name


def timed(client: Client, url: str, htmx: bool) -> tuple[float, int, int, bytes]:
    headers = {"HX-Request": "true"} if htmx else {}
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        elapsed = time.perf_counter() - start
    return elapsed, len(queries), response.status_code, response.content


def crawl(role: str, username: str) -> list[dict[str, Any]]:
    """Time one instance of every route the user reaches from the home page."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    queue: list[tuple[str, bool]] = [("/", False)]
    seen_routes: set[str] = set()
    pages = []
    while queue and len(pages) < MAX_PAGES:
        url, htmx = queue.pop(0)
        name = route(url)
        if name is None or name in seen_routes:
            continue
        seen_routes.add(name)
        first, _, status, body = timed(client, url, htmx)
        warm = [timed(client, url, htmx) for _ in range(WARM)]
        pages.append(
            {
                "role": role,
                "route": name,
                "url": url,
                "htmx": htmx,
                "status": status,
                "bytes": len(body),
                "first_ms": first * 1000,
                "warm_ms": statistics.median(w[0] for w in warm) * 1000,
                "queries": warm[-1][1],
            }
        )
        if (status == 200 and not htmx) or status == 200:
            queue.extend(links(body.decode("utf-8", errors="replace")))
    return pages


def login_page() -> dict[str, Any]:
    client = Client()
    first, _, status, body = timed(client, "/accounts/login/", False)
    warm = [timed(client, "/accounts/login/", False) for _ in range(WARM)]
    return {
        "role": "anonymous",
        "route": "accounts:login",
        "url": "/accounts/login/",
        "htmx": False,
        "status": status,
        "bytes": len(body),
        "first_ms": first * 1000,
        "warm_ms": statistics.median(w[0] for w in warm) * 1000,
        "queries": warm[-1][1],
    }


def save_keys(clerk: User, application: Application) -> list[dict[str, Any]]:
    """Return the numeric keys this clerk may save now, with a range of valid values."""
    editable = access.editable_keys(clerk, application)
    versions = dict(
        InputValue.objects.filter(application=application).values_list("key", "version")
    )
    keys = []
    for spec in application.campaign.framework.inputs():
        if spec.key not in editable:
            continue
        if isinstance(spec, CountInput):
            kind = "int"
        elif isinstance(spec, PercentInput | NumberInput):
            kind = "number"
        else:
            continue
        low = getattr(spec, "min", None)
        high = getattr(spec, "max", None)
        keys.append(
            {
                "key": spec.key,
                "kind": kind,
                "low": 0 if low is None else low,
                "high": 100 if isinstance(spec, PercentInput) else (high or 100_000),
                "version": versions.get(spec.key, 0),
            }
        )
    return keys


def open_every_section(application: Application) -> None:
    """Return every submitted section to its department, as the office does: all clerks fill in.

    The demo has one department still filling in (market supervision, 23 numeric fields); a
    deadline day has every department of the county saving its own fields at once.
    """
    office = User.objects.get(username=ROLES["office"])
    for section in Section.objects.filter(
        application=application, status__in=[Section.Status.SUBMITTED, Section.Status.RESUBMITTED]
    ):
        transition_section(section, "return_section", office, reason="截止日前各部门同时补充填报")


def spread_count() -> int:
    """Return how many draft applications BENCH_SPREAD asks for (0: the demo's one only).

    BENCH_SPREAD=1: one per concurrent saver (BENCH_CONNECTIONS, 50); a larger number: that many.
    """
    n = int(os.environ.get("BENCH_SPREAD", "0") or 0)
    return int(os.environ.get("BENCH_CONNECTIONS", "50")) if n == 1 else n


def spread_savers(application: Application, n: int) -> list[dict[str, Any]]:
    """Return one saver per new draft application of the campaign, each her own county's only
    clerk: a province's deadline spreads saves over its counties (136 in Shandong), not one
    application's row lock as the demo's county does.

    The applications come with synthetic values (`campaigns.synthetic.fill_campaign`, made
    drafts); each county gets one department answering for every unit, and its clerk.
    """
    campaign = application.campaign
    before = set(campaign.applications.values_list("pk", flat=True))
    fill_campaign(campaign, n, seed=12)
    added = list(
        campaign.applications.exclude(pk__in=before).select_related("county").order_by("pk")
    )
    Application.objects.filter(pk__in=[a.pk for a in added]).update(status=Application.Status.DRAFT)
    framework = campaign.framework
    units = sorted({u for x in framework.inputs() for u in _units_of(framework, x.key)})
    password = _demo_password_hash()  # hashed once: 50 hashes would take the run's first minute
    out = []
    for a in added:
        a.status = Application.Status.DRAFT
        if UnitAssignment.objects.filter(county=a.county, framework_id=framework.id).exists():
            continue  # a real county of the demo's, with its own departments: left as it is
        department = Organisation.objects.create(
            kind=Organisation.Kind.DEPARTMENT, name=f"{a.county.name}市场监管局", parent=a.county
        )
        UnitAssignment.objects.bulk_create(
            UnitAssignment(
                county=a.county, framework_id=framework.id, unit_id=u, department=department
            )
            for u in units
        )
        clerk = User.objects.create(
            username=f"bench-clerk-{a.pk}",
            role=User.Role.CLERK,
            organisation=department,
            full_name=f"{a.county.name}填报员",
            password=password,
        )
        keys = save_keys(clerk, a)
        if keys:
            out.append({"username": clerk.username, "application": a.pk, "keys": keys[:8]})
    return out


def _units_of(framework: Any, key: str) -> frozenset[str]:
    from qcounty.web.review.sections import owner_of

    owner = owner_of(framework, key)
    return owner.units if owner is not None else frozenset()


def savers(application: Application) -> list[dict[str, Any]]:
    """Return each clerk of the county with the numeric fields they alone save (a field two
    departments share goes to the first), so that no two simulated clerks save one field."""
    out, taken = [], set()
    clerks = User.objects.filter(
        role=User.Role.CLERK, organisation__parent_id=application.county_id
    ).order_by("pk")
    for clerk in clerks:
        keys = [k for k in save_keys(clerk, application) if k["key"] not in taken]
        taken.update(k["key"] for k in keys)
        if keys:
            out.append({"username": clerk.username, "keys": keys})
    return out


def pages_command(out: Path) -> None:
    clerk = User.objects.get(username=ROLES["clerk"])
    # the demo's open application (the cockpit's history holds earlier years' applications)
    application = (
        Application.objects.filter(county_id=clerk.county.pk)  # type: ignore[union-attr]
        .order_by("-campaign__evaluation_year")
        .first()
    )
    assert application is not None, "load the demo first"
    pages = [login_page()]
    for role, username in ROLES.items():
        pages.extend(crawl(role, username))
    open_every_section(application)  # after the crawl: the pages as the demo has them
    spread = spread_count()
    result = {
        "application": application.pk,
        "roles": ROLES,
        "savers": spread_savers(application, spread) if spread else savers(application),
        "audit_before": audit_count(),
        "pages": pages,
    }
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


def audit_count() -> dict[str, int]:
    """Return how many value changes are audited, and the last entry's id."""
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.VALUE)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"values": entries.count(), "last_id": last or 0}


def audit_command(saved: Path, out: Path) -> None:
    """Write how many answered saves have their audit entry, and how many entries there are."""
    data = json.loads(saved.read_text())
    entries: dict[str, set[float]] = {}
    written = AuditEntry.objects.filter(action=AuditEntry.Action.VALUE, pk__gt=data["after_id"])
    for key, new in written.values_list("key", "new"):
        entries.setdefault(key, set()).add(float(new))
    missing = [
        (key, value) for key, value in data["saved"] if float(value) not in entries.get(key, ())
    ]
    result = {
        "answered": len(data["saved"]),
        "entries": sum(len(v) for v in entries.values()),
        "entries_total": written.count(),
        "missing": missing[:20],
        "missing_count": len(missing),
    }
    out.write_text(json.dumps(result))


def main() -> None:
    command = sys.argv[1]
    if command == "pages":
        pages_command(Path(sys.argv[2]))
    elif command == "audit":
        audit_command(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        raise SystemExit(f"unknown command {command!r}: pages or audit")


if __name__ == "__main__":
    main()
