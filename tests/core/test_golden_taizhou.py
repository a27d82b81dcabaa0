"""Taizhou's 2011 质量强市工作考核 (bundled taizhou-quality-city-2011): five 市（区）, by hand.

Scheme: 质量建设机制 30 (item 1: four 1-point clauses; item 2: 26 by the 考核组), 质量工作成效 50
(品牌与质量强企 16 = 品牌建设 items 3–6 worth 4 + 4 + 4 + 3 = 15 "累计不超过12分" + item 7's 4;
item 8: 34 by the 考核组), 质量安全水平 20 (item 9: 6 when the rate reaches its target; item 10:
6, "每发生一起扣2分"; item 11: 8 by the 考核组). Outside the 100: 加分项 (items 12–14 worth
4 + 2 + 2 = 8, "最多加5分") and 扣分项 (items 15–16 worth 2 + 2 = 4, "最多扣3分"); total = base
+ bonus − deductions (it may pass 100); A ≥ 90, B ≥ 80, C ≥ 60, D below; a systemic incident
forces D and keeps the unit out of the ranking.
"""

from __future__ import annotations

from typing import Any

import pytest

from qcounty.core import load_framework
from qcounty.core.cohort import parse_cohort
from qcounty.core.scoring import CohortScore, score_cohort

SCHEME = "taizhou-quality-city-2011"
ALL_SIX = ["industry", "environment", "technology", "finance", "fiscal", "talent"]


def _unit(
    item1: tuple[str, str, bool, list[str]],
    judged: tuple[float, float, float],
    brands: tuple[dict[str, int], dict[str, int], dict[str, int], int, int],
    safety: tuple[float, float, int],
    bonus: tuple[dict[str, int], int, dict[str, int]],
    deductions: tuple[int, int] = (0, 0),
    incident: bool = False,
) -> dict[str, Any]:
    plan, report, scheme, policies = item1
    awards, products, marks, geo, adopters = brands
    actual, target, accidents = safety
    works, promoted, reports = bonus
    return {
        "veto.systemic_incident": incident,
        "i01.in_plan": plan,
        "i01.report": report,
        "i01.scheme": scheme,
        "i01.policies": policies,
        "i02.score": judged[0],
        "i03.awards": awards,
        "i04.brands": products,
        "i05.marks": marks,
        "i06.geo": geo,
        "i07.adopters": adopters,
        "i08.score": judged[1],
        "i09.actual": actual,
        "i09.target": target,
        "i10.accidents": accidents,
        "i11.score": judged[2],
        "i12.awards": works,
        "i13.promoted": promoted,
        "i14.reports": reports,
        "i15.false_reports": deductions[0],
        "i16.criticised": deductions[1],
    }


