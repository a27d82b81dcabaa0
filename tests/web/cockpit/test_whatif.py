"""The what-if editor: change any input, see the new total, touch nothing."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from qcounty.core.cohort import parse_cohort
from qcounty.core.selfassess import self_assess
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import gapdata
from qcounty.web.reporting import actions
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.reporting.scoring import county_of
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import YEAR, World, framework, reference_cohort

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(application: Application) -> str:
    return reverse("cockpit:whatif", args=[application.pk])


def snapshot(application: Application) -> tuple[Any, ...]:
    """Return everything a what-if must leave as it was."""
    values = sorted(
        InputValue.objects.filter(application=application).values_list("key", "value", "version"),
        key=str,
    )
    records = sorted(
        Record.objects.filter(application=application).values_list("key", "data", "version"),
        key=str,
    )
    application.refresh_from_db()
    return (
        values,
        records,
        AuditEntry.objects.filter(application=application).count(),
        application.status,
    )


def fill(world: World, values: dict[str, Any]) -> None:
    for key, value in values.items():
        actions.save_value(world.application, key, value, world.office)


def core_total(world: World) -> float:
    county = county_of(world.application)
    return self_assess(
        framework(), county, YEAR, parse_cohort(reference_cohort(), framework())
    ).total


def result_total(response: Any) -> str:
    found = re.search(r'id="whatif-total">([^<]*)<', response.content.decode())
    assert found, response.content.decode()[:2000]
    return found.group(1)


def test_the_page_shows_every_scored_input_with_its_stored_value(
    world: World, office_client: Client
) -> None:
    fill(world, {"i17.metrologists": 5})
    response = office_client.get(url(world.application))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="f:i17.metrologists" value="5"' in page
    assert 'name="f:veto.safety_accident"' in page  # the gates too
    assert 'name="add:i04.commend_national"' in page  # a kind of record
    assert 'name="f:i01.slogan_text"' not in page  # informational: never scored
    assert result_total(response) == f"{core_total(world):.2f}"


def test_a_what_if_shows_the_new_total_and_changes_nothing(
    world: World, office_client: Client
) -> None:
    fill(world, {"i27.analysed": True, "i27.published": False, "i17.metrologists": 5})
    before = snapshot(world.application)
    now = core_total(world)
    post = {"k": ["i27.published", "i17.metrologists"], "f:i27.published": "true"}
    post["f:i17.metrologists"] = "13"
    response = office_client.post(url(world.application), post, **HTMX)
    assert response.status_code == 200
    # a fragment, not a page
    assert "<html" not in response.content.decode()
    # item 27: +1 (published); item 17.1: 0.1 × (13 − 3) = 1 instead of 0.2: +0.8
    assert result_total(response) == f"{now + 1.8:.2f}"
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "+1.80" in text
    assert 'class="changed-27"' in text and 'class="changed-17"' in text
    assert snapshot(world.application) == before


def test_hypothetical_records_count_as_the_rule_reads_them(
    world: World, office_client: Client
) -> None:
    before = snapshot(world.application)
    now = core_total(world)
    # one national commendation of the county government: 2 points (item 4, ≤ 5)
    response = office_client.post(url(world.application), {"add:i04.commend_national": "1"}, **HTMX)
    assert result_total(response) == f"{now + 2:.2f}"
    # three: 3 × 2 = 6, but "最高4分": +4
    response = office_client.post(url(world.application), {"add:i04.commend_national": "3"}, **HTMX)
    assert result_total(response) == f"{now + 4:.2f}"
    assert snapshot(world.application) == before


def test_a_bad_value_is_refused_in_chinese_and_nothing_is_computed(
    world: World, office_client: Client
) -> None:
    fill(world, {"i17.metrologists": 5})
    before = snapshot(world.application)
    post = {
        "k": ["i17.metrologists", "i17.a_class_coverage"],
        "f:i17.metrologists": "五个",
        "f:i17.a_class_coverage": "130",
    }
    response = office_client.post(url(world.application), post, **HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "未重新计算" in text
    assert "“注册计量师数量”：应为整数，实际为“五个”" in text
    assert "“A类强制检定社会公用计量标准覆盖率”：应在 0–100% 之间，实际为 130%" in text
    assert 'id="whatif-total"' not in text
    assert snapshot(world.application) == before


def test_a_bad_number_of_records_is_refused(world: World, office_client: Client) -> None:
    before = snapshot(world.application)
    for typed in ("-1", "100", "两"):
        response = office_client.post(
            url(world.application), {"add:i04.commend_national": typed}, **HTMX
        )
        assert "假设新增的条数应为 0–20 的整数" in response.content.decode()
    assert snapshot(world.application) == before


def test_a_what_if_without_htmx_returns_the_whole_page(world: World, office_client: Client) -> None:
    post = {"k": ["i01.slogan"], "f:i01.slogan": "true"}  # item 1: 2 points
    response = office_client.post(url(world.application), post)
    page = response.content.decode()
    assert "<html" in page and 'id="whatif-result"' in page
    assert result_total(response) == f"{core_total(world) + 2:.2f}"
    assert 'name="f:i01.slogan" value="true" checked' in page  # the form keeps the tried value


def test_a_failed_gate_in_a_what_if_says_the_county_is_not_ranked(
    world: World, office_client: Client
) -> None:
    post = {"k": ["veto.safety_accident"], "f:veto.safety_accident": "true"}
    response = office_client.post(url(world.application), post, **HTMX)
    text = response.content.decode()
    assert "一票否决" in text and "不参加排名" in text


def test_the_evaluator_may_try_a_submitted_application_without_changing_it(
    world: World, login: Any
) -> None:
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    before = snapshot(world.application)
    client = login(world.evaluator)
    post = {"k": ["i01.slogan"], "f:i01.slogan": "true"}
    assert client.post(url(world.application), post, **HTMX).status_code == 200
    assert snapshot(world.application) == before


def test_a_clerk_cannot_post_a_what_if(world: World, login: Any) -> None:
    client = login(world.market_clerk)
    post = {"k": ["i17.metrologists"], "f:i17.metrologists": "9"}
    assert client.post(url(world.application), post, **HTMX).status_code == 403


def test_a_gap_action_can_be_tried_in_the_what_if(world: World, office_client: Client) -> None:
    fill(world, {"i27.analysed": True, "i27.published": False})
    before = snapshot(world.application)
    found = gapdata.gaps_for(world.application).actions
    now = core_total(world)
    publish = next(i for i, a in enumerate(found) if a.criterion == "27")
    response = office_client.get(url(world.application), {"action": publish})
    page = response.content.decode()
    assert "已代入第 27 项的提分做法" in page
    assert 'name="f:i27.published" value="true" checked' in page
    assert result_total(response) == f"{now + 1:.2f}"  # "并向社会发布，得2分": +1
    # an action that adds a record: its kind's count is filled in, the gain is the same
    national = next(
        i for i, a in enumerate(found) if "国家级（党中央" in a.text and a.indicator == 4
    )
    response = office_client.get(url(world.application), {"action": national})
    assert 'name="add:i04.commend_national" value="1"' in response.content.decode()
    assert result_total(response) == f"{now + found[national].gain:.2f}"
    # a position that is not in the list is ignored
    response = office_client.get(url(world.application), {"action": "9999"})
    assert result_total(response) == f"{now:.2f}"
    assert snapshot(world.application) == before


def test_the_records_shown_are_those_the_engine_counts(world: World, office_client: Client) -> None:
    spec = framework().records_input("i04.commendations")
    for day in ("2022-05-01", "2019-12-31", "2018-06-30"):
        record = {
            "level": "national",
            "issuer": "国务院",
            "date": day,
            "title": "质量工作表扬",
            "to_county_government": True,
        }
        actions.add_record(world.application, spec, record, world.office)
    page = re.sub(r"\s+", " ", office_client.get(url(world.application)).content.decode())
    field = re.search(r'for="id-addi04commend_national".*?</div>', page).group(0)
    # 近三年 of the 2023 campaign: 2020–2022; the 2019 and 2018 commendations do not count
    assert "现有 3 条（计分 1 条）" in field
    # the province's commendations: none reported, none counted
    field = re.search(r'for="id-addi04commend_provincial".*?</div>', page).group(0)
    assert "现有 0 条，假设新增" in field
    # the engine counts that one: 2 points of item 4 (not 3 × 2 = 6, capped at 4)
    result = self_assess(
        framework(),
        county_of(world.application),
        YEAR,
        parse_cohort(reference_cohort(), framework()),
    )
    assert next(i.points for i in result.indicators if i.number == 4) == 2.0
