"""The review workflow's rules: who may move a section or an application from which state to
which, what a refusal leaves behind, and that an accepted application cannot be changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.actions import remove_evidence, store_evidence
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import actions as reporting
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.actions import (
    NotAllowed,
    Refused,
    transition_application,
    transition_section,
)
from qcounty.web.review.models import AuditEntry, Notification, ReturnNote, Section
from qcounty.web.review.sections import section_inputs
from tests.web.conftest import PDF, World, framework
from tests.web.review.conftest import (
    BEFORE_DEADLINE,
    ROLES,
    Sections,
    complete,
    fill,
    gates,
    put,
    put_application,
    scored,
    user_of,
)

S = Section.Status
A = Application.Status

Rules = dict[str, tuple[set[str], str, set[str]]]

# the workflow as specified: action → (from which states, to which state, who may)
SECTION_RULES: Rules = {
    "submit_section": ({S.DRAFT}, S.SUBMITTED, {"office", "clerk"}),
    "resubmit_section": ({S.RETURNED}, S.RESUBMITTED, {"office", "clerk"}),
    "return_section": ({S.SUBMITTED, S.RESUBMITTED}, S.RETURNED, {"office"}),
    "accept_section": ({S.SUBMITTED, S.RESUBMITTED}, S.ACCEPTED, {"office"}),
    "reopen_section": ({S.ACCEPTED}, S.RETURNED, {"office"}),
}
APPLICATION_RULES: Rules = {
    "submit_application": ({A.DRAFT, A.RETURNED}, A.SUBMITTED, {"office"}),
    "return_application": ({A.SUBMITTED}, A.RETURNED, {"evaluator"}),
    "accept_application": ({A.SUBMITTED}, A.ACCEPTED, {"evaluator"}),
    "reopen_application": ({A.ACCEPTED}, A.RETURNED, {"evaluator"}),
}
REASON = "第17项计量师人数与证明材料不符"


def expected(rules: Rules, action: str, role: str, state: str) -> str | type[Exception]:
    """Return the state the action leads to, or the exception it raises."""
    sources, target, roles = rules[action]
    if role not in roles:
        return NotAllowed
    if state not in sources:
        return Refused
    return target


def cases(rules: dict[str, Any], states: list[str]) -> list[Any]:
    return [
        pytest.param(action, role, state, id=f"{action}-{role}-{state}")
        for action in rules
        for role in ROLES
        for state in states
    ]


def last_id() -> int:
    entry = AuditEntry.objects.order_by("-id").first()
    return entry.pk if entry else 0


def entries_since(pk: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=pk).order_by("id"))


def section_snapshot(section: Section) -> tuple[Any, ...]:
    s = Section.objects.get(pk=section.pk)
    return (
        s.status,
        s.submitted_at,
        s.returned_at,
        s.accepted_at,
        s.times_returned,
        s.extended_until,
        Application.objects.get(pk=s.application_id).status,
        ReturnNote.objects.count(),
    )


# --- the tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "role", "state"), cases(SECTION_RULES, S.values))
def test_a_section_moves_only_as_the_workflow_allows(
    world: World,
    sections: Sections,
    django_capture_on_commit_callbacks: Callable[..., Any],
    action: str,
    role: str,
    state: str,
) -> None:
    complete(sections.market)
    section = put(sections.market, state)
    user = user_of(world, role)
    outcome = expected(SECTION_RULES, action, role, state)
    before, start = section_snapshot(section), last_id()

    if isinstance(outcome, str):
        moved = transition_section(section, action, user, reason=REASON, today=BEFORE_DEADLINE)
        assert moved.status == outcome
        assert Section.objects.get(pk=section.pk).status == outcome
        assert [
            (e.action, e.name, e.user, e.section, e.old, e.new, e.reason)
            for e in entries_since(start)
        ] == [(AuditEntry.Action.STATE, action, user, section, state, outcome, REASON)]
        return

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(outcome):
        transition_section(section, action, user, reason=REASON, today=BEFORE_DEADLINE)
    assert callbacks == []
    assert section_snapshot(section) == before
    assert [(e.action, e.name, e.user, e.section) for e in entries_since(start)] == [
        (AuditEntry.Action.REFUSED, action, user, section)
    ]
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("action", "role", "state"), cases(APPLICATION_RULES, A.values))
def test_an_application_moves_only_as_the_workflow_allows(
    world: World,
    ready: Application,
    django_capture_on_commit_callbacks: Callable[..., Any],
    action: str,
    role: str,
    state: str,
) -> None:
    application = put_application(ready, state)
    user = user_of(world, role)
    outcome = expected(APPLICATION_RULES, action, role, state)
    notes, start = ReturnNote.objects.count(), last_id()

    if isinstance(outcome, str):
        moved = transition_application(application, action, user, reason=REASON)
        assert moved.status == outcome
        assert Application.objects.get(pk=application.pk).status == outcome
        assert [
            (e.action, e.name, e.user, e.section, e.old, e.new, e.reason)
            for e in entries_since(start)
        ] == [(AuditEntry.Action.STATE, action, user, None, state, outcome, REASON)]
        return

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(outcome):
        transition_application(application, action, user, reason=REASON)
    assert callbacks == []
    assert Application.objects.get(pk=application.pk).status == state
    assert ReturnNote.objects.count() == notes
    assert set(application.sections.values_list("status", flat=True)) == {S.ACCEPTED}
    assert [(e.action, e.name, e.user, e.section) for e in entries_since(start)] == [
        (AuditEntry.Action.REFUSED, action, user, None)
    ]
    assert not Notification.objects.exists()


# --- reasons -------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\u3000\t\n"])
@pytest.mark.parametrize(
    ("action", "state", "role"),
    [
        ("return_section", S.SUBMITTED, "office"),
        ("reopen_section", S.ACCEPTED, "office"),
        ("return_application", A.SUBMITTED, "evaluator"),
        ("reopen_application", A.ACCEPTED, "evaluator"),
    ],
)
def test_returning_or_reopening_without_a_reason_is_refused(
    world: World,
    ready: Application,
    sections: Sections,
    action: str,
    state: str,
    role: str,
    reason: str,
) -> None:
    user = user_of(world, role)
    start = last_id()
    if action.endswith("_section"):
        section = put(sections.market, state)
        with pytest.raises(Refused, match="请填写理由"):
            transition_section(section, action, user, reason=reason)
        assert Section.objects.get(pk=section.pk).status == state
    else:
        application = put_application(ready, state)
        with pytest.raises(Refused, match="请填写理由"):
            transition_application(application, action, user, reason=reason)
        assert Application.objects.get(pk=application.pk).status == state
    assert not ReturnNote.objects.exists()
    assert [(e.action, e.name, e.user) for e in entries_since(start)] == [
        (AuditEntry.Action.REFUSED, action, user)
    ]


def test_the_reason_is_kept_without_surrounding_blanks_in_the_note_and_the_audit(
    world: World, sections: Sections
) -> None:
    section = put(sections.market, S.SUBMITTED)
    transition_section(section, "return_section", world.office, reason=f"  {REASON}\n")
    note = ReturnNote.objects.get()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.STATE)
    assert (note.reason, note.section, note.created_by) == (REASON, section, world.office)
    assert entry.reason == REASON


# --- what a submission needs ---------------------------------------------------------------


def test_submitting_a_section_with_inputs_missing_is_refused_with_their_number(
    world: World, sections: Sections
) -> None:
    left_out = complete(sections.market, leave_out=3)
    assert len(left_out) == 3
    with pytest.raises(Refused, match="还有 3 项未填报"):
        transition_section(
            sections.market, "submit_section", world.market_clerk, today=BEFORE_DEADLINE
        )
    assert Section.objects.get(pk=sections.market.pk).status == S.DRAFT
    refusal = AuditEntry.objects.get()
    assert (refusal.action, refusal.user) == (AuditEntry.Action.REFUSED, world.market_clerk)
    assert "还有 3 项未填报" in refusal.reason


def test_an_untouched_section_counts_every_scored_input_and_an_untouched_record_list(
    world: World, sections: Sections
) -> None:
    n = len(scored(section_inputs(sections.statistics)))
    with pytest.raises(Refused, match=f"还有 {n} 项未填报"):
        transition_section(
            sections.statistics, "submit_section", world.statistics_clerk, today=BEFORE_DEADLINE
        )
    complete(sections.market)
    InputValue.objects.filter(key="i14.standards").delete()  # neither records nor 无
    with pytest.raises(Refused, match="还有 1 项未填报"):
        transition_section(sections.market, "submit_section", world.office, today=BEFORE_DEADLINE)


def test_a_returned_section_is_resubmitted_only_when_complete(
    world: World, sections: Sections
) -> None:
    complete(sections.market, leave_out=1)
    section = put(sections.market, S.RETURNED)
    with pytest.raises(Refused, match="还有 1 项未填报"):
        transition_section(section, "resubmit_section", world.market_clerk, today=BEFORE_DEADLINE)
    complete(section)
    moved = transition_section(
        section, "resubmit_section", world.market_clerk, today=BEFORE_DEADLINE
    )
    assert moved.status == S.RESUBMITTED


def test_submitting_the_application_is_refused_while_a_section_is_not_accepted(
    world: World, ready: Application, sections: Sections
) -> None:
    put(sections.statistics, S.SUBMITTED)
    with pytest.raises(Refused, match=r"以下部门的填报尚未接收：区统计局$"):
        transition_application(ready, "submit_application", world.office)
    assert Application.objects.get(pk=ready.pk).status == A.DRAFT
    assert AuditEntry.objects.get().action == AuditEntry.Action.REFUSED


def test_submitting_the_application_is_refused_while_a_gate_is_missing(
    world: World, ready: Application
) -> None:
    # 安全事故 (emergency) belongs to no department of 文登区: only the office reports it
    InputValue.objects.filter(application=ready, key="veto.safety_accident").delete()
    with pytest.raises(Refused, match="前置指标或一票否决项尚未填报"):
        transition_application(ready, "submit_application", world.office)
    assert Application.objects.get(pk=ready.pk).status == A.DRAFT


def test_no_section_moves_while_the_province_has_the_application(
    world: World, ready: Application, sections: Sections
) -> None:
    put_application(ready, A.SUBMITTED)
    section = put(sections.market, S.SUBMITTED)
    for action in ("accept_section", "return_section"):
        with pytest.raises(Refused, match="申报已报省或已被接收"):
            transition_section(section, action, world.office, reason=REASON)
    assert Section.objects.get(pk=section.pk).status == S.SUBMITTED


def test_a_field_shared_with_an_accepted_section_is_not_returned_before_that_is_reopened(
    world: World, sections: Sections
) -> None:
    # i23.policy belongs to both 区市场监管局 and 区统计局
    put(sections.market, S.ACCEPTED)
    section = put(sections.statistics, S.SUBMITTED)
    with pytest.raises(Refused, match="该字段也属于已接收的部门（区市场监管局）"):
        transition_section(section, "return_section", world.office, reason=REASON, key="i23.policy")
    assert Section.objects.get(pk=section.pk).status == S.SUBMITTED
    assert not ReturnNote.objects.exists()
    # a field of its own is returned
    moved = transition_section(
        section, "return_section", world.office, reason=REASON, key="i31.rd_share"
    )
    assert moved.status == S.RETURNED
    assert ReturnNote.objects.get().key == "i31.rd_share"


# --- an accepted application cannot be changed, then reopening goes top-down --------------

STANDARD = {
    "scope": "national",
    "role": "lead_formulate",
    "title": "海参 干制品",
    "code": "GB/T 0000-2021",
    "date": "2021-06-30",
    "status": None,
    "drafters": None,
}


def accepted_through_the_workflow(world: World, sections: Sections) -> Application:
    """Walk 文登区's application through the whole workflow to 省级已接收 (sections complete)."""
    for section, clerk in [
        (sections.market, world.market_clerk),
        (sections.statistics, world.statistics_clerk),
    ]:
        transition_section(section, "submit_section", clerk, today=BEFORE_DEADLINE)
        transition_section(section, "return_section", world.office, reason=REASON)
        transition_section(section, "resubmit_section", clerk, today=BEFORE_DEADLINE)
        transition_section(section, "accept_section", world.office)
    fill(world.application, gates())
    transition_application(world.application, "submit_application", world.office)
    transition_application(world.application, "return_application", world.evaluator, reason=REASON)
    transition_application(world.application, "submit_application", world.office)
    application = transition_application(world.application, "accept_application", world.evaluator)
    assert application.status == A.ACCEPTED
    return application


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.usefixtures("evidence_root")
def test_after_acceptance_every_save_is_refused_by_the_actions(
    world: World, sections: Sections, make_evidence: Callable[..., Evidence]
) -> None:
    complete(sections.market)
    complete(sections.statistics)
    standards = framework().input_or_none("i14.standards")
    assert isinstance(standards, RecordsInput)
    record = Record.objects.create(application=world.application, key=standards.key, data=STANDARD)
    evidence = make_evidence(indicator=17)
    application = accepted_through_the_workflow(world, sections)
    values = list(InputValue.objects.order_by("key").values_list("key", "value", "version"))
    start = last_id()

    for user in (world.office, world.market_clerk, world.evaluator, world.admin):
        attempts: list[Callable[[], object]] = [
            lambda u=user: reporting.save_value(application, "i17.metrologists", 99, u),
            lambda u=user: reporting.save_value(application, "veto.safety_accident", True, u),
            lambda u=user: reporting.add_record(application, standards, STANDARD, u),
            lambda u=user: reporting.update_record(record, {**STANDARD, "title": "改"}, u),
            lambda u=user: reporting.delete_record(record, u),
            lambda u=user: reporting.declare_no_records(application, standards, u),
            lambda u=user: store_evidence(application, 17, pdf("新证明.pdf"), u),
            lambda u=user: remove_evidence(evidence, u),
        ]
        for attempt in attempts:
            with pytest.raises(PermissionDenied):
                attempt()

    assert list(InputValue.objects.order_by("key").values_list("key", "value", "version")) == values
    assert list(Record.objects.values_list("pk", "data")) == [(record.pk, STANDARD)]
    assert list(Evidence.objects.all()) == [evidence]
    assert entries_since(start) == []


