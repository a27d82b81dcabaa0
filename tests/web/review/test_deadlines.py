"""The department deadline: after it a section cannot be submitted, unless the county office
extended it (with a reason, recorded), and then only until the extension's date."""

from __future__ import annotations

import datetime as dt

import pytest

from qcounty.web.campaigns.models import Application
from qcounty.web.review.actions import (
    NotAllowed,
    Refused,
    grant_extension,
    transition_application,
    transition_section,
)
from qcounty.web.review.models import AuditEntry, Section
from tests.web.conftest import World
from tests.web.review.conftest import (
    DEADLINE,
    ROLES,
    Sections,
    complete,
    put,
    put_application,
    user_of,
)

S = Section.Status
DAY = dt.timedelta(days=1)
EXTENDED = DEADLINE + dt.timedelta(days=10)
LATE = DEADLINE + DAY  # the day after the deadline, when extensions are asked for


def test_a_section_can_be_submitted_on_the_deadline_itself(
    world: World, sections: Sections
) -> None:
    complete(sections.market)
    moved = transition_section(
        sections.market, "submit_section", world.market_clerk, today=DEADLINE
    )
    assert moved.status == S.SUBMITTED


def test_after_the_deadline_a_submission_is_refused(world: World, sections: Sections) -> None:
    complete(sections.market)
    with pytest.raises(Refused, match="已过部门填报截止日期（2023-03-31）"):
        transition_section(
            sections.market, "submit_section", world.market_clerk, today=DEADLINE + DAY
        )
    assert Section.objects.get(pk=sections.market.pk).status == S.DRAFT
    refusal = AuditEntry.objects.get()
    assert (refusal.action, refusal.user, refusal.name) == (
        AuditEntry.Action.REFUSED,
        world.market_clerk,
        "submit_section",
    )
    assert "已过部门填报截止日期" in refusal.reason


def test_the_deadline_is_told_before_what_is_missing(world: World, sections: Sections) -> None:
    with pytest.raises(Refused, match="已过部门填报截止日期"):
        transition_section(sections.market, "submit_section", world.office, today=DEADLINE + DAY)


def test_an_extension_lets_the_section_through_until_its_date(
    world: World, sections: Sections
) -> None:
    complete(sections.market)
    section = grant_extension(
        sections.market, world.office, EXTENDED, "部门人员调整，需补充材料", today=LATE
    )
    assert Section.objects.get(pk=section.pk).extended_until == EXTENDED
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.section, entry.new, entry.reason) == (
        AuditEntry.Action.EXTENSION,
        world.office,
        section,
        EXTENDED.isoformat(),
        "部门人员调整，需补充材料",
    )

    with pytest.raises(Refused, match="已过部门填报截止日期"):
        transition_section(section, "submit_section", world.market_clerk, today=EXTENDED + DAY)
    moved = transition_section(section, "submit_section", world.market_clerk, today=EXTENDED)
    assert moved.status == S.SUBMITTED


def test_an_extension_is_only_for_the_section_it_was_granted_to(
    world: World, sections: Sections
) -> None:
    complete(sections.statistics)
    grant_extension(sections.market, world.office, EXTENDED, "部门人员调整", today=LATE)
    with pytest.raises(Refused, match="已过部门填报截止日期"):
        transition_section(
            sections.statistics, "submit_section", world.statistics_clerk, today=DEADLINE + DAY
        )


def test_an_extension_also_lets_a_returned_section_be_resubmitted(
    world: World, sections: Sections
) -> None:
    complete(sections.market)
    section = put(sections.market, S.RETURNED)
    grant_extension(section, world.office, EXTENDED, "退回后补正", today=LATE)
    moved = transition_section(
        section, "resubmit_section", world.market_clerk, today=DEADLINE + DAY
    )
    assert moved.status == S.RESUBMITTED


@pytest.mark.parametrize("role", [r for r in ROLES if r != "office"])
def test_only_the_countys_office_may_grant_an_extension(
    world: World, sections: Sections, role: str
) -> None:
    user = user_of(world, role)
    with pytest.raises(NotAllowed):
        grant_extension(sections.market, user, EXTENDED, "请求延期", today=LATE)
    assert Section.objects.get(pk=sections.market.pk).extended_until is None
    refusal = AuditEntry.objects.get()
    assert (refusal.action, refusal.user, refusal.name) == (
        AuditEntry.Action.REFUSED,
        user,
        "grant_extension",
    )


@pytest.mark.parametrize("reason", ["", "  \u3000"])
def test_an_extension_needs_a_reason(world: World, sections: Sections, reason: str) -> None:
    with pytest.raises(Refused, match="请填写理由"):
        grant_extension(sections.market, world.office, EXTENDED, reason, today=LATE)
    assert Section.objects.get(pk=sections.market.pk).extended_until is None
    assert AuditEntry.objects.get().action == AuditEntry.Action.REFUSED


def test_the_deadline_does_not_stop_the_office_returning_or_accepting(
    world: World, sections: Sections
) -> None:
    # the deadline is the departments'; the office reviews after it (today defaults to now)
    section = put(sections.market, S.SUBMITTED)
    section = transition_section(section, "return_section", world.office, reason="请补充")
    assert section.status == S.RETURNED
    put(section, S.RESUBMITTED)
    assert transition_section(section, "accept_section", world.office).status == S.ACCEPTED


def test_an_extension_cannot_end_before_today(world: World, sections: Sections) -> None:
    with pytest.raises(Refused, match="延期日期不能早于今天"):
        grant_extension(sections.market, world.office, LATE, "补充材料", today=LATE + DAY)
    assert Section.objects.get(pk=sections.market.pk).extended_until is None
    assert AuditEntry.objects.get().action == AuditEntry.Action.REFUSED
    section = grant_extension(sections.market, world.office, LATE, "补充材料", today=LATE)
    assert section.extended_until == LATE


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED])
def test_only_a_section_still_being_filled_in_can_be_extended(
    world: World, sections: Sections, status: str
) -> None:
    section = put(sections.market, status)
    with pytest.raises(Refused, match="只有填报中或已退回的部门可以延期"):
        grant_extension(section, world.office, EXTENDED, "补充材料", today=LATE)
    assert Section.objects.get(pk=section.pk).extended_until is None
    assert AuditEntry.objects.get().action == AuditEntry.Action.REFUSED


def test_no_section_is_extended_while_the_province_has_the_application(
    world: World, sections: Sections
) -> None:
    put_application(world.application, Application.Status.SUBMITTED)
    with pytest.raises(Refused, match="只有填报中或已退回的部门可以延期"):
        grant_extension(sections.market, world.office, EXTENDED, "补充材料", today=LATE)
    assert Section.objects.get(pk=sections.market.pk).extended_until is None


def test_the_office_cannot_submit_the_application_after_the_application_deadline(
    world: World, ready
) -> None:
    """The province's deadline binds the first submission; a returned application may return."""
    late = world.campaign.application_deadline + DAY
    with pytest.raises(Refused, match="已过申报截止日期"):
        transition_application(world.application, "submit_application", world.office, today=late)
    on_time = world.campaign.application_deadline
    submitted = transition_application(
        world.application, "submit_application", world.office, today=on_time
    )
    assert submitted.status == Application.Status.SUBMITTED
    transition_application(
        submitted, "return_application", world.evaluator, reason="请补充佐证材料"
    )
    again = transition_application(
        world.application, "submit_application", world.office, today=late
    )
    assert again.status == Application.Status.SUBMITTED
