"""Every page names the unit, its groups and the gates' outcomes in the campaign's scheme's words.

The world's campaign is given a company scheme (Shandong's indicators, `evaluated_unit: 企业`,
grouped by industry) or a city scheme (`evaluated_unit: 市`, tiers): the pages read 本企业,
参评企业, 同行业 (本市, 参评市), and say 县 only in the organisations' own names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.groups import Attribute
from qcounty.core.framework.inputs import Option
from qcounty.core.framework.loader import parse_framework, resolve
from qcounty.core.framework.model import Framework
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import set_reference_cohort
from qcounty.web.campaigns.models import Application
from qcounty.web.schemes import library
from tests.web.conftest import World, framework, reference_cohort
from tests.web.evaluation.conftest import cohort, snapshot  # noqa: F401  (fixtures)
from tests.web.objections.conftest import filed, proposed, today  # noqa: F401  (fixtures)

INDUSTRY = Attribute(
    key="industry",
    label="行业",
    options=[Option(id="food", label="食品制造业"), Option(id="textile", label="纺织业")],
)
# what the world itself calls 县: its organisations' names and the campaign's
NAMES = (
    "2023年山东省质量强县（市、区）创建",
    # the statistics feed's file has fixed columns (statfeed/files.py), whatever the scheme
    "第一行为表头：市、县（市、区）、字段、数值。",
)


@cache
def _neutral() -> Framework:
    """Return Shandong's scheme with 县 and 梯队 gone from its own texts (indicators, labels)."""
    text = resolve(framework().id).read_text(encoding="utf-8")
    return parse_framework(text.replace("县", "甲").replace("梯队", "档"), f"{framework().id}.yaml")


def as_scheme(monkeypatch: pytest.MonkeyPatch, **update: Any) -> Framework:
    """Give the world's campaign Shandong's scheme with these changes (as if a version of it)."""
    changed = _neutral().model_copy(update=update)
    original = library.framework_of

    def framework_of(scheme_id: str, version: str) -> Framework:
        return changed if scheme_id == changed.id else original(scheme_id, version)

    monkeypatch.setattr(library, "framework_of", framework_of)
    return changed


def _given(world: World, monkeypatch: pytest.MonkeyPatch, **update: Any) -> None:
    as_scheme(monkeypatch, **update)
    for campaign in (world.campaign, world.application.campaign, world.other_application.campaign):
        campaign.__dict__.pop("framework", None)  # read again: the changed scheme


def _reference(attributes: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the world's reference cohort, its units' names without 县, with these attributes."""
    data = reference_cohort()
    for unit in data["counties"]:
        if "县" in unit["name"]:
            unit["name"], unit["synthetic"] = unit["name"].replace("县", "甲"), True
        if attributes:
            unit["attributes"] = attributes
    return data


@pytest.fixture
def companies(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    _given(world, monkeypatch, evaluated_unit="企业", attributes=[INDUSTRY], groups_by="industry")
    set_reference_cohort(world.campaign, _reference({"industry": "food"}))
    return world


@pytest.fixture
def cities(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    _given(world, monkeypatch, evaluated_unit="市")
    set_reference_cohort(world.campaign, _reference())
    return world


def visible(html: str) -> str:
    """Return the page's text: no scripts, no tags, no attribute values but titles and confirms."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    said = " ".join(re.findall(r'(?:title|hx-confirm|placeholder|aria-label)="([^"]*)"', html))
    text = re.sub(r"<[^>]+>", " ", html) + " " + said
    for name in NAMES:
        text = text.replace(name, "")
    return re.sub(r"\s+", " ", text)


def leftovers(text: str) -> list[str]:
    """Return the places where the page still says 县 or 梯队."""
    return [text[max(0, m.start() - 25) : m.end() + 25] for m in re.finditer("县|梯队", text)]


