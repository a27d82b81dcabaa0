"""The office's review actions sent twice at once (a double click) or by two people, on
PostgreSQL, in real threads with their own connections: each change is made and logged once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qcounty.web.review import actions
from qcounty.web.review.models import AuditEntry, Section
from tests.web.conftest import World
from tests.web.review.conftest import Sections
from tests.web.threads import client_of, meet, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)
S = Section.Status
Action = AuditEntry.Action


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    postgresql_only()


@pytest.fixture
def submitted(world: World, sections: Sections) -> Sections:
    """Both sections submitted for the first time."""
    Section.objects.filter(pk__in=[sections.market.pk, sections.statistics.pk]).update(
        status=S.SUBMITTED
    )
    return sections


def _statuses(world: World) -> list[str]:
    return list(
        Section.objects.filter(application=world.application).values_list("status", flat=True)
    )


def _entries(world: World, action: str, name: str) -> int:
    return AuditEntry.objects.filter(
        application=world.application, action=action, name=name
    ).count()


def test_a_double_click_on_accept_all_accepts_each_section_once_and_refuses_nothing(
    world: World, submitted: Sections, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = reverse("review:accept_submitted", args=[world.application.pk])
    # each request has found the waiting sections before either accepts one, if it can
    meet(monkeypatch, actions, "transition_section")
    first, second = together(
        lambda: client_of(world.office).post(url, follow=True),
        lambda: client_of(world.office).post(url, follow=True),
    )
    assert first.error is None and second.error is None
    assert set(_statuses(world)) == {S.ACCEPTED}
    assert _entries(world, Action.STATE, "accept_section") == 2
    assert not AuditEntry.objects.filter(action=Action.REFUSED).exists()
    pages = sorted(w.result.content.decode() for w in (first, second))
    assert sum("已接收 2 个部门的填报" in p for p in pages) == 1
    assert sum("已接收 0 个部门的填报" in p for p in pages) == 1


def test_accept_all_while_one_section_is_accepted_alone_neither_deadlocks_nor_repeats(
    world: World, submitted: Sections, monkeypatch: pytest.MonkeyPatch
) -> None:
    all_url = reverse("review:accept_submitted", args=[world.application.pk])
    one_url = reverse("review:section_action", args=[submitted.market.pk, "accept"])
    meet(monkeypatch, actions, "transition_section")
    first, second = together(
        lambda: client_of(world.office).post(all_url),
        lambda: client_of(world.office).post(one_url),
    )
    assert first.error is None and second.error is None
    assert [w.result.status_code for w in (first, second)] == [302, 302]
    assert set(_statuses(world)) == {S.ACCEPTED}
    assert _entries(world, Action.STATE, "accept_section") == 2


def test_a_double_click_on_grant_extension_grants_it_once(world: World, sections: Sections) -> None:
    url = reverse("review:extension", args=[sections.market.pk])
    until = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    form = {"until": until, "reason": "人员出差"}
    first, second = together(
        lambda: client_of(world.office).post(url, form),
        lambda: client_of(world.office).post(url, form),
    )
    assert first.error is None and second.error is None
    sections.market.refresh_from_db()
    assert sections.market.extended_until == dt.date.fromisoformat(until)
    assert _entries(world, Action.EXTENSION, "grant_extension") == 1
    assert not AuditEntry.objects.filter(action=Action.REFUSED).exists()
