"""What-if: preview a corrected value (nothing saved), then save it as a correction; policy
comparison side by side."""

from __future__ import annotations

import json
import re

from django.test import Client
from django.urls import reverse

from qcounty.core.cohort import parse_cohort
from qcounty.core.scoring import score_cohort
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.models import Decision
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.actions import set_experts_see_results, take_snapshot
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.evaluation.snapshots import scored
from qcounty.web.reporting.models import InputValue
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import World, framework
from tests.web.evaluation.conftest import position


def preview(client: Client, snapshot: CohortSnapshot, name: str, key: str, value: str):  # type: ignore[no-untyped-def]
    url = reverse("evaluation:whatif", args=[snapshot.pk, position(snapshot, name)])
    return client.get(url, {"key": key, "value": value}, HTTP_HX_REQUEST="true")


def table(html: str) -> dict[str, tuple[str, str, str, str]]:
    """Return county → (total before, after, rank before, after) of the what-if's table."""
    body = html.split('class="list changes"')[1].split("</table>")[0]
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>")[1], re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        out[cells[0]] = (cells[1], cells[2], cells[4], cells[5])
    return out


def counts() -> tuple[int, int, int, int]:
    return (
        Decision.objects.count(),
        InputValue.objects.count(),
        AuditEntry.objects.count(),
        CohortSnapshot.objects.count(),
    )