def page(login: Callable[..., Client], user: Any, url: str) -> str:
    response = login(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return visible(response.content.decode())


OFFICE_PAGES = [
    "/",
    "/applications/{a}/",
    "/applications/{a}/score/",
    "/cockpit/{a}/dashboard/",
    "/cockpit/{a}/rank/",
    "/cockpit/{a}/gaps/",
    "/cockpit/{a}/whatif/",
    "/cockpit/county/{county}/years/",
    "/tasks/{a}/",
    "/tasks/{a}/print/",
    "/tasks/{a}/mapping/",
    "/tasks/{a}/assessment/",
    "/review/{a}/panel/",
    "/review/{a}/progress/",
]


def _urls(world: World, urls: list[str]) -> list[str]:
    return [u.format(a=world.application.pk, county=world.wendeng.pk) for u in urls]


@pytest.mark.parametrize("url", OFFICE_PAGES)
def test_a_company_offices_pages_name_companies(
    companies: World, login: Callable[..., Client], url: str
) -> None:
    [url] = _urls(companies, [url])
    text = page(login, companies.office, url)
    assert leftovers(text) == [], url
    if not url.endswith(("/score/", "/selfcheck/", "/panel/")):  # a page, not a partial
        assert "企业质量评价系统" in text


def test_a_company_office_works_in_its_own_words(
    companies: World, login: Callable[..., Client]
) -> None:
    home = page(login, companies.office, "/")
    assert "本企业工作台" in home and "企业质量工作牵头部门" in home
    a = companies.application.pk
    assert "企业质量评价领导驾驶舱" in page(login, companies.office, f"/cockpit/{a}/dashboard/")
    rank = page(login, companies.office, f"/cockpit/{a}/rank/")
    assert "按参照数据估算：本企业" in rank
    assert "企业质量评价工作任务清单" in page(login, companies.office, f"/tasks/{a}/print/")
    assert "提交至省后，企业内不能再修改申报" in page(
        login, companies.office, f"/review/{a}/panel/"
    )


def test_a_company_clerk_submits_to_the_companys_lead(
    companies: World, login: Callable[..., Client]
) -> None:
    home = page(login, companies.market_clerk, "/")
    assert leftovers(home) == []
    panel = page(login, companies.market_clerk, f"/review/{companies.application.pk}/panel/")
    assert "等待企业质量工作牵头部门审核" in panel and leftovers(panel) == []


def test_the_provinces_home_lists_companies_without_tiers(
    companies: World, login: Callable[..., Client]
) -> None:
    home = page(login, companies.evaluator, "/")
    assert leftovers(home) == []
    assert "企业名称" in home and "按企业名" in home and "个企业的申报值待核实" in home


@pytest.mark.parametrize("url", OFFICE_PAGES)
def test_a_city_schemes_pages_name_cities(
    cities: World, login: Callable[..., Client], url: str
) -> None:
    [url] = _urls(cities, [url])
    text = page(login, cities.office, url)
    assert "县" not in text, leftovers(text)


def test_a_city_scheme_reads_shi_and_keeps_its_tiers(
    cities: World, login: Callable[..., Client]
) -> None:
    home = page(login, cities.office, "/")
    assert "本市工作台" in home and "质量强市创建评价系统" in home
    province = page(login, cities.evaluator, "/")
    assert "梯队" in province and "市名称" in province and "县" not in province


def test_shandongs_pages_read_as_before(world: World, login: Callable[..., Client]) -> None:
    home = page(login, world.office, "/")
    assert "本县工作台" in home and "质量强县创建评价系统" in home and "（县质量强县办）" in home
    province = page(login, world.evaluator, "/")
    assert "县（市、区）名称" in province and "按县名" in province and "梯队" in province
    panel = page(login, world.market_clerk, f"/review/{world.application.pk}/panel/")
    assert "等待县质量强县办审核" in panel


def test_the_provinces_checking_pages_name_companies(
    companies: World, login: Callable[..., Client]
) -> None:
    from tests.web.adjudication.conftest import put_status, store, synthetic_values

    store(companies.application, synthetic_values())
    put_status(companies.application, Application.Status.SUBMITTED)
    a = companies.application.pk
    for url in [
        "/adjudication/",
        f"/adjudication/{a}/",
        f"/adjudication/{a}/flags/",
        f"/adjudication/{a}/estimate/",
        "/statistics/",
        "/bulk/",
    ]:
        text = page(login, companies.evaluator, url)
        assert leftovers(text) == [], url
    checking = page(login, companies.evaluator, f"/adjudication/{a}/")
    assert "企业会看到" in checking
    assert "上传线下填报企业报来的" in page(login, companies.evaluator, "/bulk/")
    decisions = page(login, companies.office, f"/adjudication/{a}/decisions/")
    assert leftovers(decisions) == []


def test_objections_of_a_city_scheme_name_cities(
    cities: World,
    filed: Any,  # noqa: F811  (the objections' fixture)
    login: Callable[..., Client],
) -> None:
    for who, url in [
        (cities.evaluator, "/objections/"),
        (cities.office, "/objections/"),
        (cities.rongcheng_office, "/objections/"),
        (cities.evaluator, f"/objections/{filed.pk}/"),
        (cities.evaluator, f"/objections/campaigns/{cities.campaign.pk}/register/"),
    ]:
        text = page(login, who, url)
        assert "县" not in text, (url, leftovers(text))
    office = page(login, cities.office, "/objections/")
    assert "对本市的异议" in office and "被异议的市" in office


def test_the_evaluations_messages_name_companies() -> None:
    from qcounty.web.adjudication.progress import Progress
    from qcounty.web.evaluation.policies import setting_label
    from qcounty.web.evaluation.refusals import unsettled_message
    from qcounty.web.words import page_words

    words = page_words(
        _neutral().model_copy(
            update={"evaluated_unit": "企业", "attributes": [INDUSTRY], "groups_by": "industry"}
        )
    )
    assert setting_label("ec_tier_groups", "tiers", words) == "同一行业的企业（分行业）"
    assert setting_label("ec_tier_groups", "province", words) == "全省参评企业（不分行业）"
    assert setting_label("ec_tier_groups", "tiers") == "同一梯队的县（分梯队）"
    assert setting_label("ec_group", "eligible") == "仅参评县（取消资格、一票否决的县除外）"
    open_items = [Progress(None, 10, 5, 0, 3, 3, 1, 0, unchecked=1)]  # 2 to reconcile
    text = unsettled_message(open_items, words)
    assert "1 个企业有未汇总的专家评分项" in text and "按企业自报值计分" in text
    assert "按县级自报值计分" in unsettled_message(open_items)


def test_a_companys_self_check_compares_with_its_industry(
    companies: World, login: Callable[..., Client]
) -> None:
    from tests.web.adjudication.conftest import store, synthetic_values

    values = synthetic_values()
    values["pre.stations"], values["pre.three_star"] = 10, 14  # more three-star than all
    store(companies.application, values)
    panel = page(login, companies.office, f"/applications/{companies.application.pk}/selfcheck/")
    assert "与本企业自身的其他数据、上一周期申报或同行业参照数据相比" in panel
    assert leftovers(panel) == []


def test_refusals_name_the_companys_own_unit(companies: World) -> None:
    from qcounty.web.adjudication import actions as adjudication
    from qcounty.web.words import invalid_department

    assert invalid_department(companies.application) == "请选择本企业的一个部门"
    put = companies.application
    Application.objects.filter(pk=put.pk).update(status=Application.Status.SUBMITTED)
    put.refresh_from_db()
    with pytest.raises(adjudication.Refused, match="更正必须填写理由（企业会看到）"):
        adjudication.correct_value(put, "i31.rd_share", 2.0, " ", companies.evaluator)


def test_shandongs_refusals_read_as_before(world: World) -> None:
    from qcounty.web.words import invalid_department

    assert invalid_department(world.application) == "请选择本县（市、区）的一个部门"


def test_a_bulk_workbook_of_an_unknown_company_is_refused_in_its_words(companies: World) -> None:
    from qcounty.web.bulk.actions import _parse, check_workbook
    from tests.web.bulk.test_bulk import workbook

    data = workbook(0, companies.campaign.name, "威海市", "不存在甲")
    reason, county = check_workbook(
        companies.campaign, companies.province, _parse(companies.campaign, data)
    )
    assert county is None and reason == "威海市不存在甲不是本省系统中的企业"


def test_industry_groups_offer_no_city_tier_filter(
    companies: World, login: Callable[..., Client]
) -> None:
    from tests.web.adjudication.conftest import put_status

    put_status(companies.application, Application.Status.SUBMITTED)
    for url in ("/", "/adjudication/"):
        html = login(companies.evaluator).get(url).content.decode()
        assert 'name="tier"' not in html, url  # a city's tier is no industry


@pytest.fixture
def cities_evaluated(cities: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """The city scheme's text is what a snapshot stores and scores (not Shandong's file)."""
    from qcounty.web.evaluation import actions as evaluation

    text = resolve(framework().id).read_text(encoding="utf-8")
    text = text.replace("县", "甲").replace("梯队", "档")
    text = text.replace('version: "2022"\n', 'version: "2022"\nevaluated_unit: 市\n', 1)
    monkeypatch.setattr(evaluation, "framework_text", lambda campaign: text)
    return cities


def test_the_evaluation_of_a_city_scheme_names_cities(
    cities_evaluated: World,
    proposed: Any,  # noqa: F811  (the objections' fixture: a snapshot published for 公示)
    login: Callable[..., Client],
) -> None:
    taken = proposed.snapshot
    for url in [
        "/evaluation/",
        f"/evaluation/snapshots/{taken.pk}/",
        f"/evaluation/snapshots/{taken.pk}/counties/0/",
        f"/evaluation/snapshots/{taken.pk}/compare/",
        f"/evaluation/publications/{proposed.pk}/",
    ]:
        text = page(login, cities_evaluated.evaluator, url)
        assert "县" not in text, (url, leftovers(text))
    listing = page(login, cities_evaluated.evaluator, f"/evaluation/snapshots/{taken.pk}/")
    assert "下载参评市数据（JSON）" in listing
    assert "各市得分报告" in page(
        login, cities_evaluated.evaluator, f"/evaluation/publications/{proposed.pk}/"
    )


def test_a_companys_mail_is_headed_by_its_effort(companies: World, mailoutbox: Any) -> None:
    from qcounty.web.review import notify
    from qcounty.web.review.models import Notification

    user = companies.office
    user.email, user.delivery = "office@example.com", User.Delivery.IMMEDIATE
    user.save()
    notify.send([user], companies.application, Notification.Kind.RETURNED, "测试通知")
    assert [m.subject for m in mailoutbox] == ["【企业质量评价】测试通知"]


def test_a_city_schemes_cohort_file_is_named_for_cities(
    cities_evaluated: World,
    snapshot: Any,  # noqa: F811  (the evaluation's fixture)
    login: Callable[..., Client],
) -> None:
    response = login(cities_evaluated.evaluator).get(
        f"/evaluation/snapshots/{snapshot.pk}/cohort.json"
    )
    assert response.status_code == 200
    assert quote("参评市数据.json") in response["Content-Disposition"]


def test_an_assessment_of_cities_quality_work_is_not_called_a_creation() -> None:
    """Anhui's 质量工作考核 assesses its cities' quality work; Taizhou's cities create 质量强市."""
    from qcounty.core import load_framework
    from qcounty.web.words import page_words

    anhui = page_words(load_framework("anhui-quality-work-2014"))
    assert (anhui.effort, anhui.system, anhui.creates) == (
        "质量工作考核",
        "质量工作考核评价系统",
        False,
    )
    taizhou = page_words(load_framework("taizhou-quality-city-2011"))
    assert (taizhou.effort, taizhou.system, taizhou.creates) == (
        "质量强市创建",
        "质量强市创建评价系统",
        True,
    )
    shandong = page_words(load_framework("shandong-county-2022"))
    assert (shandong.effort, shandong.system) == ("质量强县创建", "质量强县创建评价系统")


def test_pages_about_no_campaign_take_the_deployments_scheme(
    client: Client, settings: Any, caplog: Any
) -> None:
    """The sign-in page of a deployment running Anhui's 质量工作考核 is headed in its words;
    Shandong's reads as before; a mistyped setting falls back to Shandong's and says so."""
    url = reverse("accounts:login")
    settings.QCOUNTY_FRAMEWORK = "anhui-quality-work-2014"
    page = client.get(url).content.decode()
    assert "质量工作考核评价系统" in page and "质量强县" not in page
    settings.QCOUNTY_FRAMEWORK = "shandong-county-2022"
    assert "质量强县创建评价系统" in client.get(url).content.decode()
    settings.QCOUNTY_FRAMEWORK = "no-such-scheme"
    assert "质量强县创建评价系统" in client.get(url).content.decode()
    assert "QCOUNTY_FRAMEWORK='no-such-scheme' is not a bundled scheme" in caplog.text
