"""An objection from 受理 to 已答复: checking, upholding, correcting, comparing, republishing.

The hand cohort's 公示 list (three titles): 德城区 4.00, 文登区 3.20, 历下区 2.00, 荣成市 2.00.
荣成市 objects to 文登区's slogan (item 1, 2 points). Corrected to "no", 文登区 has 3.20 − 2 =
1.20 and falls to rank 4 (behind 历下区 and 荣成市, tied at 2.00 in rank 2): it leaves the list,
the list now holds three counties, and the 公示 list is republished as version 2.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.models import Publication
from qcounty.web.objections import actions
from qcounty.web.objections.models import Objection, Settlement
from qcounty.web.objections.publicity import period_of
from qcounty.web.review.models import AuditEntry, Notification
from tests.web.conftest import World
from tests.web.objections.conftest import END, START

pytestmark = pytest.mark.django_db
State = Objection.State


def upheld(objection: Objection, world: World) -> Objection:
    objection = actions.start_check(objection, world.evaluator, END, world.evaluator)
    return actions.conclude(objection, True, "口号未经县政府审定，不得分", world.evaluator)


def test_the_states_follow_the_table_and_each_step_is_audited(
    world: World, filed: Objection
) -> None:
    with pytest.raises(actions.Refused, match="当前状态为“受理”"):
        actions.conclude(filed, True, "成立", world.evaluator)
    checking = actions.start_check(filed, world.evaluator, END, world.evaluator)
    assert (checking.state, checking.assignee, checking.deadline) == (
        State.CHECKING,
        world.evaluator,
        END,
    )
    rejected = actions.conclude(checking, False, "口号已审定", world.evaluator)
    assert rejected.state == State.REJECTED and rejected.upheld is False
    answered = actions.answer(rejected, "经核查，口号已经县政府审定。", world.evaluator)
    assert answered.state == State.ANSWERED and answered.answered_on == START
    names = list(AuditEntry.objects.order_by("pk").values_list("name", flat=True))
    assert names == [
        "objection_filed",
        "objection_checking",
        "objection_reject",
        "objection_answered",
    ]


def test_a_deadline_in_the_past_or_no_assignee_is_refused(world: World, filed: Objection) -> None:
    with pytest.raises(actions.Refused, match="办理期限不能早于今天"):
        actions.start_check(filed, world.evaluator, START - dt.timedelta(days=1), world.evaluator)
    with pytest.raises(actions.Refused, match="请选择承办人"):
        actions.start_check(filed, world.office, END, world.evaluator)
    filed.refresh_from_db()
    assert filed.state == State.RECEIVED


def test_only_the_province_moves_an_objection(world: World, filed: Objection) -> None:
    for user in (world.office, world.rongcheng_office, world.admin):
        with pytest.raises(actions.NotAllowed):
            actions.start_check(filed, world.evaluator, END, user)


def test_an_upheld_objection_is_answered_only_after_its_settlement(
    world: World, filed: Objection
) -> None:
    objection = upheld(filed, world)
    with pytest.raises(actions.Refused, match="请先更正数据"):
        actions.answer(objection, "成立", world.evaluator)


def test_upholding_correcting_and_comparing_shows_who_moves_and_who_leaves(
    world: World, filed: Objection, cohort: dict[str, Application], proposed: Publication
) -> None:
    objection = upheld(filed, world)
    actions.correct(objection, "i01.slogan", False, "口号未经审定", world.evaluator)
    settlement = actions.preview_settlement(objection, world.evaluator)
    comparison = settlement.comparison
    assert comparison["titles_changed"] is True
    assert comparison["leave"] == ["威海市文登区"]
    assert comparison["enter"] == []
    wendeng = next(r for r in comparison["changed"] if r["county"] == "威海市文登区")
    assert (wendeng["old_total"], wendeng["new_total"]) == pytest.approx((3.2, 1.2))
    assert (wendeng["old_rank"], wendeng["new_rank"]) == (2, 4)
    moved = {r["county"]: (r["old_rank"], r["new_rank"]) for r in comparison["changed"]}
    assert moved["济南市历下区"] == (3, 2) and moved["威海市荣成市"] == (3, 2)
    assert not Publication.objects.filter(version=2).exists()  # nothing published yet


def test_confirming_republishes_the_list_as_version_2_with_the_same_period(
    world: World,
    filed: Objection,
    proposed: Publication,
    django_capture_on_commit_callbacks: Any,
) -> None:
    objection = upheld(filed, world)
    actions.correct(objection, "i01.slogan", False, "口号未经审定", world.evaluator)
    settlement = actions.preview_settlement(objection, world.evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = actions.confirm_settlement(settlement, world.evaluator)
    v2 = confirmed.republished
    assert v2 is not None and (v2.kind, v2.version) == ("proposed", 2)
    assert [r["county"] for r in v2.figures["selected"]] == ["德城区", "历下区", "荣成市"]
    assert period_of(v2) == period_of(proposed)
    assert actions.confirm_settlement(settlement, world.evaluator).republished == v2  # twice
    assert Publication.objects.filter(kind="proposed").count() == 2
    assert "第2版" in Notification.objects.get(user=world.office).text


def test_a_comparison_made_before_another_republication_must_be_made_again(
    world: World, filed: Objection, snapshot: Any
) -> None:
    from qcounty.web.evaluation.actions import publish

    objection = upheld(filed, world)
    actions.correct(objection, "i01.slogan", False, "口号未经审定", world.evaluator)
    settlement = actions.preview_settlement(objection, world.evaluator)
    publish(snapshot, "proposed", world.evaluator, period=(START, 5))  # a colleague's v2
    with pytest.raises(actions.Refused, match="请重新生成对比"):
        actions.confirm_settlement(settlement, world.evaluator)


def test_a_correction_needs_an_upheld_objection_and_a_field_of_its_indicator(
    world: World, filed: Objection
) -> None:
    with pytest.raises(actions.Refused, match="异议认定成立后"):
        actions.correct(filed, "i01.slogan", False, "理由", world.evaluator)
    objection = upheld(filed, world)
    with pytest.raises(actions.Refused, match="不属于第 1 项指标"):
        actions.correct(objection, "i31.rd_share", 1.0, "理由", world.evaluator)


def test_the_answer_reaches_the_objector_and_the_county_concerned(
    world: World, filed: Objection, django_capture_on_commit_callbacks: Any
) -> None:
    objection = upheld(filed, world)
    actions.correct(objection, "i01.slogan", False, "口号未经审定", world.evaluator)
    actions.confirm_settlement(
        actions.preview_settlement(objection, world.evaluator), world.evaluator
    )
    with django_capture_on_commit_callbacks(execute=True):
        answered = actions.answer(objection, "异议成立，已更正并重新公示。", world.evaluator)
    assert answered.state == State.ANSWERED
    for user in (world.rongcheng_office, world.office):
        note = Notification.objects.filter(user=user).order_by("-pk").first()
        assert note is not None and "已答复（成立）" in note.text


def test_the_register_and_the_reply_letter_download(
    world: World, filed: Objection, login: Callable[[User], Client]
) -> None:
    objection = upheld(filed, world)
    actions.correct(objection, "i01.slogan", False, "口号未经审定", world.evaluator)
    actions.confirm_settlement(
        actions.preview_settlement(objection, world.evaluator), world.evaluator
    )
    actions.answer(objection, "异议成立，已更正并重新公示。", world.evaluator)
    client = login(world.evaluator)
    response = client.get(reverse("objections:register_xlsx", args=[world.campaign.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert "异议处理登记表" in str(sheet["A1"].value)
    row = [c.value for c in sheet[3]]
    assert row[0] == 1 and row[2] == "系统提交" and row[3] == "荣成市"
    assert row[5] == "威海市文登区" and row[8] == "已答复"
    assert "第2版" in str(row[12])
    letter = client.get(reverse("objections:reply_docx", args=[objection.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "异议（第1号）的答复" in text
    assert "经核查，异议成立。" in text and "特此答复。" in text
    assert "2026年12月7日" in text


def test_the_settlement_page_shows_the_comparison_before_confirming(
    world: World, filed: Objection, login: Callable[[User], Client]
) -> None:
    objection = upheld(filed, world)
    client = login(world.evaluator)
    response = client.post(
        reverse("objections:correct", args=[objection.pk]),
        {"key": "i01.slogan", "value": "false", "reason": "口号未经审定"},
    )
    assert response.status_code == 302
    response = client.post(reverse("objections:settle", args=[objection.pk]))
    settlement = Settlement.objects.get()
    assert response["Location"] == reverse("objections:settlement", args=[settlement.pk])
    page = client.get(response["Location"]).content.decode()
    assert "不再列入" in page and "威海市文登区" in page
    assert "确认并重新发布公示名单" in page
    client.post(reverse("objections:confirm", args=[settlement.pk]))
    assert Publication.objects.filter(kind="proposed", version=2).exists()


def test_comparing_twice_without_a_change_makes_one_comparison(
    world: World, filed: Objection
) -> None:
    objection = upheld(filed, world)
    actions.correct(objection, "i01.slogan", False, "口号未经审定", world.evaluator)
    first = actions.preview_settlement(objection, world.evaluator)
    assert actions.preview_settlement(objection, world.evaluator) == first
    assert Settlement.objects.count() == 1


def test_the_province_adds_a_record_the_county_left_out_and_leaves_one_out(
    world: World,
    proposed: Publication,
    cohort: dict[str, Application],
    login: Callable[[User], Client],
) -> None:
    from qcounty.web.adjudication.effective import adjudicated_values
    from qcounty.web.adjudication.models import Decision

    own = actions.Claim(cohort["荣成市"], 4, "i04.commendations", "漏报了省政府的表扬")
    objection = upheld(actions.file_objection(own, [], world.rongcheng_office, "t"), world)
    client = login(world.evaluator)
    page = client.get(reverse("objections:detail", args=[objection.pk])).content.decode()
    assert "更正记录：表扬或激励" in page
    url = reverse("objections:records", args=[objection.pk])
    record = {
        "key": "i04.commendations",
        "action": "add",
        "new.level": "provincial",
        "new.issuer": "山东省人民政府",
        "new.date": "2022-05-01",
        "new.title": "质量工作表扬",
        "new.to_county_government": "true",
        "reason": "省政府文件可查",
    }
    client.post(url, record)
    client.post(url, record | {"new.title": "品牌建设表扬", "new.date": "2022-06-01"})
    client.post(
        url, {"key": "i04.commendations", "action": "remove", "index": "0", "reason": "重复"}
    )
    counted = adjudicated_values(cohort["荣成市"])["i04.commendations"]
    assert [r["title"] for r in counted] == ["品牌建设表扬"]
    latest = Decision.objects.filter(key="i04.commendations").order_by("-pk").first()
    assert latest is not None and latest.reason == "根据异议第1号：重复"
    bad = client.post(url, record | {"new.title": ""}, follow=True).content.decode()
    assert "新增的记录：" in bad
    assert Decision.objects.filter(key="i04.commendations").count() == 3