def test_the_preview_shows_every_county_that_moves_and_saves_nothing(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    before = counts()
    response = preview(evaluator_client, snapshot, "文登区", "i31.rd_share", "5")
    assert response.status_code == 200
    html = response.content.decode()
    # 文登区 5.0 becomes tier 2's x_h and 荣成市 4.0 its x_s: 文登区 2 + 2 = 4.00 (rank 2 → 1,
    # tied with 德城区), 荣成市 d = 60 → 1.20 (rank 3 → 4); 德城区 and 历下区 keep score and rank
    assert table(html) == {
        "威海市文登区": ("3.20", "4.00", "2", "1"),
        "威海市荣成市": ("2.00", "1.20", "3", "4"),
    }
    assert "预演（未保存）" in html
    assert "前 3 名的变化：退出 威海市荣成市" in html
    assert counts() == before


def test_the_preview_equals_a_full_rescore_of_the_changed_cohort(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    html = preview(evaluator_client, snapshot, "历下区", "i31.rd_share", "0.5").content.decode()
    data = json.loads(snapshot.cohort_json)
    data["counties"][position(snapshot, "历下区")]["values"]["i31.rd_share"] = 0.5
    full = score_cohort(framework(), parse_cohort(data, framework()))
    before = scored(snapshot).score
    expected = {}
    for i, c in enumerate(full.counties):
        ranks = (int(before.ranks[i]) or "—", int(full.ranks[i]) or "—")
        if round(before.totals[i], 2) != round(full.totals[i], 2) or ranks[0] != ranks[1]:
            expected[c.city + c.name] = (
                f"{before.totals[i]:.2f}",
                f"{full.totals[i]:.2f}",
                str(ranks[0]),
                str(ranks[1]),
            )
    # 历下区 alone in tier 1 stays at d = 100 (2.00), but 市中区's information-only d is clipped
    # against x_s = x_h = 0.5 now: 1.0 above it → d = 100 → 2.00 instead of 1.20
    assert expected["济南市市中区"] == ("1.20", "2.00", "—", "—")
    assert table(html) == {"济南市历下区": ("2.00", "2.00", "3", "3"), **expected}


def test_a_value_the_core_refuses_is_shown_in_chinese_and_nothing_is_computed(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    html = preview(evaluator_client, snapshot, "文登区", "i31.rd_share", "-3").content.decode()
    assert "应在 0–100% 之间，实际为 -3%" in html
    assert 'class="list changes"' not in html
    html = preview(evaluator_client, snapshot, "文登区", "i31.rd_share", "两成").content.decode()
    assert "应为数字，实际为“两成”" in html
    html = preview(evaluator_client, snapshot, "文登区", "i99.nothing", "1").content.decode()
    assert "请选择要更正的字段" in html


def test_saving_the_what_if_records_a_correction_and_a_new_snapshot_moves_the_ranks(
    world: World, snapshot: CohortSnapshot, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    i = position(snapshot, "文登区")
    url = reverse("evaluation:whatif_save", args=[snapshot.pk, i])
    form = {"key": "i31.rd_share", "value": "5", "reason": "R&D 经费以统计年鉴为准：5.0%"}
    response = evaluator_client.post(url, form)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.application, decision.key, decision.kind) == (
        cohort["文登区"],
        "i31.rd_share",
        Decision.Kind.CORRECTED,
    )
    assert (decision.claimed, decision.value, decision.reason) == (2.0, 5.0, form["reason"])
    # the snapshot is frozen: still 3.20; a new snapshot counts the correction (4.00, rank 1)
    assert round(scored(snapshot).score.totals[i], 6) == 3.2
    newer = scored(take_snapshot(world.campaign, world.evaluator, confirmed=True)).score
    assert (round(newer.totals[i], 6), int(newer.ranks[i])) == (4.0, 1)


def test_a_correction_without_a_reason_is_refused_and_nothing_is_written(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    before = counts()
    url = reverse("evaluation:whatif_save", args=[snapshot.pk, position(snapshot, "文登区")])
    response = evaluator_client.post(url, {"key": "i31.rd_share", "value": "5", "reason": "  "})
    assert response.status_code == 400
    assert "更正必须填写理由" in response.content.decode()
    assert counts() == before


def test_an_expert_may_preview_but_not_save(
    snapshot: CohortSnapshot,
    expert: User,
    login,  # type: ignore[no-untyped-def]
) -> None:
    set_experts_see_results(snapshot.campaign, True, snapshot.created_by)  # after blind review
    client = login(expert)
    assert preview(client, snapshot, "文登区", "i31.rd_share", "5").status_code == 200
    url = reverse("evaluation:whatif_save", args=[snapshot.pk, position(snapshot, "文登区")])
    response = client.post(url, {"key": "i31.rd_share", "value": "5", "reason": "x"})
    assert response.status_code == 403
    assert Decision.objects.count() == 0


def test_policy_comparison_shows_both_rankings_and_who_leaves_the_top(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    url = reverse("evaluation:compare", args=[snapshot.pk])
    html = evaluator_client.get(url, {"b_ec_tier_groups": "province"}).content.decode()
    # item 31 over the whole province: x_s = 1.5 (德城区), x_h = 4.0 (荣成市);
    # 历下区 d = 60 + 40 × 1.5 / 2.5 = 84 → 1.68; 文登区 d = 68 → 1.36 + 2 = 3.36;
    # 德城区 d = 60 → 1.20 + 2 = 3.20; 荣成市 2.00: ranks 文登区 1, 德城区 2, 荣成市 3, 历下区 4
    rows, tiers = {}, {}
    body = html.split('class="list compare"')[1].split("</table>")[0].split("<tbody>")[1]
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        rows[cells[0]] = (cells[2], cells[3], cells[5], cells[6])
        tiers[cells[0]] = cells[1]
    # the tier by its name in the framework, as the results page shows it
    assert tiers == {
        "济南市历下区": "第一梯队",
        "济南市市中区": "第一梯队",
        "威海市文登区": "第二梯队",
        "威海市荣成市": "第二梯队",
        "德州市德城区": "第三梯队",
        "德州市陵城区": "第三梯队",
    }
    assert rows["济南市历下区"] == ("2.00", "1.68", "3", "4")
    assert rows["威海市文登区"] == ("3.20", "3.36", "2", "1")
    assert rows["德州市德城区"] == ("4.00", "3.20", "1", "2")
    assert rows["威海市荣成市"] == ("2.00", "2.00", "3", "3")
    assert "退出 <strong>济南市历下区</strong>" in html
    assert "分档指标的比较组：甲 同一梯队的县（分梯队），乙 全省参评县（不分梯队）" in html


def test_the_default_comparison_is_efficacy_points_from_0_instead_of_60_percent(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    html = evaluator_client.get(reverse("evaluation:compare", args=[snapshot.pk])).content.decode()
    # scaled: d = 60 is worth nothing: 文登区 1.20 → 0 + 2 = 2.00, everyone else unchanged
    assert (
        "功效系数得分折算方式：甲 得分 = 分值 × d / 100（60%–100%），乙 得分 = 分值 × (d − 60) / 40（0–100%）"
        in html
    )


def test_an_unknown_policy_setting_is_refused_in_chinese(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    url = reverse("evaluation:compare", args=[snapshot.pk])
    response = evaluator_client.get(url, {"b_ec_mapping": "generous"})
    assert response.status_code == 400
    assert "“功效系数得分折算方式”没有“generous”这一设置" in response.content.decode()
