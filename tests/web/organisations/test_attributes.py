"""An evaluated unit's attributes: stored on the organisation, checked in the admin against the
campaign's scheme, and carried into the core so a scheme grouping by one compares within it.

The scheme is the core tests' made-up company scheme (tests/core/schemes/example-company.yaml:
企业 compared within their industry, 行业 food / machinery), uploaded and published to the
scheme library as a province would; its cohort is the core's hand-computed one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.actions import Refused, take_snapshot
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.reporting.scoring import county_of
from qcounty.web.schemes.actions import publish_scheme, upload_scheme
from tests.web.conftest import World

SCHEMES = Path(__file__).parents[2] / "core" / "schemes"
COHORT = json.loads((SCHEMES / "example-company-cohort.json").read_text("utf-8"))
Kind = Organisation.Kind


@pytest.fixture
def companies(world: World) -> tuple[Campaign, list[Application]]:
    """A campaign of the company scheme; the cohort's five companies, accepted, under the
    province itself (a company has no city) with their industry as an attribute."""
    text = (SCHEMES / "example-company.yaml").read_bytes()
    row = upload_scheme(world.admin, text, "example-company.yaml")
    publish_scheme(world.admin, row.pk)
    campaign = Campaign.objects.create(
        name="2022年示例省名牌企业质量评价",
        framework_id="example-company",
        framework_version="0.1",
        evaluation_year=2022,
        data_cutoff=dt.date(2021, 12, 31),
        department_deadline=dt.date(2022, 3, 31),
        application_deadline=dt.date(2022, 4, 30),
    )
    framework = campaign.framework
    applications = []
    for c in COHORT["counties"]:
        company = Organisation.objects.create(
            kind=Kind.COUNTY, name=c["name"], parent=world.province, attributes=c["attributes"]
        )
        application = Application.objects.create(
            campaign=campaign, county=company, status=Application.Status.ACCEPTED
        )
        _store(application, framework, c["values"])
        applications.append(application)
    return campaign, applications


def _store(application: Application, framework: Any, values: dict[str, Any]) -> None:
    for spec in framework.inputs():
        value = values.get(spec.key)
        if isinstance(spec, RecordsInput):
            for data in value or []:
                Record.objects.create(application=application, key=spec.key, data=data)
            if value == []:
                InputValue.objects.create(application=application, key=spec.key, value=[])
        elif value is not None:
            InputValue.objects.create(application=application, key=spec.key, value=value)


def test_a_company_is_in_its_industrys_group_and_has_no_city(companies) -> None:
    _, applications = companies
    county = county_of(applications[2])  # 丙设备公司: machinery, the scheme's second option
    assert (county.name, county.city, county.tier) == ("丙设备公司", "", 2)
    assert county.attributes == {"industry": "machinery"}
    assert county_of(applications[0]).tier == 1  # 甲食品公司: food


def test_the_snapshot_scores_companies_within_their_industry(companies, world: World) -> None:
    campaign, _ = companies
    snapshots.clear_cache()
    snapshot = take_snapshot(campaign, world.evaluator, confirmed=True)
    cohort = json.loads(snapshot.cohort_json)
    stored = {c["name"]: c["attributes"] for c in cohort["counties"]}
    assert stored == {c["name"]: c["attributes"] for c in COHORT["counties"]}
    score = snapshots.scored(snapshot).score
    totals = {c.name: round(float(t), 2) for c, t in zip(score.counties, score.totals, strict=True)}
    # the core's hand-computed totals (tests/core/test_groups.py): 乙 and 丙 lead their industry
    # with 10 % R&D share → 6 of 6 points … 丙 4 awards 4 + 6 = 10; 乙 0 + 6 = 6
    assert totals == {
        "甲食品公司": 5.60,
        "乙食品公司": 6.00,
        "丙设备公司": 10.00,
        "丁设备公司": 6.00,
        "戊设备公司": 4.60,
    }
    snapshots.clear_cache()


def test_a_company_without_its_industry_refuses_the_snapshot_in_words(companies, world) -> None:
    campaign, applications = companies
    Organisation.objects.filter(pk=applications[0].county_id).update(attributes={})
    snapshots.clear_cache()
    with pytest.raises(Refused, match="缺少属性“行业”"):
        take_snapshot(campaign, world.evaluator, confirmed=True)
    snapshots.clear_cache()


def _change(client: Client, unit: Organisation, attributes: str) -> Any:
    data = {
        "kind": unit.kind,
        "name": unit.name,
        "parent": unit.parent_id,
        "tier": "",
        "attributes": attributes,
    }
    url = reverse("admin:organisations_organisation_change", args=[unit.pk])
    return client.post(url, data)


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (
            '{"industry": "steel"}',
            "属性“行业”（industry）应为 food（食品制造业）、machinery（通用设备制造业） 之一，实际为“steel”。",
        ),
        (
            '{"size": "large"}',
            "未知属性“size”：所参加的创建周期的评价体系中没有这一属性（可填写的属性：industry）。",
        ),
        (
            '["food"]',
            "属性应为 JSON 对象（属性键 → 选项），例如 {&quot;industry&quot;: &quot;food&quot;}。",
        ),
    ],
)
def test_the_admin_refuses_an_attribute_the_scheme_lacks(
    companies, world: World, client: Client, attributes: str, message: str
) -> None:
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    unit = Organisation.objects.get(name="甲食品公司")
    response = _change(client, unit, attributes)
    assert response.status_code == 200
    assert message in response.content.decode()
    unit.refresh_from_db()
    assert unit.attributes == {"industry": "food"}


def test_the_campaign_form_offers_bundled_and_published_schemes(
    companies, world: World, client: Client
) -> None:
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    page = client.get(reverse("admin:campaigns_campaign_add")).content.decode()
    for offered in (
        "shandong-county-2022 2022",
        "anhui-quality-work-2014 2014（安徽省质量工作考核评分体系）",
        "guangdong-brand-quality-2018 2018",
        "example-company 0.1（示例省名牌企业质量评价体系（测试用））",  # published by the province
    ):
        assert offered in page


def test_the_admin_stores_an_option_of_the_scheme(companies, world: World, client: Client) -> None:
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    unit = Organisation.objects.get(name="甲食品公司")
    response = _change(client, unit, '{"industry": "machinery"}')
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.attributes == {"industry": "machinery"}
    assert county_of(Application.objects.get(county=unit)).tier == 2


def test_a_department_takes_no_attributes(world: World) -> None:
    from qcounty.web.organisations.admin import OrganisationForm

    form = OrganisationForm(
        data={
            "kind": Kind.DEPARTMENT,
            "name": "区质检所",
            "parent": world.wendeng.pk,
            "attributes": '{"industry": "food"}',
        }
    )
    assert not form.is_valid()
    assert form.errors["attributes"] == ["只有参评单位可以填写属性。"]


def test_a_city_evaluated_directly_is_not_shown_in_the_province(world: World) -> None:
    hefei = Organisation.objects.create(kind=Kind.COUNTY, name="合肥市", parent=world.province)
    assert hefei.city is None and hefei.city_name == ""
    assert world.wendeng.city_name == "威海市"
    assert world.market_dept.city_name == "威海市"
