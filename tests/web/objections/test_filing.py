"""Filing and registering objections during the 公示 period; refusals outside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.models import Publication
from qcounty.web.objections import actions
from qcounty.web.objections.models import Objection
from qcounty.web.review.models import AuditEntry, Notification
from tests.web.conftest import World
from tests.web.objections.conftest import END, START, claim, upload

pytestmark = pytest.mark.django_db


def test_a_county_office_objects_to_another_countys_claim_with_a_pdf(
    world: World, filed: Objection, cohort: dict[str, Application]
) -> None:
    assert filed.number == 1
    assert filed.state == Objection.State.RECEIVED
    assert filed.application == cohort["文登区"]
    assert filed.objector == "荣成市" and filed.objector_organisation == world.rongcheng
    assert filed.received_on == START
    assert [f.original_name for f in filed.files.all()] == ["证明.pdf"]
    assert filed.files.get().kind == "pdf"


def test_filing_is_audited_on_the_claim_without_naming_the_objector(
    world: World, filed: Objection
) -> None:
    entry = AuditEntry.objects.get(name="objection_filed")
    assert entry.application_id == filed.application_id
    assert entry.user is None  # the objector's identity stays with the province
    assert entry.indicator == 1 and entry.key == "i01.slogan"
    assert entry.reason == "异议第1号：宣传口号未经审定"


def test_the_county_concerned_reads_the_objection_in_its_history_without_the_objector(
    world: World, filed: Objection, login: Callable[[User], Client]
) -> None:
    url = reverse("review:history", args=[filed.application_id])
    html = login(world.office).get(url).content.decode()
    assert "收到异议" in html and "异议第1号：宣传口号未经审定" in html
    assert "荣成市" not in html


def test_the_province_and_the_county_concerned_are_notified(
    world: World, filed: Objection, django_capture_on_commit_callbacks: Any
) -> None:
    # a test's on_commit callbacks run only when captured: the fixture's did not
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.file_objection(
            claim(filed.application, "另一处数据"), [], world.rongcheng_office, "token-2"
        )
    to_province = Notification.objects.get(user=world.evaluator)
    assert "文登区" in to_province.text and "异议第2号" in to_province.text
    to_county = Notification.objects.get(user=world.office)
    assert "荣成市" not in to_county.text  # who objected is not said
    assert to_county.link == reverse("objections:detail", args=[second.pk])


def test_a_double_click_files_one_objection(world: World, filed: Objection) -> None:
    again = actions.file_objection(
        claim(filed.application), [upload()], world.rongcheng_office, "token-1"
    )
    assert again == filed
    assert Objection.objects.count() == 1


def test_an_objection_after_the_period_is_refused_with_the_date(
    world: World, proposed: Publication, cohort: dict[str, Application], today: Callable[..., None]
) -> None:
    today(END + dt.timedelta(days=1))
    with pytest.raises(actions.Refused) as refused:
        actions.file_objection(claim(cohort["文登区"]), [], world.rongcheng_office, "late")
    assert "公示期已于2026年12月11日结束" in str(refused.value)
    assert "2026年12月12日" in str(refused.value)
    assert not Objection.objects.exists()


def test_an_objection_on_the_last_day_is_received(
    world: World, proposed: Publication, cohort: dict[str, Application], today: Callable[..., None]
) -> None:
    today(END)
    objection = actions.file_objection(claim(cohort["文登区"]), [], world.rongcheng_office, "t")
    assert objection.received_on == END


def test_an_objection_before_the_period_starts_is_refused(
    world: World, proposed: Publication, cohort: dict[str, Application], today: Callable[..., None]
) -> None:
    today(START - dt.timedelta(days=3))
    with pytest.raises(actions.Refused, match="公示期自2026年12月7日开始"):
        actions.file_objection(claim(cohort["文登区"]), [], world.rongcheng_office, "early")


def test_no_objection_without_a_publicity_period(
    world: World, snapshot: Any, cohort: dict[str, Application], today: Callable[..., None]
) -> None:
    from qcounty.web.evaluation.actions import publish

    publish(snapshot, "proposed", world.evaluator)  # no period given
    with pytest.raises(actions.Refused, match="尚未发布设定公示期"):
        actions.file_objection(claim(cohort["文登区"]), [], world.rongcheng_office, "t")


def test_a_county_cannot_object_to_a_county_left_off_the_list(
    world: World, proposed: Publication, cohort: dict[str, Application]
) -> None:
    with pytest.raises(actions.Refused, match="只能对公示名单中列入的县"):
        actions.file_objection(claim(cohort["市中区"]), [], world.rongcheng_office, "t")


def test_a_county_may_object_to_its_own_claim(
    world: World, proposed: Publication, cohort: dict[str, Application]
) -> None:
    own = actions.file_objection(claim(cohort["荣成市"]), [], world.rongcheng_office, "t")
    assert own.application == cohort["荣成市"]


def test_a_file_that_fails_the_evidence_checks_refuses_the_objection(
    world: World, proposed: Publication, cohort: dict[str, Application], evidence_root: Any
) -> None:
    fake = upload("证明.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(actions.Refused, match=r"证明\.pdf"):
        actions.file_objection(claim(cohort["文登区"]), [fake], world.rongcheng_office, "t")
    assert not Objection.objects.exists()


def test_an_empty_problem_or_unknown_indicator_is_refused(
    world: World, proposed: Publication, cohort: dict[str, Application]
) -> None:
    with pytest.raises(actions.Refused, match="请填写异议内容"):
        actions.file_objection(claim(cohort["文登区"], " "), [], world.rongcheng_office, "t")
    wrong = actions.Claim(cohort["文登区"], 99, "", "有误")
    with pytest.raises(actions.Refused, match="请选择所异议的指标"):
        actions.file_objection(wrong, [], world.rongcheng_office, "t")
    assert not Objection.objects.exists()


def test_the_province_registers_a_letter_received_during_the_period(
    world: World, proposed: Publication, cohort: dict[str, Application], today: Callable[..., None]
) -> None:
    today(END + dt.timedelta(days=3))  # registered on Monday, received on the last day
    objector = actions.Objector(Objection.Channel.LETTER, "张某", "0631-1234567", END)
    objection = actions.register_objection(
        claim(cohort["德城区"]), objector, [], world.evaluator, "letter-1"
    )
    assert objection.channel == "letter" and objection.received_on == END
    assert objection.objector == "张某" and objection.objector_organisation is None
    assert AuditEntry.objects.get(name="objection_filed").user == world.evaluator


def test_a_letter_received_after_the_period_is_refused_with_the_date(
    world: World, proposed: Publication, cohort: dict[str, Application], today: Callable[..., None]
) -> None:
    today(END + dt.timedelta(days=5))
    objector = actions.Objector(Objection.Channel.PHONE, "李某", "", END + dt.timedelta(days=4))
    with pytest.raises(actions.Refused, match="公示期已于2026年12月11日结束，2026年12月15日"):
        actions.register_objection(claim(cohort["德城区"]), objector, [], world.evaluator, "t")


def test_a_county_office_cannot_register_and_a_clerk_cannot_file(
    world: World, proposed: Publication, cohort: dict[str, Application]
) -> None:
    objector = actions.Objector(Objection.Channel.LETTER, "张某", "", START)
    with pytest.raises(actions.NotAllowed):
        actions.register_objection(claim(cohort["德城区"]), objector, [], world.office, "t")
    with pytest.raises(actions.NotAllowed):
        actions.file_objection(claim(cohort["德城区"]), [], world.rongcheng_clerk, "t")


def test_filing_through_the_page_redirects_to_the_objection(
    world: World,
    proposed: Publication,
    cohort: dict[str, Application],
    login: Callable[[User], Client],
    evidence_root: Any,
) -> None:
    client = login(world.rongcheng_office)
    page = client.get(reverse("objections:index"))
    assert "还剩 5 个工作日" in page.content.decode()
    data = {
        "token": "page-token",
        "application": cohort["文登区"].pk,
        "indicator": "1",
        "problem": "口号未经审定",
        "files": upload(),
    }
    response = client.post(reverse("objections:file", args=[world.campaign.pk]), data)
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("objections:detail", args=[objection.pk])
    again = client.post(reverse("objections:file", args=[world.campaign.pk]), data)
    assert again.status_code == 302 and Objection.objects.count() == 1  # a double click


def test_a_late_objection_through_the_page_shows_the_refusal(
    world: World,
    proposed: Publication,
    cohort: dict[str, Application],
    login: Callable[[User], Client],
    today: Callable[..., None],
) -> None:
    today(dt.date(2026, 12, 14))
    client = login(world.rongcheng_office)
    data = {"token": "x", "application": cohort["文登区"].pk, "indicator": "1", "problem": "有误"}
    response = client.post(reverse("objections:file", args=[world.campaign.pk]), data, follow=True)
    assert "公示期已于2026年12月11日结束" in response.content.decode()
    assert not Objection.objects.exists()


def test_the_province_registers_a_call_through_the_page(
    world: World,
    proposed: Publication,
    cohort: dict[str, Application],
    login: Callable[[User], Client],
) -> None:
    client = login(world.evaluator)
    url = reverse("objections:register", args=[world.campaign.pk])
    assert "登记来信、来电、来访异议" in client.get(url).content.decode()
    data = {
        "token": "call-1",
        "channel": "phone",
        "objector": "王某",
        "contact": "13800000000",
        "received_on": "2026-12-07",
        "application": cohort["德城区"].pk,
        "indicator": "1",
        "problem": "口号未在党委政府文件中体现",
    }
    response = client.post(url, data)
    objection = Objection.objects.get()
    assert response["Location"] == reverse("objections:detail", args=[objection.pk])
    assert (objection.channel, objection.objector, objection.contact) == (
        "phone",
        "王某",
        "13800000000",
    )
    refused = client.post(url, data | {"token": "call-2", "received_on": "2026-12-07x"})
    assert refused.status_code == 200
    assert "收到日期应为日期" in refused.content.decode()
    assert Objection.objects.count() == 1