@pytest.mark.usefixtures("evidence_root")
def test_after_acceptance_the_views_answer_403_even_to_a_replayed_save(
    world: World,
    sections: Sections,
    login: Callable[[User], Client],
    make_evidence: Callable[..., Evidence],
) -> None:
    complete(sections.market)
    complete(sections.statistics)
    a = world.application.pk
    save = reverse("reporting:save", args=[a, "i17.metrologists"])
    client = login(world.office)
    assert client.post(save, {"value": "9", "version": "1"}).status_code == 200
    record = Record.objects.create(
        application=world.application, key="i14.standards", data=STANDARD
    )
    evidence = make_evidence(indicator=17)
    accepted_through_the_workflow(world, sections)
    stored = InputValue.objects.get(key="i17.metrologists")
    assert (stored.value, stored.version) == (9, 2)

    posts: list[tuple[str, dict[str, Any]]] = [
        (save, {"value": "9", "version": "1"}),  # the very POST that worked
        (save, {"value": "10", "version": "2"}),
        (reverse("reporting:record_add", args=[a, "i14.standards"]), {"title": "新标准"}),
        (reverse("reporting:records_none", args=[a, "i15.organisations"]), {}),
        (reverse("reporting:record_update", args=[a, record.pk]), {"title": "改"}),
        (reverse("reporting:record_delete", args=[a, record.pk]), {}),
        (reverse("evidence:upload", args=[a, 17]), {"file": pdf("新证明.pdf")}),
        (reverse("evidence:remove", args=[evidence.pk]), {}),
    ]
    for user in (world.office, world.market_clerk):
        client = login(user)
        for url, data in posts:
            data = {k: pdf("新证明.pdf") if k == "file" else v for k, v in data.items()}
            assert client.post(url, data).status_code == 403, (user.username, url)

    stored.refresh_from_db()
    assert (stored.value, stored.version) == (9, 2)
    assert list(Record.objects.values_list("pk", flat=True)) == [record.pk]
    assert list(Evidence.objects.all()) == [evidence]


