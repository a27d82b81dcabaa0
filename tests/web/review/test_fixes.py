"""Behaviour fixed after the first review: mail headers, bulk audit writes, late resubmission."""

from __future__ import annotations

import pytest
from django.core import mail

from qcounty.web.review.actions import Refused, transition_section
from qcounty.web.review.models import AuditEntry, Notification, Section
from tests.web.conftest import World
from tests.web.review.conftest import Sections, complete
from tests.web.review.test_deadlines import DAY, DEADLINE

S = Section.Status


def test_a_reason_on_several_lines_returns_the_section_and_mails_everyone(
    world: World, sections: Sections, django_capture_on_commit_callbacks
) -> None:
    complete(sections.market)
    world.market_clerk.email = "clerk@wendeng.example"
    world.market_clerk.save()
    transition_section(sections.market, "submit_section", world.market_clerk, today=DEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(sections.market, "return_section", world.office, reason="第一点\n第二点")
    assert Section.objects.get(pk=sections.market.pk).status == S.RETURNED
    assert Notification.objects.filter(user=world.market_clerk, kind="returned").count() == 1
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject
    assert "第一点\n第二点" in mail.outbox[0].body


def test_the_audit_trail_refuses_bulk_updates_and_deletes(world: World, sections: Sections) -> None:
    complete(sections.market)
    transition_section(sections.market, "submit_section", world.market_clerk, today=DEADLINE)
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(reason="改写")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 1


def test_a_section_returned_after_the_deadline_can_be_resubmitted_without_an_extension(
    world: World, sections: Sections
) -> None:
    complete(sections.market)
    transition_section(sections.market, "submit_section", world.market_clerk, today=DEADLINE)
    transition_section(sections.market, "return_section", world.office, reason="请补充材料")
    late = DEADLINE + 5 * DAY
    with pytest.raises(Refused):
        transition_section(
            sections.statistics, "submit_section", world.statistics_clerk, today=late
        )
    moved = transition_section(sections.market, "resubmit_section", world.market_clerk, today=late)
    assert moved.status == S.RESUBMITTED