COHORT = [
    # 海陵区 — the brand group's cap and the bonus block's cap both bind.
    #   质量建设机制: item 1 = 1 + 1 + 1 + 1 (all six aspects) = 4; item 2 = 24 → 28
    #   品牌建设: item 3 = 省级质量奖 1 × 2 + 市级质量奖 2 × 1 = 4; item 4 = 市级名牌 7 × 0.5 = 3.5;
    #     item 5 = 驰名 2 × 1 + 著名 4 × 0.25 = 3; item 6 = 3 × 1 = 3; 4 + 3.5 + 3 + 3 = 13.5 > 12 → 12
    #   item 7 = 6 × 0.5 = 3; 品牌与质量强企 = 12 + 3 = 15; item 8 = 30; 质量工作成效 = 15 + 30 = 45
    #   质量安全水平: item 9 = 6 (95.5 ≥ 94); item 10 = 6 (no accident); item 11 = 7 → 19
    #   base = 28 + 45 + 19 = 92
    #   加分项: item 12 = 鲁班奖 1 × 2 + 詹天佑奖 1 × 2 = 4; item 13 = 1 × 1 = 1;
    #     item 14 = 国家级 2 × 0.5 + 省级 3 × 0.2 = 1.6; 4 + 1 + 1.6 = 6.6 > 5 → 5
    #   扣分项: 0; total = 92 + 5 − 0 = 97 → A级
    (
        "海陵区",
        _unit(
            ("national_plan", "full", True, ALL_SIX),
            (24, 30, 7),
            ({"provincial": 1, "city": 2}, {"city": 7}, {"well_known": 2, "famous": 4}, 3, 6),
            (95.5, 94, 0),
            ({"luban": 1, "zhan_tianyou": 1}, 1, {"national": 2, "provincial": 3}),
        ),
    ),
    # 高港区 — a bonus below its cap, deductions above theirs, a missed target.
    #   质量建设机制: item 1 = 0.5 (部门规划) + 0.5 (体现不充分) + 0 (no 方案)
    #     + (1 − 2 × 0.1 = 0.8, four of six aspects) = 1.8; item 2 = 20 → 21.8
    #   品牌建设: item 3 = 市级质量奖 1 × 1 = 1; item 4 = 市级名牌 2 × 0.5 = 1; item 5 = 著名 2 × 0.25
    #     = 0.5; item 6 = 0; 1 + 1 + 0.5 + 0 = 2.5 ≤ 12; item 7 = 2 × 0.5 = 1 → 3.5; item 8 = 28
    #     → 质量工作成效 = 31.5
    #   质量安全水平: item 9 = 0 (92 < 94); item 10 = 6 − 1 × 2 = 4; item 11 = 6 → 10
    #   base = 21.8 + 31.5 + 10 = 63.3
    #   加分项: item 13 = 1; item 14 = 省级 2 × 0.2 = 0.4; 1.4 ≤ 5 → 1.4
    #   扣分项: item 15 = 1 × 2 = 2; item 16 = min(3 × 1, 2) = 2; 2 + 2 = 4 > 3 → 3
    #   total = 63.3 + 1.4 − 3 = 61.7 → C级
    (
        "高港区",
        _unit(
            ("department_plan", "partial", False, ["industry", "technology", "fiscal", "talent"]),
            (20, 28, 6),
            ({"city": 1}, {"city": 2}, {"famous": 2}, 0, 2),
            (92, 94, 1),
            ({}, 1, {"provincial": 2}),
            deductions=(1, 3),
        ),
    ),
    # 靖江市 — the veto: scored as usual, forced to D, not ranked.
    #   质量建设机制: 4 + 26 = 30
    #   品牌建设: item 3 = 全国质量奖 1 × 4 = 4; item 4 = 江苏名牌 1 × 2 + 市级名牌 2 × 0.5 = 3;
    #     item 5 = 驰名 1 × 1 = 1; item 6 = 1; 4 + 3 + 1 + 1 = 9 ≤ 12; item 7 = 8 × 0.5 = 4 → 13;
    #     item 8 = 33 → 质量工作成效 = 46
    #   质量安全水平: 6 (97 ≥ 95) + 6 + 8 = 20
    #   base = 30 + 46 + 20 = 96; 加分项: item 13 = 2 × 1 = 2; total = 96 + 2 = 98 → 一律为D级
    (
        "靖江市",
        _unit(
            ("national_plan", "full", True, ALL_SIX),
            (26, 33, 8),
            ({"national": 1}, {"jiangsu": 1, "city": 2}, {"well_known": 1}, 1, 8),
            (97, 95, 0),
            ({}, 2, {}),
            incident=True,
        ),
    ),
    # 泰兴市 — no policy aspect at all ("没有制定…不得分": 0, not 1 − 6 × 0.1 = 0.4), a deduction
    # below its cap, exactly on the B line.
    #   质量建设机制: item 1 = 1 + 1 + 1 + 0 = 3; item 2 = 22 → 25
    #   品牌建设: item 3 = 省级质量奖 1 × 2 = 2; item 4 = 市级名牌 4 × 0.5 = 2; item 5 = 驰名 1 × 1
    #     + 著名 2 × 0.25 = 1.5; item 6 = 1; 2 + 2 + 1.5 + 1 = 6.5 ≤ 12; item 7 = 4 × 0.5 = 2
    #     → 8.5; item 8 = 29 → 质量工作成效 = 37.5
    #   质量安全水平: item 9 = 6 (94 ≥ 94, on the target); item 10 = 6; item 11 = 6 → 18
    #   base = 25 + 37.5 + 18 = 80.5
    #   加分项: item 14 = 国家级 1 × 0.5 = 0.5; 扣分项: item 16 = 1 × 1 = 1 ≤ 3
    #   total = 80.5 + 0.5 − 1 = 80 → B级 (80 ≥ 80)
    (
        "泰兴市",
        _unit(
            ("national_plan", "full", True, []),
            (22, 29, 6),
            ({"provincial": 1}, {"city": 4}, {"well_known": 1, "famous": 2}, 1, 4),
            (94, 94, 0),
            ({}, 0, {"national": 1}),
            deductions=(0, 1),
        ),
    ),
    # 兴化市 — a total above the full marks (base + bonus, as the scheme says).
    #   质量建设机制: 4 + 26 = 30
    #   品牌建设: item 3 = 全国质量奖 1 × 4 = 4; item 4 = 江苏名牌 2 × 2 = 4; item 5 = 驰名 4 × 1 = 4;
    #     item 6 = 3 × 1 = 3; 4 + 4 + 4 + 3 = 15 > 12 → 12; item 7 = 8 × 0.5 = 4 → 16; item 8 = 33
    #     → 质量工作成效 = 49
    #   质量安全水平: 6 (98 ≥ 96) + 6 + 7 = 19
    #   base = 30 + 49 + 19 = 98; 加分项: item 12 = 鲁班奖 2 × 2 = 4 ≤ 5; total = 98 + 4 = 102 → A级
    (
        "兴化市",
        _unit(
            ("national_plan", "full", True, ALL_SIX),
            (26, 33, 7),
            ({"national": 1}, {"jiangsu": 2}, {"well_known": 4}, 3, 8),
            (98, 96, 0),
            ({"luban": 2}, 0, {}),
        ),
    ),
]


