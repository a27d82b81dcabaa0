"""The score report the province sends back to each county: the county office downloads its
own county's, from the page of the province's decisions, which its application page links."""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.actions import publish
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.organisations.models import Organisation
from tests.web.conftest import World


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_county_office_downloads_its_own_report_from_the_decisions_page(
    world: World,
    cohort: dict[str, Application],
    snapshot: CohortSnapshot,
    login: Callable[[User], Client],
) -> None:
    wendeng = cohort["文登区"]
    published = publish(snapshot, "proposed", world.evaluator)
    office = login(world.office)
    # the application page links the province's decisions once the application left the draft
    page = office.get(reverse("reporting:application", args=[wendeng.pk])).content.decode()
    decisions = reverse("adjudication:county_view", args=[wendeng.pk])
    assert f'href="{decisions}">省级核实结果</a>' in page
    page = office.get(decisions).content.decode()
    report = reverse("evaluation:application_report", args=[published.pk, wendeng.pk])
    listed = page.split('class="list reports"')[1].split("</table>")[0]
    # 文登区: 2 slogan points + item 31's 1.20 (d = 60 in tier 2) = 3.20, second, listed
    assert "拟认定名单（公示） 第1版" in listed
    assert "3.20" in listed and '<td class="num">2</td>' in listed and "列入名单" in listed
    assert f'href="{report}"' in listed
    response = office.get(report)
    assert response.status_code == 200
    name = f"威海市文登区-得分报告-{world.campaign.name}拟认定名单（公示）第1版.docx"
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote(name)}"
    text = text_of(response.content)
    assert "威海市文登区评价得分报告" in text and "3.20 分（满分 100 分）" in text


def test_a_county_gets_no_other_countys_report(
    world: World,
    cohort: dict[str, Application],
    snapshot: CohortSnapshot,
    login: Callable[[User], Client],
) -> None:
    published = publish(snapshot, "proposed", world.evaluator)
    wendeng = reverse("evaluation:application_report", args=[published.pk, cohort["文登区"].pk])
    rongcheng = reverse("evaluation:application_report", args=[published.pk, cohort["荣成市"].pk])
    assert login(world.rongcheng_office).get(wendeng).status_code == 404
    assert login(world.office).get(rongcheng).status_code == 404
    # a department's clerk of the county reads its indicators, not the province's report
    assert login(world.market_clerk).get(wendeng).status_code == 404
    # the county's office still reads none of the evaluation's own pages
    assert (
        login(world.office).get(reverse("evaluation:publication", args=[published.pk])).status_code
        == 404
    )
    # the province downloads any county's
    evaluator = login(world.evaluator)
    assert evaluator.get(wendeng).status_code == 200
    assert evaluator.get(rongcheng).status_code == 200


def test_a_draft_has_no_link_and_an_unlisted_application_no_report(
    world: World,
    cohort: dict[str, Application],
    snapshot: CohortSnapshot,
    login: Callable[[User], Client],
) -> None:
    published = publish(snapshot, "proposed", world.evaluator)
    office = login(world.office)
    Application.objects.filter(pk=cohort["文登区"].pk).update(status=Application.Status.DRAFT)
    page = office.get(reverse("reporting:application", args=[cohort["文登区"].pk])).content
    assert "省级核实结果" not in page.decode()
    # an application accepted after the snapshot is not in the published list: no report
    county = Organisation.objects.create(
        kind=Organisation.Kind.COUNTY, name="乳山市", parent=world.weihai
    )
    later = open_application(world.campaign, county)
    Application.objects.filter(pk=later.pk).update(status=Application.Status.ACCEPTED)
    url = reverse("evaluation:application_report", args=[published.pk, later.pk])
    evaluator = login(world.evaluator)
    assert evaluator.get(url).status_code == 404
    assert (
        "评价得分报告"
        not in evaluator.get(reverse("adjudication:county_view", args=[later.pk])).content.decode()
    )


def test_a_report_contradicting_the_list_is_refused_on_the_countys_page_too(
    world: World,
    cohort: dict[str, Application],
    snapshot: CohortSnapshot,
    login: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wendeng = cohort["文登区"]
    published = publish(snapshot, "proposed", world.evaluator)
    real = snapshots.score_cohort

    def changed_engine(framework, cohort, policies):  # type: ignore[no-untyped-def]
        # item 31 across the province: 文登区 d = 60 + 40 × 0.5 / 2.5 = 68 → 1.36 + 2 = 3.36
        return real(
            framework, cohort, policies=policies.with_overrides({"ec_tier_groups": "province"})
        )

    monkeypatch.setattr(snapshots, "score_cohort", changed_engine)
    snapshots.clear_cache()
    office = login(world.office)
    url = reverse("evaluation:application_report", args=[published.pk, wendeng.pk])
    response = office.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("adjudication:county_view", args=[wendeng.pk])
    page = office.get(response["Location"]).content.decode()
    assert "威海市文登区得 3.36 分、第 1 名" in page and "不生成报告" in page
