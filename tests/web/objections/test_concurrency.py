"""Objections written at the same time, on PostgreSQL (READ COMMITTED): the campaign's row lock
numbers them one by one, a double click files one, and the final list sees every objection."""

from __future__ import annotations

import pytest

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import actions as evaluation
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.objections import actions
from qcounty.web.objections.models import Objection
from tests.web.conftest import World
from tests.web.objections.conftest import claim
from tests.web.threads import BLOCKED, WAIT, Writer, meet, pause, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    postgresql_only()


def test_two_objections_at_once_are_numbered_one_and_two(
    world: World,
    proposed: Publication,
    cohort: dict[str, Application],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meet(monkeypatch, actions, "_in_period")  # both read the last number, if nothing locks
    writers = together(
        lambda: actions.file_objection(claim(cohort["文登区"]), [], world.rongcheng_office, "a"),
        lambda: actions.file_objection(claim(cohort["德城区"]), [], world.rongcheng_office, "b"),
    )
    assert [w.error for w in writers] == [None, None]
    assert sorted(Objection.objects.values_list("number", flat=True)) == [1, 2]


def test_a_double_click_at_once_files_one_objection(
    world: World,
    proposed: Publication,
    cohort: dict[str, Application],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meet(monkeypatch, actions, "_in_period")
    writers = together(
        *[
            lambda: actions.file_objection(
                claim(cohort["文登区"]), [], world.rongcheng_office, "same"
            )
        ]
        * 2
    )
    assert [w.error for w in writers] == [None, None]
    assert writers[0].result.pk == writers[1].result.pk
    assert Objection.objects.count() == 1


def test_an_objection_sent_while_the_final_list_is_published_waits_and_is_refused(
    world: World,
    snapshot: CohortSnapshot,
    proposed: Publication,
    cohort: dict[str, Application],
    head: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the final list (the office head's override) stops after its checks, before it is stored
    reached, go = pause(monkeypatch, evaluation, "next_version")
    final = Writer(lambda: evaluation.publish(snapshot, "final", head, override_reason="提前"))
    final.start()
    assert reached.wait(WAIT)
    objection = Writer(
        lambda: actions.file_objection(claim(cohort["文登区"]), [], world.rongcheng_office, "x")
    )
    objection.start()
    objection.join(BLOCKED)
    waited = objection.is_alive()  # for the campaign's lock
    go.set()
    final.join(WAIT)
    objection.join(WAIT)
    assert waited and final.error is None
    assert isinstance(objection.error, actions.Refused)
    assert "认定名单已经公布" in str(objection.error)
    assert not Objection.objects.exists()
