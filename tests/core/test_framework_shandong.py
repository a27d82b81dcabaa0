"""The Shandong 2022 scheme as data agrees with the seed: tree, points, texts, tiers, references.

The seed is 威文政字〔2023〕27号 with Annex 1 (the rule table) as reproduced in the project's seed file.
"""

import csv
import json
import re
import subprocess
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from qcounty.core.framework.inputs import derived_sources
from tests.builders import shandong

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "docs" / "spec" / "wendeng-2023-plan.txt"  # the specification, in the repository
QCOUNTY = Path(sys.executable).parent / "qcounty"  # the console script of this environment

# Annex 1: the 15 second-level indicators with their points, grouped by their first-level parent
SECOND_LEVEL = {
    "质量发展理念": (16, {"质量理念": 5, "质量文化": 11}),
    "质量发展保障": (13, {"组织保障": 7, "政策经费保障": 6}),
    "质量发展基础": (32, {"公共服务平台": 2, "标准化": 7, "计量": 6, "认证": 4, "质量管理": 13}),
    "质量发展成效": (
        39,
        {"产品质量": 7, "工程质量": 6, "服务质量": 8, "环境质量": 4, "创新成效": 7, "质量激励": 7},
    ),
}

# Annex 1, column 分值, items 1–43 by second-level indicator
INDICATOR_POINTS = {
    "质量理念": [2, 3],  # 1–2
    "质量文化": [3, 5, 3],  # 3–5
    "组织保障": [1, 2, 2, 2],  # 6–9
    "政策经费保障": [3, 3],  # 10–11
    "公共服务平台": [2],  # 12
    "标准化": [1, 3, 3],  # 13–15
    "计量": [1.5, 2.5, 2],  # 16–18
    "认证": [2, 2],  # 19–20
    "质量管理": [2, 1, 1, 1, 3, 3, 2],  # 21–27
    "产品质量": [2, 1, 2, 2],  # 28–31
    "工程质量": [2, 2, 2],  # 32–34
    "服务质量": [4, 2, 2],  # 35–37
    "环境质量": [2, 2],  # 38–39
    "创新成效": [2, 2, 3],  # 40–42
    "质量激励": [7],  # 43
}


def squeeze(text):
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed():
    return squeeze(SEED.read_text(encoding="utf-8"))


def pieces_in(text, seed):
    """Return text cut into the fewest left-to-right pieces that each appear in the seed."""
    out, start = [], 0
    while start < len(text):
        end = start + 1
        if text[start:end] not in seed:
            return None
        while end < len(text) and text[start : end + 1] in seed:
            end += 1
        out.append(text[start:end])
        start = end
    return out


def assert_verbatim(text, seed, where):
    """The text is in the seed, whole or as a few whole pieces (a cell broken across lines)."""
    pieces = pieces_in(squeeze(text), seed)
    assert pieces is not None, f"{where}: not in the seed: {text}"
    assert len(pieces) <= 3, f"{where}: pieced together from {pieces}"
    assert all(len(p) >= 8 for p in pieces), (
        f"{where}: a piece too short to be a seed line: {pieces}"
    )


# ------------------------------------------------------------------------ tree and points


def test_first_level_points_are_16_13_32_39_and_add_up_to_100():
    f = shandong()
    assert [(x.name, x.points) for x in f.first_level] == [
        ("质量发展理念", 16),
        ("质量发展保障", 13),
        ("质量发展基础", 32),
        ("质量发展成效", 39),
    ]
    assert sum(x.points for x in f.first_level) == f.total_points == 100


def test_the_15_second_level_indicators_have_the_seeds_points_and_add_up_to_their_parents():
    f = shandong()
    got = {x.name: (x.points, {s.name: s.points for s in x.second_level}) for x in f.first_level}
    assert got == SECOND_LEVEL
    assert sum(len(x.second_level) for x in f.first_level) == 15
    for first in f.first_level:
        assert sum(s.points for s in first.second_level) == first.points


def test_the_43_third_level_indicators_have_the_seeds_points_and_add_up_to_their_parents():
    f = shandong()
    assert [i.number for i in f.indicators()] == list(range(1, 44))
    got = {s.name: [i.points for i in s.indicators] for x in f.first_level for s in x.second_level}
    assert got == INDICATOR_POINTS
    for first in f.first_level:
        for second in first.second_level:
            assert sum(i.points for i in second.indicators) == second.points, second.name


def test_criteria_add_up_to_their_indicator_unless_the_seed_caps_the_sum():
    seed_text = squeeze(SEED.read_text(encoding="utf-8"))
    for ind in shandong().indicators():
        total = sum(c.points for c in ind.criteria)
        assert all(c.points <= ind.points for c in ind.criteria), ind.number
        if ind.cumulative_cap:
            assert total > ind.points, f"indicator {ind.number}: a cap that never binds"
            assert squeeze(ind.cumulative_cap) in seed_text, ind.number
        else:
            assert total == pytest.approx(ind.points), ind.number


def test_items_4_14_15_carry_the_seeds_cumulative_caps():
    caps = {i.number: i.cumulative_cap for i in shandong().indicators() if i.cumulative_cap}
    assert caps == {4: "累计不超过5分。", 14: "累计不超过3分。", 15: "累计不超过3分。"}


def test_every_indicator_has_at_least_one_criterion_with_a_rule():
    for ind in shandong().indicators():
        assert ind.criteria, ind.number
        for c in ind.criteria:
            assert c.rule.kind
            assert c.rule.values(), f"{ind.number} {c.id} reads nothing"


