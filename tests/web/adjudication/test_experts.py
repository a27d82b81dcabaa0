"""Judged items: each expert scores, the evaluator reconciles (mean or a chosen score)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.effective import adjudicated_values
from qcounty.web.adjudication.estimates import estimates
from qcounty.web.adjudication.models import ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import AuditEntry, Notification
from tests.web.adjudication.conftest import post, put_status, text
from tests.web.conftest import World

MEDICAL = "i35.medical_score"
PLAN = "i08.plan"


def criterion(result: Any, criterion_id: str) -> float:
    return next(c.points for ind in result.indicators for c in ind.criteria if c.id == criterion_id)


def indicator(result: Any, number: int) -> float:
    return next(ind.points for ind in result.indicators if ind.number == number)


def test_two_experts_scores_reconciled_by_their_mean_give_the_medical_part_its_points(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    first, second = experts
    post(login(first), "score", submitted, MEDICAL, {"value": "0.5", "comment": "投诉较多"})
    post(login(second), "score", submitted, MEDICAL, {"value": "0.7", "comment": "质量安全事件少"})
    response = post(login(world.evaluator), "reconcile", submitted, MEDICAL, {"method": "mean"})
    assert "已汇总认定" in text(response)
    # (0.5 + 0.7) / 2 = 0.6; criterion 35.3 gives the experts' score as points (0–0.8)
    assert adjudicated_values(submitted)[MEDICAL] == pytest.approx(0.6)
    assert criterion(estimates(submitted).adjudicated, "35.3") == pytest.approx(0.6)
    reconciliation = Reconciliation.objects.get()
    assert reconciliation.method == "mean"
    assert [(s["expert"], s["value"], s["comment"]) for s in reconciliation.scores] == [
        ("expert-1", 0.5, "投诉较多"),
        ("expert-2", 0.7, "质量安全事件少"),
    ]
    entry = AuditEntry.objects.get(name="reconcile_scores")
    assert entry.new == pytest.approx(0.6) and "2 位专家" in entry.reason


def test_the_county_office_is_told_of_the_reconciliation_with_the_campaign_year(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    post(login(experts[0]), "score", submitted, MEDICAL, {"value": "0.5"})
    post(login(experts[1]), "score", submitted, MEDICAL, {"value": "0.7"})
    with django_capture_on_commit_callbacks(execute=True):
        post(login(world.evaluator), "reconcile", submitted, MEDICAL, {"method": "mean"})
    note = Notification.objects.get(user=world.office)
    # (0.5 + 0.7) / 2 = 0.6, for 文登区's application of the 2023 campaign
    assert (
        note.text == "省级专家评审认定了文登区2023年申报的“医疗领域服务质量评分”：0.6分（取平均值）"
    )


def test_the_page_shows_the_spread_of_the_experts_scores(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    post(login(experts[0]), "score", submitted, MEDICAL, {"value": "0.5"})
    post(login(experts[1]), "score", submitted, MEDICAL, {"value": "0.7"})
    page = text(
        login(world.evaluator).get(
            reverse("adjudication:application", args=[submitted.pk]) + "?indicator=35"
        )
    )
    # lowest 0.5, highest 0.7, mean 0.6, population standard deviation |0.7 − 0.6| = 0.1
    assert '2 位专家：最低 0.5，最高 0.7，平均 <span class="mean">0.6</span>，标准差 0.1' in page


def test_scoring_again_keeps_the_earlier_score_and_the_latest_counts(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    first, second = experts
    expert = login(first)
    post(expert, "score", submitted, MEDICAL, {"value": "0.3"})
    post(expert, "score", submitted, MEDICAL, {"value": "0.5"})
    post(login(second), "score", submitted, MEDICAL, {"value": "0.7"})
    assert ExpertScore.objects.filter(expert=first).count() == 2
    post(login(world.evaluator), "reconcile", submitted, MEDICAL, {"method": "mean"})
    # the latest of expert-1 (0.5, not 0.3) with expert-2's 0.7: (0.5 + 0.7) / 2 = 0.6
    assert adjudicated_values(submitted)[MEDICAL] == pytest.approx(0.6)


def test_a_chosen_score_settles_a_choice_item(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    post(login(experts[0]), "score", submitted, PLAN, {"value": "implemented"})
    post(login(experts[1]), "score", submitted, PLAN, {"value": "policy_only"})
    chosen = ExpertScore.objects.get(expert=experts[1])
    evaluator = login(world.evaluator)
    response = post(evaluator, "reconcile", submitted, PLAN, {"method": "mean"})
    assert "不是数值，不能取平均值" in text(response)
    post(
        evaluator,
        "reconcile",
        submitted,
        PLAN,
        {"method": "chosen", "score": str(chosen.pk), "note": "落实材料不足"},
    )
    assert adjudicated_values(submitted)[PLAN] == "policy_only"
    # item 8: 仅有政策文件，未落实 → 1 point (有效落实 would be 2)
    assert indicator(estimates(submitted).adjudicated, 8) == pytest.approx(1.0)
    reconciliation = Reconciliation.objects.get()
    assert reconciliation.method == "chosen" and reconciliation.note == "落实材料不足"
    assert {s["value"] for s in reconciliation.scores} == {"implemented", "policy_only"}


def test_only_a_latest_score_can_be_chosen(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    expert = login(experts[0])
    post(expert, "score", submitted, PLAN, {"value": "implemented"})
    earlier = ExpertScore.objects.get()
    post(expert, "score", submitted, PLAN, {"value": "none"})
    evaluator = login(world.evaluator)
    for score in (str(earlier.pk), "999999", ""):
        response = post(
            evaluator, "reconcile", submitted, PLAN, {"method": "chosen", "score": score}
        )
        assert "请选定一位专家的评分" in text(response)
    assert not Reconciliation.objects.exists()


def test_nothing_to_reconcile_before_any_expert_scored(
    world: World, submitted: Application, login: Callable[[User], Client]
) -> None:
    response = post(login(world.evaluator), "reconcile", submitted, MEDICAL, {"method": "mean"})
    assert "还没有专家对该项评分" in text(response)
    assert not Reconciliation.objects.exists()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (MEDICAL, "0.9", "应在 0–0.8分 之间"),
        (MEDICAL, "", "请填写评分"),
        ("i17.metrologists", "5", "不是需要专家评判的项目"),
        ("i99.nothing", "1", "没有这一字段"),
    ],
)
def test_a_wrong_expert_score_is_refused_in_chinese(
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    key: str,
    value: str,
    message: str,
) -> None:
    response = post(login(experts[0]), "score", submitted, key, {"value": value})
    assert message in text(response)
    assert not ExpertScore.objects.exists()


def test_an_expert_sees_only_their_own_scores(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    post(
        login(experts[0]), "score", submitted, MEDICAL, {"value": "0.5", "comment": "专家一的评语"}
    )
    post(
        login(experts[1]), "score", submitted, MEDICAL, {"value": "0.7", "comment": "专家二的评语"}
    )
    url = reverse("adjudication:application", args=[submitted.pk]) + "?indicator=35"
    page = text(login(experts[0]).get(url))
    assert "专家一的评语" in page and "专家二的评语" not in page
    page = text(login(world.evaluator).get(url))
    assert "专家一的评语" in page and "专家二的评语" in page


def test_a_later_expert_score_marks_the_reconciliation_out_of_date(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    post(login(experts[0]), "score", submitted, MEDICAL, {"value": "0.5"})
    evaluator = login(world.evaluator)
    post(evaluator, "reconcile", submitted, MEDICAL, {"method": "mean"})
    response = post(login(experts[1]), "score", submitted, MEDICAL, {"value": "0.7"})
    assert response.status_code == 200
    evaluator = login(world.evaluator)  # one test client: log the evaluator in again
    page = text(
        evaluator.get(reverse("adjudication:application", args=[submitted.pk]) + "?indicator=35")
    )
    assert "汇总认定之后又有专家评分，请重新汇总" in page
    assert adjudicated_values(submitted)[MEDICAL] == pytest.approx(0.5)  # until reconciled again


def test_no_expert_scores_an_application_the_province_returned(
    submitted: Application, experts: tuple[User, User], login: Callable[[User], Client]
) -> None:
    put_status(submitted, Application.Status.RETURNED)
    response = post(login(experts[0]), "score", submitted, MEDICAL, {"value": "0.5"})
    assert "申报当前状态为“省级退回”，不能核实或评分" in text(response)
    assert not ExpertScore.objects.exists()
