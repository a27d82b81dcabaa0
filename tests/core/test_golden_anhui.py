"""Anhui's 质量工作考核 (bundled anhui-quality-work-2014): a hand-computed cohort of four cities.

Scheme: 质量目标 40 (items 1–3: 15, 10, 15 points, full points when the actual rate reaches the
filed target), 质量措施 60 (items 4–23, 3 points each, scored by the assessors), grades A ≥ 90,
B ≥ 80, C ≥ 60, D below, and "发生区域性、系统性产品质量安全事件的，考核结果一律为D级".
"""

from __future__ import annotations

from typing import Any

import pytest

from qcounty.core import load_framework
from qcounty.core.cohort import parse_cohort
from qcounty.core.scoring import CohortScore, score_cohort

SCHEME = "anhui-quality-work-2014"
RATES = {1: (95.2, 93.0), 2: (97.0, 96.0), 3: (100.0, 100.0)}  # (actual, filed target) in %


def _city(met: tuple[bool, bool, bool], measure: float, incident: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {"veto.systemic_incident": incident}
    for n, ok in zip((1, 2, 3), met, strict=True):
        actual, target = RATES[n]
        values[f"t{n}.actual"] = actual if ok else target - 1.5
        values[f"t{n}.target"] = target
    values |= {f"m{n}.score": measure for n in range(4, 24)}
    return values


COHORT = [
    # 合肥市: 15 + 10 + 15 = 40; 20 × 2.5 = 50; 40 + 50 = 90 → A级 (90 ≥ 90)
    ("合肥市", _city((True, True, True), 2.5)),
    # 芜湖市: 15 + 0 + 15 = 30 (农产品 94.5 < 96); 20 × 2.5 = 50; 80 → B级
    ("芜湖市", _city((True, False, True), 2.5)),
    # 蚌埠市: 40 + 20 × 3 = 100, but a systemic incident: 一律为D级, not ranked
    ("蚌埠市", _city((True, True, True), 3, incident=True)),
    # 淮南市: 0 + 0 + 0 (each 1.5 points below its target); 20 × 2.9 = 58; 58 → D级 (58 < 60)
    ("淮南市", _city((False, False, False), 2.9)),
]


@pytest.fixture(scope="module")
def score() -> CohortScore:
    f = load_framework(SCHEME)
    data = {
        "format": "qcounty-cohort/1",
        "framework": SCHEME,
        "evaluation_year": 2014,
        "counties": [{"name": n, "city": "安徽省", "values": v} for n, v in COHORT],
    }
    return score_cohort(f, parse_cohort(data, f))


def test_totals_grades_and_ranks_are_the_hand_computed_ones(score):
    rows = [score.county(i) for i in range(4)]
    assert [r.total for r in rows] == pytest.approx([90, 80, 100, 58])
    assert [r.grade for r in rows] == ["A级", "B级", "D级", "D级"]
    assert [r.rank for r in rows] == [1, 2, None, 3]
    levels = [round(s.points, 6) for r in rows for s in r.first_level]
    assert levels == [40, 50, 30, 50, 40, 60, 0, 58]  # 质量目标, 质量措施 per city


def test_the_forced_grade_and_a_missed_target_are_explained(score):
    bengbu = score.county(2)
    assert bengbu.notes[-1].render() == "否决项：考核结果一律为D级，评定为D级。"
    assert score.county(0).notes[-1].render() == "总分 90 分（90分及以上），评定为A级。"
    wuhu = score.county(1).indicators[1].criteria[0]
    assert wuhu.points == 0
    assert "主要农产品质量安全监测合格率（实际值与备案目标值之差）" in wuhu.messages[0].render()
