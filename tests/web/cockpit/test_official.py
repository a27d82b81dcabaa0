"""Once the province publishes a list with the county's application, the cockpit shows the
published total and rank beside its own estimate, on the dashboard, the years page and in the
quality status report.

The cohort is the evaluation tests' hand-computed one (tests/web/evaluation/conftest.py):
文登区 scores 2 (item 1, the slogan) + 1.20 (item 31: 2.0 = x_s of its tier, d = 60,
2 × 0.6) = 3.20 in the province's snapshot, second after 德城区's 4.00.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import reportdata
from qcounty.web.evaluation.actions import publish
from qcounty.web.evaluation.models import CohortSnapshot
from tests.web.cockpit.test_report import content_of, docx_text, report_of
from tests.web.cockpit.test_years import rows
from tests.web.conftest import World
from tests.web.evaluation.conftest import (  # noqa: F401  (fixtures)
    _fresh_snapshot_cache,
    _immediate_tasks,
    cohort,
    snapshot,
)

PUBLISHED = "省级公布：3.20 分，第 2 名（拟认定名单（公示）第1版）"


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_published_figures_show_beside_the_estimate(
    world: World,
    cohort: dict[str, Application],  # noqa: F811
    snapshot: CohortSnapshot,  # noqa: F811
    office_client: Client,
) -> None:
    wendeng = cohort["文登区"]
    dashboard = reverse("cockpit:dashboard", args=[wendeng.pk])
    years = reverse("cockpit:years", args=[world.wendeng.pk])
    assert "省级公布" not in _text(office_client.get(dashboard))  # nothing published yet
    assert "省级公布" not in rows(office_client.get(years))

    publish(snapshot, "proposed", world.evaluator)
    page = _text(office_client.get(dashboard))
    assert PUBLISHED in page
    # the cockpit's own figure beside it: the province's checked values against the
    # campaign's reference cohort, named as such and not as a self-assessment
    estimate = reportdata.scored(wendeng).result.total
    assert f"核实后得分 {estimate:.2f}" in page and "自评总分" not in page
    assert "以省级公布的为准" in page

    assert rows(office_client.get(years))["省级公布"] == [
        "",
        "3.20 分，第 2 名（拟认定名单（公示）第1版）",
    ]

    text = docx_text(content_of(report_of(office_client, wendeng)))
    assert f"2023年，威海市文登区核实后得分 {estimate:.2f} 分" in text
    assert PUBLISHED in text
    assert "\n省级公布得分 |  | 3.20" in text and "\n省级公布名次 |  | 第 2 名" in text


def test_the_newest_list_is_the_one_shown(
    world: World,
    cohort: dict[str, Application],  # noqa: F811
    snapshot: CohortSnapshot,  # noqa: F811
    office_client: Client,
) -> None:
    publish(snapshot, "proposed", world.evaluator)
    publish(snapshot, "final", world.evaluator)
    page = _text(office_client.get(reverse("cockpit:dashboard", args=[cohort["文登区"].pk])))
    assert "省级公布：3.20 分，第 2 名（认定名单第1版）" in page
    assert "拟认定名单（公示）第1版）" not in page


def _before(page: str, first: str, then: str) -> bool:
    return first in page and then in page and page.index(first) < page.index(then)


def _history(html: str, id_: str) -> str:
    """Return the inside of the page's 发布前的估算 disclosure."""
    start = html.index(f'<details class="estimate-history" id="{id_}">')
    return html[start : html.index("</details>", start)]


def test_once_published_every_county_page_shows_the_official_figures_first(
    world: World,
    cohort: dict[str, Application],  # noqa: F811
    snapshot: CohortSnapshot,  # noqa: F811
    office_client: Client,
) -> None:
    wendeng = cohort["文登区"]
    publish(snapshot, "proposed", world.evaluator)
    dashboard = office_client.get(reverse("cockpit:dashboard", args=[wendeng.pk])).content
    html = dashboard.decode()
    # the official total is the first figure; the estimates are history, behind a disclosure
    assert _before(html, 'id="kpi-official"', 'id="estimate-history"')
    assert "估算名次" not in html[: html.index('id="estimate-history"')]
    history = _history(html, "estimate-history")
    assert "发布前的估算" in history and "估算名次" in history and 'id="kpi-total"' in history
    # the office's application page: its score panel, and the panel refreshed after a save
    for url in (
        reverse("reporting:application", args=[wendeng.pk]),
        reverse("reporting:score", args=[wendeng.pk]),
    ):
        page = office_client.get(url).content.decode()
        panel = page[page.index('<div class="score"') :]
        assert _before(panel, "省级公布：3.20 分，第 2 名", "自评得分")
        assert "自评得分" in _history(panel, "score-estimate")
    rank = office_client.get(reverse("cockpit:rank", args=[wendeng.pk])).content.decode()
    assert _before(rank, "省级公布：3.20 分，第 2 名", 'id="rank-estimate"')


def test_before_publication_the_estimate_is_not_hidden(
    world: World,
    cohort: dict[str, Application],  # noqa: F811
    snapshot: CohortSnapshot,  # noqa: F811
    office_client: Client,
) -> None:
    wendeng = cohort["文登区"]
    html = office_client.get(reverse("cockpit:dashboard", args=[wendeng.pk])).content.decode()
    assert "estimate-history" not in html and 'id="kpi-total"' in html
    page = office_client.get(reverse("reporting:application", args=[wendeng.pk])).content
    assert "发布前的估算" not in page.decode()


def test_the_countdowns_end_once_the_province_accepted(
    world: World,
    cohort: dict[str, Application],  # noqa: F811
    snapshot: CohortSnapshot,  # noqa: F811
    office_client: Client,
) -> None:
    wendeng = cohort["文登区"]
    assert wendeng.status == Application.Status.ACCEPTED
    html = office_client.get(reverse("cockpit:dashboard", args=[wendeng.pk])).content.decode()
    for kpi, done in (("department-deadline", "已报省"), ("application-deadline", "省级已接收")):
        block = html[html.index(f'id="kpi-{kpi}"') :]
        block = block[: block.index("</div>")]
        assert "已完成" in block and done in block
        assert "天" not in block  # no "N 天", no "已过 N 天"
