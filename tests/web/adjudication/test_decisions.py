"""The evaluator checks claims: accept, correct with a reason, correct a record list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.effective import adjudicated_values, decided_values
from qcounty.web.adjudication.estimates import estimates
from qcounty.web.adjudication.models import Decision
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.reporting.scoring import values_of
from qcounty.web.review.board import history
from qcounty.web.review.models import AuditEntry, Notification
from tests.web.adjudication.conftest import post, put_status, text
from tests.web.conftest import World

KEY = "i17.metrologists"


def criterion(result: Any, criterion_id: str) -> float:
    return next(c.points for ind in result.indicators for c in ind.criteria if c.id == criterion_id)


@pytest.fixture
def evaluator(world: World, login: Callable[[User], Client]) -> Client:
    return login(world.evaluator)


def test_correcting_metrologists_from_9_to_5_moves_criterion_17_1_from_0_6_to_0_2(
    evaluator: Client, submitted: Application
) -> None:
    before = estimates(submitted)
    response = post(
        evaluator,
        "decide",
        submitted,
        KEY,
        {"action": "correct", "value": "5", "reason": "注册证书只有5张"},
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "adjudicated"  # the estimate panel reloads
    after = estimates(submitted)
    # 17.1: 0.1 × (n − 3) above 3 metrologists: 0.1 × (9 − 3) = 0.6 → 0.1 × (5 − 3) = 0.2
    assert criterion(before.adjudicated, "17.1") == pytest.approx(0.6)
    assert criterion(after.claimed, "17.1") == pytest.approx(0.6)  # the claim stays
    assert criterion(after.adjudicated, "17.1") == pytest.approx(0.2)
    # nothing else reads the number of metrologists: the estimated total falls by 0.4
    assert after.claimed.total - after.adjudicated.total == pytest.approx(0.4)
    assert adjudicated_values(submitted)[KEY] == 5
    assert values_of(submitted)[KEY] == 9
    page = text(response)
    assert "0.60" in page and "0.20" in page  # 17.1 by claim and by the corrected value
    assert "注册证书只有5张" in page


def test_a_correction_without_a_reason_is_refused_and_nothing_changes(
    evaluator: Client, submitted: Application
) -> None:
    response = post(
        evaluator, "decide", submitted, KEY, {"action": "correct", "value": "5", "reason": "  "}
    )
    assert "更正必须填写理由" in text(response)
    assert "HX-Trigger" not in response
    assert not Decision.objects.exists()
    assert not AuditEntry.objects.filter(application=submitted).exists()
    assert not Notification.objects.exists()
    assert adjudicated_values(submitted)[KEY] == 9


def test_without_javascript_a_refusal_comes_back_as_a_message_on_the_page(
    evaluator: Client, submitted: Application
) -> None:
    url = reverse("adjudication:decide", args=[submitted.pk, KEY])
    response = evaluator.post(url, {"action": "correct", "value": "5", "reason": ""}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#indicator-17")
    assert "更正必须填写理由" in text(response)
    assert not Decision.objects.exists()


def test_the_county_office_is_told_and_sees_the_correction_with_its_reason(
    world: World,
    evaluator: Client,
    submitted: Application,
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post(
            evaluator,
            "decide",
            submitted,
            KEY,
            {"action": "correct", "value": "5", "reason": "注册证书只有5张"},
        )
    note = Notification.objects.get(user=world.office)
    # the office may have an application in more than one campaign: the year says which
    assert (
        note.text
        == "省级核实更正了文登区2023年申报的“注册计量师数量”：9人 → 5人。理由：注册证书只有5张"
    )
    assert note.link == reverse("adjudication:county_view", args=[submitted.pk])
    assert note.get_kind_display() == "省级核实"
    # the department that reported the value hears of it too, with the reason (issue 13);
    # its link opens the indicator on the clerk's form (17: 计量, the market supervision's)
    told = Notification.objects.get(user=world.market_clerk)
    assert told.text == note.text
    url = reverse("reporting:application", args=[submitted.pk])
    assert told.link == f"{url}?indicator=17#indicator-17"
    assert not Notification.objects.filter(user=world.statistics_clerk).exists()
    page = text(login(world.office).get(note.link))
    for shown in ("注册计量师数量", "9人", "5人", "注册证书只有5张", "province", "现行"):
        assert shown in page


def test_every_decision_is_in_the_applications_history(
    evaluator: Client, submitted: Application
) -> None:
    post(evaluator, "decide", submitted, "i17.public_standards", {"action": "accept"})
    post(
        evaluator,
        "decide",
        submitted,
        KEY,
        {"action": "correct", "value": "5", "reason": "注册证书只有5张"},
    )
    rows = [r for r in history(submitted) if r.entry.name]
    assert [(r.label, r.field, r.old, r.new, r.entry.reason) for r in rows] == [
        ("省级核实无误", "社会公用计量标准数量", rows[0].old, rows[0].old, ""),
        ("省级更正", "注册计量师数量", "9人", "5人", "注册证书只有5张"),
    ]


def test_the_latest_decision_counts(world: World, submitted: Application) -> None:
    from qcounty.web.adjudication import actions

    actions.correct_value(submitted, KEY, 5, "只有5张", world.evaluator)
    assert decided_values(submitted) == {KEY: (5, "corrected")}
    actions.accept_value(submitted, KEY, world.evaluator)  # on a second look, 9 is right
    assert decided_values(submitted) == {}
    assert adjudicated_values(submitted)[KEY] == 9
    actions.correct_value(submitted, KEY, 7, "两张证书已过期", world.evaluator)
    assert adjudicated_values(submitted)[KEY] == 7


def test_a_decision_about_a_claim_the_county_changed_no_longer_applies(
    world: World, evaluator: Client, submitted: Application
) -> None:
    post(
        evaluator,
        "decide",
        submitted,
        KEY,
        {"action": "correct", "value": "5", "reason": "只有5张"},
    )
    # the province returns the application; the county reports 6 and submits again
    InputValue.objects.filter(application=submitted, key=KEY).update(value=6)
    assert adjudicated_values(submitted)[KEY] == 6
    url = reverse("adjudication:application", args=[submitted.pk]) + "?indicator=17"
    page = text(evaluator.get(url))
    assert "原核实结论不再适用" in page


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("i99.nothing", {"action": "accept"}, "没有这一字段"),
        ("i17.metrologists", {"action": "delete"}, "未知的操作"),
        ("i08.detail", {"action": "accept"}, "不计分，无需核实"),
        (
            "i17.a_class_coverage",
            {"action": "correct", "value": "130", "reason": "x"},
            "应在 0–100% 之间",
        ),
        ("i17.metrologists", {"action": "correct", "value": "五", "reason": "x"}, "应为整数"),
        (
            "i17.metrologists",
            {"action": "correct", "value": "9", "reason": "x"},
            "更正值与申报值相同",
        ),
        ("i17.metrologists", {"action": "correct", "value": "", "reason": "x"}, "请填写更正后的值"),
    ],
)
def test_forged_or_wrong_decisions_are_refused_in_chinese_and_write_nothing(
    evaluator: Client, submitted: Application, key: str, data: dict[str, str], message: str
) -> None:
    response = post(evaluator, "decide", submitted, key, data)
    assert message in text(response)
    assert not Decision.objects.exists()
    assert not AuditEntry.objects.filter(application=submitted).exists()


def test_an_application_the_province_returned_takes_no_decision(
    evaluator: Client, submitted: Application
) -> None:
    put_status(submitted, Application.Status.RETURNED)
    response = post(evaluator, "decide", submitted, KEY, {"action": "accept"})
    assert "申报当前状态为“省级退回”，不能核实或评分" in text(response)
    assert not Decision.objects.exists()


def test_a_draft_application_is_not_there_for_the_province(world: World, evaluator: Client) -> None:
    response = post(evaluator, "decide", world.application, KEY, {"action": "accept"})
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_decisions_stay_open_once_the_province_has_accepted_the_application(
    evaluator: Client, submitted: Application
) -> None:
    put_status(submitted, Application.Status.ACCEPTED)
    post(
        evaluator,
        "decide",
        submitted,
        KEY,
        {"action": "correct", "value": "5", "reason": "只有5张"},
    )
    assert adjudicated_values(submitted)[KEY] == 5


# ---------------------------------------------------------------- record lists


def _record_form(records: list[dict[str, Any]], keep: list[int], reason: str) -> dict[str, str]:
    data = {"reason": reason}
    for n, record in enumerate(records):
        if n in keep:
            data[f"r{n}.keep"] = "on"
        for field, value in record.items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            data[f"r{n}.{field}"] = "" if value is None else str(value)
    return data


def test_a_record_left_out_no_longer_counts(evaluator: Client, submitted: Application) -> None:
    claimed = values_of(submitted)["i14.standards"]
    assert len(claimed) == 5  # the synthetic county's standards
    data = _record_form(claimed, keep=[1, 2, 3, 4], reason="第1项标准未查到发布公告")
    response = post(evaluator, "records", submitted, "i14.standards", data)
    assert "已更正：计入 4 条记录" in text(response)
    assert adjudicated_values(submitted)["i14.standards"] == claimed[1:]
    assert Record.objects.filter(application=submitted, key="i14.standards").count() == 5
    decision = Decision.objects.get()
    assert decision.claimed == claimed and decision.reason == "第1项标准未查到发布公告"


def test_a_records_field_can_be_corrected(evaluator: Client, submitted: Application) -> None:
    claimed = values_of(submitted)["i14.standards"]
    assert claimed[4]["scope"] == "international"
    changed = [dict(r) for r in claimed]
    changed[4]["scope"] = "national"
    data = _record_form(changed, keep=[0, 1, 2, 3, 4], reason="第5项为国家标准")
    post(evaluator, "records", submitted, "i14.standards", data)
    assert adjudicated_values(submitted)["i14.standards"][4]["scope"] == "national"


def test_a_record_list_correction_needs_a_reason_and_valid_records(
    evaluator: Client, submitted: Application
) -> None:
    claimed = values_of(submitted)["i14.standards"]
    response = post(
        evaluator, "records", submitted, "i14.standards", _record_form(claimed, [1], "")
    )
    assert "更正必须填写理由" in text(response)
    bad = [dict(r) for r in claimed]
    bad[0]["scope"] = "galactic"
    response = post(evaluator, "records", submitted, "i14.standards", _record_form(bad, [0], "x"))
    assert "第 1 条保留的记录" in text(response) and "不是可选项" in text(response)
    assert not Decision.objects.exists()
