"""The final list waits for the 公示: the period's end and every objection answered, unless the
office head overrides it with a recorded reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from qcounty.web.accounts.models import User
from qcounty.web.evaluation.actions import Refused, publish
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.objections import actions
from qcounty.web.objections.models import FinalListOverride, Objection
from tests.web.conftest import World
from tests.web.objections.conftest import END

pytestmark = pytest.mark.django_db


def test_the_final_list_is_refused_while_the_period_runs(
    world: World, snapshot: CohortSnapshot, proposed: Publication, today: Callable[..., None]
) -> None:
    today(END)
    with pytest.raises(Refused, match="公示期至2026年12月11日结束，尚未期满"):
        publish(snapshot, "final", world.evaluator)
    today(END + dt.timedelta(days=1))
    assert publish(snapshot, "final", world.evaluator).kind == "final"


def test_the_final_list_is_refused_while_an_objection_is_open(
    world: World, snapshot: CohortSnapshot, filed: Objection, today: Callable[..., None]
) -> None:
    today(END + dt.timedelta(days=3))
    with pytest.raises(Refused, match="尚有 1 件异议未办结（第1号）"):
        publish(snapshot, "final", world.evaluator)
    objection = actions.start_check(
        filed, world.evaluator, END + dt.timedelta(days=5), world.evaluator
    )
    objection = actions.conclude(objection, False, "口号已审定", world.evaluator)
    actions.answer(objection, "不成立。", world.evaluator)
    assert publish(snapshot, "final", world.evaluator).version == 1


def test_only_the_office_head_overrides_and_the_override_is_recorded(
    world: World,
    snapshot: CohortSnapshot,
    filed: Objection,
    head: User,
    today: Callable[..., None],
) -> None:
    with pytest.raises(Refused, match="只有省质量强省办负责人"):
        publish(snapshot, "final", world.evaluator, override_reason="领导同意")
    with pytest.raises(Refused, match="请由负责人填写提前发布的理由"):
        publish(snapshot, "final", head)
    assert not Publication.objects.filter(kind="final").exists()
    final = publish(snapshot, "final", head, override_reason="省政府要求提前公布")
    override = FinalListOverride.objects.get()
    assert final.kind == "final"
    assert override.decided_by == head and override.open_objections == [1]
    assert override.period_end == END and override.reason == "省政府要求提前公布"


def test_after_the_final_list_no_objection_is_received(
    world: World,
    snapshot: CohortSnapshot,
    proposed: Publication,
    head: User,
    cohort: Any,
) -> None:
    publish(snapshot, "final", head, override_reason="提前公布")
    with pytest.raises(actions.Refused, match="认定名单已经公布"):
        actions.file_objection(
            actions.Claim(cohort["文登区"], 1, "", "有误"), [], world.rongcheng_office, "t"
        )
    assert not Objection.objects.exists()
