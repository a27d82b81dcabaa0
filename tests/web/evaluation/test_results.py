"""The results of a snapshot: the hand-computed ranking on the page, through the web and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from qcounty.cli import app as cli
from qcounty.core.framework.model import Indicator
from qcounty.core.scoring import CohortScore
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.actions import take_snapshot
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.evaluation.snapshots import scored
from qcounty.web.reporting.models import InputValue
from tests.web.conftest import World
from tests.web.evaluation.conftest import RANKS, TITLES, TOTALS, position


def results(client: Client, snapshot: CohortSnapshot) -> dict:
    response = client.get(reverse("evaluation:results_json", args=[snapshot.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_results_page_ranks_the_hand_cohort_as_computed_by_hand(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    page = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    ranking = html.split('class="list ranking"')[1].split("</table>")[0]
    rows = re.findall(r'<tr class="[^"]*">(.*?)</tr>', ranking, re.S)
    shown = [
        (
            re.sub(r"<[^>]+>", "", cells[0]).strip(),
            re.sub(r"<[^>]+>", "", cells[2]).strip(),
            cells[5],
        )
        for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows)
    ]
    # 德城区 4.00, 文登区 3.20, then 历下区 and 荣成市 tied at 2.00 (the name decides the order)
    assert shown == [
        ("1", "德城区", "4.00"),
        ("2", "文登区", "3.20"),
        ("3（并列）", "历下区", "2.00"),
        ("3（并列）", "荣成市", "2.00"),
    ]
    # three titles, a tie at the third place: four counties selected, the tie flagged
    assert "注意：历下区、荣成市 并列末位，入选 4 个县，超过名额 3 个" in html
    assert "德州市德城区、威海市文登区、济南市历下区、威海市荣成市" in html
    # the vetoed and the ineligible counties are listed apart, with the gate that failed
    unranked = html.split('class="list unranked"')[1].split("</table>")[0]
    assert "市中区" in unranked and "取消创建资格" in unranked
    assert "陵城区" in unranked and "一票否决" in unranked
    assert "前置指标：不达标" in unranked
    assert "一票否决项：不达标" in unranked


def test_the_results_json_has_the_hand_computed_totals_ranks_and_tier_ranks(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    data = results(evaluator_client, snapshot)
    rows = {r["county"]: r for r in data["rows"]}
    assert {k: round(r["total"], 6) for k, r in rows.items()} == TOTALS
    assert {k: r["rank"] for k, r in rows.items()} == RANKS
    # tiers: 历下区 alone in tier 1, 文登区 before 荣成市 in tier 2, 德城区 alone in tier 3
    assert {k: r["tier_rank"] for k, r in rows.items() if r["rank"]} == {
        "历下区": 1,
        "文登区": 1,
        "荣成市": 2,
        "德城区": 1,
    }
    assert [r["county"] for r in data["selected"]] == ["德城区", "文登区", "历下区", "荣成市"]
    assert data["tied_at_boundary"] == ["历下区", "荣成市"]
    assert rows["市中区"]["status"] == "ineligible"
    assert rows["陵城区"]["status"] == "vetoed"


def test_the_cli_scores_the_snapshots_cohort_file_exactly_as_the_web(
    snapshot: CohortSnapshot, evaluator_client: Client, tmp_path: Path
) -> None:
    download = evaluator_client.get(reverse("evaluation:cohort_file", args=[snapshot.pk]))
    assert download.status_code == 200
    assert "attachment; filename*=UTF-8''" in download["Content-Disposition"]
    path = tmp_path / "cohort.json"
    path.write_bytes(download.content)
    run = CliRunner().invoke(cli, ["evaluate", str(path), "--json", "--titles", str(TITLES)])
    assert run.exit_code == 0, run.output
    printed = json.loads(run.stdout)

    web = results(evaluator_client, snapshot)
    assert [
        (r["name"], r["city"], r["total"], r["rank"], r["tier_rank"], r["status"])
        for r in printed["ranking"]
    ] == [
        (r["county"], r["city"], round(r["total"], 6), r["rank"], r["tier_rank"], r["status"])
        for r in web["rows"]
    ]
    assert printed["selected"] == [r["city"] + r["county"] for r in web["selected"]]
    assert printed["tied_at_boundary"] == ["济南市历下区", "威海市荣成市"]


def test_a_county_page_shows_the_bounds_group_and_d_of_an_efficacy_item(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    url = reverse("evaluation:county", args=[snapshot.pk, position(snapshot, "文登区")])
    html = evaluator_client.get(url).content.decode()
    row = html.split('id="indicator-31"')[1].split("</tr>\n  \n")[0]
    # tier 2's eligible counties: 文登区 2.0 and 荣成市 4.0; x_s = 2, x_h = 4, d = 60 → 1.20
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.split('class="compact ec"')[1])
    assert cells[:3] == ["2 %", "2", "4"]  # x, x_s, x_h
    assert "第二梯队全体参评县（2）" in row
    assert cells[3] == "60"  # d
    assert "1.20 / 2" in row
    assert '<strong class="big" id="county-total">3.20</strong>' in html
    assert '<strong id="county-rank">2</strong>' in html


def test_the_snapshot_is_scored_once_per_process_not_once_per_page(
    snapshot: CohortSnapshot, evaluator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # speed is measured by `make bench` (docs/performance.md); here: the pages reuse one score
    from qcounty.web.evaluation import snapshots

    calls: list[int] = []
    real = snapshots.score_cohort

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshots, "score_cohort", counting)
    url = reverse("evaluation:snapshot", args=[snapshot.pk])
    assert evaluator_client.get(url).status_code == 200
    assert evaluator_client.get(url).status_code == 200
    county = reverse("evaluation:county", args=[snapshot.pk, position(snapshot, "文登区")])
    assert evaluator_client.get(county).status_code == 200
    assert len(calls) == 1


def test_a_county_page_names_the_comparison_group_the_core_gives(
    snapshot: CohortSnapshot, evaluator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the page asks the core (CohortScore.group_name) rather than re-deriving tiers itself
    asked = []

    def group_name(self: CohortScore, indicator: Indicator, i: int) -> str:
        asked.append((indicator.number, i))
        return f"核心给出的比较组{indicator.number}"

    monkeypatch.setattr(CohortScore, "group_name", group_name)
    i = position(snapshot, "文登区")
    html = evaluator_client.get(reverse("evaluation:county", args=[snapshot.pk, i])).content
    row = html.decode().split('id="indicator-31"')[1].split("</tr>\n  \n")[0]
    assert "核心给出的比较组31（2）" in row
    assert (31, i) in asked


def test_a_tier_without_an_eligible_county_has_no_median_in_the_radar(
    world: World,
    cohort: dict[str, Application],
    evaluator_client: Client,
) -> None:
    # 历下区 fails the three-star gate as 市中区 does: tier 1 has no eligible county left
    InputValue.objects.filter(application=cohort["历下区"], key="pre.three_star").update(value=2)
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    url = reverse("evaluation:county", args=[snapshot.pk, position(snapshot, "市中区")])
    response = evaluator_client.get(url)
    radar = response.context["radar"]
    assert radar["tier"] == [None, None, None, None]  # NaN from the core: nothing to draw
    assert "第一梯队没有参与排名的县，没有梯队中位数。" in response.content.decode()
    # the cohort's median is of the three eligible counties (德城区, 文登区, 荣成市)
    score = scored(snapshot).score
    assert radar["cohort"] == [round(x, 4) for x in score.medians().first]
    assert score.medians().counties == 3
