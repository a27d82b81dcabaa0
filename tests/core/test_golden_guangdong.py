"""Guangdong's 2018 名牌产品 质量评价 (bundled guangdong-brand-quality-2018): three companies.

Scheme: 实物质量 190 (item 1 性能 170 by the experts, item 2 国外产品认证 20), 质保能力 items 3–22
worth 330 points "该项最高不超过210分" (items 3–5 by the experts, the others full points when held).
"""

from __future__ import annotations

from typing import Any

import pytest

from qcounty.core import load_framework
from qcounty.core.cohort import parse_cohort
from qcounty.core.scoring import CohortScore, score_cohort

SCHEME = "guangdong-brand-quality-2018"
FLAGS = list(range(6, 23))  # items 6–22: held or not


def _company(performance: float, abroad: bool, judged: tuple[float, float, float], held: list[int]):
    values: dict[str, Any] = {"i1.score": performance, "i2.held": abroad}
    values |= {f"i{n}.score": x for n, x in zip((3, 4, 5), judged, strict=True)}
    values |= {f"i{n}.held": n in held for n in FLAGS}
    return values


COHORT = [
    # 甲: 150 + 20 = 170; 质保能力 25 + 50 + 30 = 105 and every item held (330 − 130 = 200):
    #     305 > 210 → 210; 170 + 210 = 380
    ("甲公司", _company(150, True, (25, 50, 30), FLAGS)),
    # 乙: 120 + 0 = 120; 20 + 40 + 20 = 80, items 11 质量管理体系 10, 12 环境 10, 14 职业健康 10,
    #     17 高新 10, 20 清洁生产 5 → 45; 125 < 210; 120 + 125 = 245
    ("乙公司", _company(120, False, (20, 40, 20), [11, 12, 14, 17, 20])),
    # 丙: 160 + 20 = 180; 30 + 60 + 40 = 130, items 8 名牌 20, 11 质量管理体系 10, 17 高新 10,
    #     19 节能产品 5 → 45; 175 < 210; 180 + 175 = 355
    ("丙公司", _company(160, True, (30, 60, 40), [8, 11, 17, 19])),
]


@pytest.fixture(scope="module")
def score() -> CohortScore:
    f = load_framework(SCHEME)
    data = {
        "format": "qcounty-cohort/1",
        "framework": SCHEME,
        "evaluation_year": 2018,
        "counties": [{"name": n, "city": "广东省", "values": v} for n, v in COHORT],
    }
    return score_cohort(f, parse_cohort(data, f))


def test_totals_are_the_hand_computed_ones_with_the_210_cap(score):
    rows = [score.county(i) for i in range(3)]
    assert [r.total for r in rows] == pytest.approx([380, 245, 355])
    levels = [round(s.points, 6) for r in rows for s in r.second_level]
    assert levels == [170, 210, 120, 125, 180, 175]  # 实物质量, 质保能力 per company
    assert [r.rank for r in rows] == [1, 3, 2]


def test_the_cap_is_said_in_words_where_it_binds(score):
    jia = score.county(0).second_level[1]
    assert [m.render() for m in jia.notes] == ["质保能力 各项合计 305 分，封顶 210 分。"]
    assert score.county(1).second_level[1].notes == []