@pytest.fixture(scope="module")
def score() -> CohortScore:
    f = load_framework(SCHEME)
    data = {
        "format": "qcounty-cohort/1",
        "framework": SCHEME,
        "evaluation_year": 2011,
        "counties": [{"name": n, "city": "泰州市", "values": v} for n, v in COHORT],
    }
    return score_cohort(f, parse_cohort(data, f))


def test_totals_blocks_grades_and_ranks_are_the_hand_computed_ones(score):
    rows = [score.county(i) for i in range(len(COHORT))]
    assert [r.total for r in rows] == pytest.approx([97, 61.7, 98, 80, 102])
    assert [r.base for r in rows] == pytest.approx([92, 63.3, 96, 80.5, 98])
    assert [r.bonus for r in rows] == pytest.approx([5, 1.4, 2, 0.5, 4])
    assert [r.deduction for r in rows] == pytest.approx([0, 3, 0, 1, 0])
    assert [r.grade for r in rows] == ["A级", "C级", "D级", "B级", "A级"]
    assert [r.rank for r in rows] == [2, 4, None, 3, 1]
    levels = [[round(s.points, 6) for s in r.first_level] for r in rows]
    assert levels == [
        [28, 45, 19, 5, 0],
        [21.8, 31.5, 10, 1.4, -3],
        [30, 46, 20, 2, 0],
        [25, 37.5, 18, 0.5, -1],
        [30, 49, 19, 4, 0],
    ]  # 质量建设机制, 质量工作成效, 质量安全水平, 加分项, 扣分项 (taken off: negative)


def test_the_brand_group_cap_is_said_where_it_binds(score):
    haling, gaogang, xinghua = score.county(0), score.county(1), score.county(4)
    item6 = next(i for i in haling.indicators if i.number == 6)
    assert [m.render() for m in item6.notes] == [
        "品牌建设（第 3–6 项）各项合计 13.5 分，封顶 12 分。"
    ]
    assert next(i for i in gaogang.indicators if i.number == 6).notes == []
    assert [m.render() for m in next(i for i in xinghua.indicators if i.number == 6).notes] == [
        "品牌建设（第 3–6 项）各项合计 15 分，封顶 12 分。"
    ]
    assert haling.second_level[2].points == pytest.approx(15)  # 品牌与质量强企 = 12 + 3


def test_the_blocks_caps_and_the_total_are_explained(score):
    haling, gaogang, jingjiang = score.county(0), score.county(1), score.county(2)
    assert [m.render() for m in haling.first_level[3].notes] == [
        "加分项 各项合计 6.6 分，封顶 5 分。"
    ]
    assert [m.render() for m in gaogang.first_level[4].notes] == [
        "扣分项 各项合计扣 4 分，最多扣 3 分。"
    ]
    assert gaogang.first_level[3].notes == []  # 1.4 below the bonus cap: nothing to say
    assert "基础分 63.3 分，加分 1.4 分，扣分 3 分，总分 61.7 分。" in [
        m.render() for m in gaogang.notes
    ]
    assert jingjiang.notes[-1].render() == "否决项：考核结果一律为D级，评定为D级。"


def test_no_policy_aspect_scores_nothing_as_the_text_says(score):
    taixing = score.county(3)
    item1 = next(i for i in taixing.indicators if i.number == 1)
    assert [c.points for c in item1.criteria] == pytest.approx([1, 1, 1, 0])


def test_a_deduction_counts_occurrences_in_the_schemes_own_unit(score):
    """Before: "1 次，每次扣 2 分" for "每发生一起扣2分" (the unit was always 次)."""
    gaogang = score.county(1)
    accidents = next(i for i in gaogang.indicators if i.number == 10).criteria[0]
    assert [m.render() for m in accidents.messages] == [
        "本年度发生的产品、工程质量安全事故：1 起，每起扣 2 分，扣 2 分。"
    ]
    criticised = next(i for i in gaogang.indicators if i.number == 16).criteria[0]
    assert [m.render() for m in criticised.messages] == [
        "本年度质量工作被省级以上通报批评：3 次，每次扣 1 分，扣 2 分（共 3 分，最多扣 2 分）。"
    ]
    none = next(i for i in score.county(0).indicators if i.number == 10).criteria[0]
    assert [m.render() for m in none.messages] == [
        "本年度发生的产品、工程质量安全事故：0 起，不扣分。"
    ]
