"""The rank estimate page: the core's estimate against the reference, said in words."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from qcounty.core.cohort import parse_cohort
from qcounty.core.rankest import estimate_rank
from qcounty.web.campaigns.models import Campaign
from qcounty.web.cockpit.gapdata import rank_for, rank_sentence
from qcounty.web.reporting import actions
from qcounty.web.reporting.scoring import county_of
from tests.builders import passing_gates
from tests.web.conftest import YEAR, World, framework, reference_cohort


def url(world: World) -> str:
    return reverse("cockpit:rank", args=[world.application.pk])


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def pass_gates(world: World) -> None:
    """Report gate values that pass (20 stations, 4 three-star, 2 four-star; no veto)."""
    for key, value in passing_gates().items():
        actions.save_value(world.application, key, value, world.office)


def test_the_page_states_the_cores_estimate_in_words(world: World, office_client: Client) -> None:
    pass_gates(world)
    for key in ("i01.slogan", "i28.safe_county", "i29.drug_inspection_full"):
        actions.save_value(world.application, key, True, world.office)
    expected = estimate_rank(
        framework(),
        county_of(world.application),
        YEAR,
        parse_cohort(reference_cohort(), framework()),
        titles=world.campaign.titles,
    )
    page = _text(office_client.get(url(world)))
    assert expected.rank is not None
    if expected.best_rank == expected.worst_rank:
        assert f"按参照数据估算，约第 {expected.rank} 名" in page
    else:
        assert (
            f"按参照数据估算，约第 {expected.rank} 名"
            f"（可能在第 {expected.best_rank}–{expected.worst_rank} 名之间）"
        ) in page
    assert f"共 {expected.ranked} 个参评县" in page
    assert f'<td class="num">{expected.rank} / {expected.ranked}</td>' in page
    assert f"{expected.total:.2f}" in page and f"{expected.floor:.2f}" in page
    assert "被取消创建资格或一票否决的县不参加排名。" in page  # Shandong's words, as before


def test_the_points_to_the_top_n_follow_the_campaigns_titles(world: World) -> None:
    pass_gates(world)
    Campaign.objects.filter(pk=world.campaign.pk).update(titles=3)
    world.application.campaign.refresh_from_db()
    estimate = rank_for(world.application)
    assert estimate is not None and estimate.titles == 3
    # an empty application is far from the top 3: the gap is the 3rd other total minus its own
    assert estimate.nth_total is not None
    assert estimate.to_top == round(estimate.nth_total, 2) - round(estimate.total, 2)
    sentence = rank_sentence(estimate)
    assert (
        f"距前 3 名（第 3 名 {estimate.nth_total:.2f} 分）还差 {estimate.to_top:.2f} 分" in sentence
    )


def test_a_vetoed_county_is_not_ranked_and_the_page_says_why(
    world: World, office_client: Client
) -> None:
    pass_gates(world)
    actions.save_value(world.application, "veto.quality_incident", True, world.office)
    page = _text(office_client.get(url(world)))
    assert "不参加排名" in page and "一票否决" in page
    assert "全省排名" not in page


def test_without_a_reference_cohort_the_page_says_so(world: World, office_client: Client) -> None:
    Campaign.objects.filter(pk=world.campaign.pk).update(reference_cohort=None, reference_version=9)
    page = _text(office_client.get(url(world)))
    assert "没有参照数据，无法估算排名" in page


def test_an_unreported_prerequisite_means_no_rank(world: World) -> None:
    estimate = rank_for(world.application)
    assert estimate is not None and estimate.rank is None
    assert "三星市场监管所占比：未填报或无法计算" in rank_sentence(estimate)


def test_gap_and_rank_pages_agree(world: World, office_client: Client) -> None:
    pass_gates(world)
    estimate = rank_for(world.application)
    assert estimate is not None
    gaps = _text(office_client.get(reverse("cockpit:gaps", args=[world.application.pk])))
    assert f"约第 {estimate.rank} 名（第 {estimate.best_rank}–{estimate.worst_rank} 名）" in gaps