def test_reopening_goes_top_down_the_application_first_then_the_section(
    world: World, sections: Sections
) -> None:
    complete(sections.market)
    complete(sections.statistics)
    application = accepted_through_the_workflow(world, sections)

    with pytest.raises(Refused, match="申报已报省或已被接收"):
        transition_section(sections.market, "reopen_section", world.office, reason=REASON)

    application = transition_application(
        application, "reopen_application", world.evaluator, reason="请补充第17项证明材料"
    )
    assert application.status == A.RETURNED
    # the sections stay accepted, so still nobody can change their inputs
    for user in (world.market_clerk, world.office):
        with pytest.raises(PermissionDenied):
            reporting.save_value(application, "i17.metrologists", 99, user)

    section = transition_section(sections.market, "reopen_section", world.office, reason=REASON)
    assert section.status == S.RETURNED
    reporting.save_value(application, "i17.metrologists", 99, world.market_clerk)
    assert InputValue.objects.get(key="i17.metrologists").value == 99
    # 区统计局's section is still accepted: its inputs stay locked
    with pytest.raises(PermissionDenied):
        reporting.save_value(application, "i31.rd_share", 1.5, world.statistics_clerk)

    # back up the same way: resubmitted, accepted, the application submitted again
    transition_section(section, "resubmit_section", world.market_clerk, today=BEFORE_DEADLINE)
    transition_section(section, "accept_section", world.office)
    application = transition_application(application, "submit_application", world.office)
    assert application.status == A.SUBMITTED