def test_criterion_ids_are_unique_and_start_with_their_indicators_number():
    ids = []
    for ind in shandong().indicators():
        for c in ind.criteria:
            assert c.id.split(".")[0] == str(ind.number)
            ids.append(c.id)
    assert len(ids) == len(set(ids))


# ------------------------------------------------------------------------- references


def test_every_scored_input_is_read_by_a_rule_a_derived_value_or_a_gate():
    f = shandong()
    read = set()
    for d in f.derived():
        read.update(derived_sources(d))
    for g in f.gates:
        read.update(c.value for c in g.passes_when)
    for ind in f.indicators():
        for c in ind.criteria:
            read.update(c.rule.values())
    # "i35.scenic.a5" reads the option a5 of the counts input i35.scenic
    fields = {k.rsplit(".", 1)[0] for k in read} | read
    unread = [x.key for x in f.inputs() if not x.informational and x.key not in fields]
    assert unread == []


def test_every_value_a_rule_reads_is_declared():
    f = shandong()
    declared = {x.key for x in f.inputs()} | {d.key for d in f.derived()}
    for x in f.inputs():
        for o in getattr(x, "options", []):
            declared.add(f"{x.key}.{o.id}")
    for ind in f.indicators():
        for c in ind.criteria:
            assert set(c.rule.values()) <= declared, (ind.number, c.id)


def test_every_unit_used_is_declared_and_every_declared_unit_is_used():
    f = shandong()
    declared = [u.id for u in f.units]
    used = {u for i in f.indicators() for u in i.units} | {u for g in f.gates for u in g.units}
    assert len(declared) == len(set(declared))
    assert used == set(declared)


def test_every_responsible_unit_named_in_the_seed_is_mapped_to_a_role():
    f = shandong()
    seed_text = SEED.read_text(encoding="utf-8")
    for u in f.units:
        for name in u.seed_names:
            assert name in seed_text, f"{u.id}: {name} is not in the seed"


# ------------------------------------------------------------------------------ tiers


def test_the_tiered_indicators_are_exactly_note_1s_seven():
    # note 1: "对序号31、35、36、38、40、41、42等七项评价指标进行差异化评价"
    assert {i.number for i in shandong().indicators() if i.tiered} == {31, 35, 36, 38, 40, 41, 42}


def test_the_tiers_cities_match_the_shipped_county_list():
    text = (resources.files("qcounty") / "data" / "shandong_counties.csv").read_text("utf-8")
    from_csv = defaultdict(set)
    for row in csv.DictReader(text.splitlines()):
        from_csv[int(row["city_tier"])].add(row["city"])
    from_framework = {t.tier: set(t.cities) for t in shandong().tiers}
    assert from_framework == dict(from_csv)


def test_the_tiers_are_note_1s_2_7_and_7_cities():
    # 第一梯队（2个）：济南、青岛；第二梯队（7个）…；第三梯队（7个）…
    tiers = shandong().tiers
    assert [(t.name, len(t.cities)) for t in tiers] == [
        ("第一梯队", 2),
        ("第二梯队", 7),
        ("第三梯队", 7),
    ]
    assert tiers[0].cities == ["济南市", "青岛市"]


# ----------------------------------------------------------------------- verbatim texts


def test_every_criterions_standard_is_the_seeds_text(seed):
    for ind in shandong().indicators():
        for c in ind.criteria:
            assert_verbatim(c.standard, seed, f"criterion {c.id}")


def test_every_indicators_name_and_preamble_are_the_seeds_text(seed):
    for ind in shandong().indicators():
        assert_verbatim(ind.name, seed, f"indicator {ind.number}")
        if ind.preamble:
            assert_verbatim(ind.preamble, seed, f"indicator {ind.number} preamble")


def test_the_gates_statements_and_standards_are_the_seeds_text(seed):
    for g in shandong().gates:
        assert_verbatim(g.statement, seed, g.id)
        assert_verbatim(g.standard, seed, g.id)


def test_joined_standards_are_checked_piece_by_piece(seed):
    # item 43's standard joins three seed lines; the first is followed in the seed by its data
    # source (各相关部门), the last two are adjacent once whitespace is gone
    item_43 = shandong().indicator(43).criteria[0].standard
    assert squeeze(item_43) not in seed
    assert pieces_in(squeeze(item_43), seed) == [
        "获得国家级质量激励的2分/个；获得省级质量激励的1分/个；获得市级质量激励的0.5分/个，最高3分。",
        "累计不超过7分。中国质量奖、省长质量奖统计历年累计数量；其他质量激励统计近三年数量，同一事项获得"
        "不同级别、不同类型质量激励的，仅按高级别统计一次。",
    ]


def test_a_text_not_in_the_seed_is_caught():
    seed_text = squeeze(SEED.read_text(encoding="utf-8"))
    with pytest.raises(AssertionError):
        assert_verbatim("有，得3分；无，不得分。", seed_text, "made up")


# -------------------------------------------------------------------------------- CLI


def test_the_cli_summary_reports_4_15_43_and_100_points():
    out = subprocess.run(
        [str(QCOUNTY), "framework", "summary", "shandong-county-2022", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    s = json.loads(out.stdout)
    assert (s["first_level"], s["second_level"], s["indicators"], s["total_points"]) == (
        4,
        15,
        43,
        100,
    )
    assert s["tiered_indicators"] == [31, 35, 36, 38, 40, 41, 42]