def test_the_evaluator_may_not_reopen_a_section_nor_the_office_the_application(
    world: World, sections: Sections
) -> None:
    complete(sections.market)
    complete(sections.statistics)
    application = accepted_through_the_workflow(world, sections)
    with pytest.raises(NotAllowed):
        transition_section(sections.market, "reopen_section", world.evaluator, reason=REASON)
    with pytest.raises(NotAllowed):
        transition_application(application, "reopen_application", world.office, reason=REASON)
    assert Application.objects.get(pk=application.pk).status == A.ACCEPTED


def test_the_whole_workflow_leaves_one_state_entry_per_step(
    world: World, sections: Sections
) -> None:
    complete(sections.market)
    complete(sections.statistics)
    accepted_through_the_workflow(world, sections)
    steps = list(
        AuditEntry.objects.filter(action=AuditEntry.Action.STATE).values_list("name", "old", "new")
    )
    section_steps = [
        ("submit_section", S.DRAFT, S.SUBMITTED),
        ("return_section", S.SUBMITTED, S.RETURNED),
        ("resubmit_section", S.RETURNED, S.RESUBMITTED),
        ("accept_section", S.RESUBMITTED, S.ACCEPTED),
    ]
    assert steps == [
        *section_steps,
        *section_steps,
        ("submit_application", A.DRAFT, A.SUBMITTED),
        ("return_application", A.SUBMITTED, A.RETURNED),
        ("submit_application", A.RETURNED, A.SUBMITTED),
        ("accept_application", A.SUBMITTED, A.ACCEPTED),
    ]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED).exists()
