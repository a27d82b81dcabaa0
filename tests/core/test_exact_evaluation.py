"""Leave-one-out, Monte Carlo and the gap analysis add up as the scheme does.

A small scheme with what a plain sum gets wrong: a capped group (质保能力's items 2–4, 4.5
points capped at 3), a second-level node scored by its weakest item (minimum), a total that is
the weighted geometric mean of its two base first-level nodes, a bonus block capped at 1 and a
deduction block. Every figure is checked against a full rescoring by `score_cohort` of the
scheme as it would be written: without the indicator (leave-one-out), with every indicator's
weight times its factor (a Monte Carlo replication), or with the county's values at full
points (points at stake).
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from qcounty.core.cohort import County, parse_cohort
from qcounty.core.evaluate import VARIABLE_POLICIES, RobustnessSpec, leave_one_out, robustness
from qcounty.core.evaluate.leaving_out import totals_without
from qcounty.core.evaluate.monte_carlo import _policy_draws, _weight_factors
from qcounty.core.framework.loader import parse_framework
from qcounty.core.framework.model import Framework
from qcounty.core.gaps import gap_analysis, plan, points_lost
from qcounty.core.gaps.assessor import Assessor, _range
from qcounty.core.gaps.planning import _merge
from qcounty.core.plausibility.coverage import Evidenced, check_coverage
from qcounty.core.scoring import CohortScore, score_cohort, score_table

# number → (second-level node, name, points, rule kind); inputs are x1, x2 … by number
ITEMS: dict[int, tuple[str, str, float, str]] = {
    1: ("实物质量", "主要性能指标", 2, "expert"),
    2: ("质保能力", "体系认证", 2, "flag"),
    3: ("质保能力", "检测能力", 1, "efficacy"),
    4: ("质保能力", "标准化", 1.5, "expert"),
    5: ("质保能力", "名牌产品", 1, "flag"),
    6: ("管理", "质量管理制度", 2, "expert"),
    7: ("管理", "质量信用", 2, "flag"),
    8: ("创新", "质量奖", 1, "flag"),
    9: ("创新", "主导制定标准", 1, "expert"),
    10: ("监督抽查", "抽查不合格", 1, "deduct"),
}
GROUP = (2, 3, 4)  # 质保能力's items 2–4: 4.5 points, capped at 3
GROUP_CAP = 3.0
BONUS_CAP = 1.0
FIRST = [  # first-level node, block, its second-level nodes
    ("质量评价", "base", ["实物质量", "质保能力"]),
    ("质量管理", "base", ["管理"]),
    ("加分项", "bonus", ["创新"]),
    ("扣分项", "deduction", ["监督抽查"]),
]
MINIMUM = {"管理"}  # second-level nodes scored by their weakest item


def _rule(kind: str, n: int, points: float) -> str:
    if kind == "expert":
        return f"{{kind: expert, input: x{n}}}"
    if kind == "flag":
        return f"{{kind: flag, when: [x{n}]}}"
    if kind == "efficacy":
        return f"{{kind: efficacy, parts: [{{value: x{n}}}]}}"
    return f"{{kind: deduct, value: x{n}, each: {0.5 * points!r}}}"  # 0.5 a time at weight 1


def _input(kind: str, n: int) -> str:
    kinds = {"expert": "number", "flag": "bool", "efficacy": "number", "deduct": "count"}
    return f"{{key: x{n}, label: 项{n}, type: {kinds[kind]}}}"


def scheme(factors: dict[int, float] | None = None) -> str:
    """Return the scheme with each indicator's weight × its factor (0: left out)."""
    factors = factors or {}
    weight = {n: ITEMS[n][2] * factors.get(n, 1.0) for n in ITEMS}
    kept = [n for n in ITEMS if weight[n] > 0]
    new_number = {n: k for k, n in enumerate(kept, start=1)}
    in_group = [n for n in GROUP if n in new_number]
    group_sum = sum(weight[n] for n in in_group)
    group = len(in_group) >= 2 and group_sum > GROUP_CAP + 1e-9  # a cap that binds somewhere
    firsts, base_total = [], 0.0
    for name, block, seconds in FIRST:
        lines, first_points = [], 0.0
        for second in seconds:
            members = [n for n in kept if ITEMS[n][0] == second]
            if not members:
                continue
            points = sum(weight[n] for n in members)
            if group and set(members) & set(in_group):
                points += min(GROUP_CAP, group_sum) - group_sum
            first_points += points
            aggregation = "\n        aggregation: minimum" if second in MINIMUM else ""
            lines.append(f"      - name: {second}\n        points: {points!r}{aggregation}")
            lines.append("        indicators:")
            for n in members:
                _, label, _, kind = ITEMS[n]
                w = weight[n]
                lines.append(
                    f"          - number: {new_number[n]}\n"
                    f"            name: {label}\n"
                    f"            points: {w!r}\n"
                    "            units: [office]\n"
                    f"            inputs: [{_input(kind, n)}]\n"
                    "            criteria:\n"
                    f"              - {{id: c{n}, standard: 项{n}。, points: {w!r}, "
                    f"rule: {_rule(kind, n, factors.get(n, 1.0))}}}"
                )
        if not lines:
            continue
        head = f"  - name: {name}\n"
        if block != "base":
            head += f"    block: {block}\n"
        if block == "bonus" and first_points > BONUS_CAP + 1e-9:
            head += f"    cap: {BONUS_CAP!r}\n"
        else:
            head += f"    points: {first_points!r}\n"
        if block == "base":
            base_total += first_points
        firsts.append(head + "    second_level:\n" + "\n".join(lines))
    groups = ""
    if group:
        numbers = ", ".join(str(new_number[n]) for n in in_group)
        groups = f"groups:\n  - {{id: quality, name: 质保能力, cap: {GROUP_CAP!r}, indicators: [{numbers}]}}\n"
    return (
        f"""\
schema: qcounty-framework/1
id: tiny-exact
name: 精确评价测试体系
version: "1"
provider: 测试
source: 测试
total_points: {base_total!r}
aggregation: geometric
default_evaluation_year: 2022
windows: {{}}
units: [{{id: office, name: 办公室}}]
{groups}first_level:
"""
        + "\n".join(firsts)
        + "\n"
    )


def _framework(factors: dict[int, float] | None = None) -> Framework:
    return parse_framework(scheme(factors), "tiny-exact.yaml")


def _values(rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n, (_, _, points, kind) in ITEMS.items():
        if kind == "expert":
            out[f"x{n}"] = round(rng.uniform(0.3, 1.0) * points, 2)
        elif kind == "flag":
            out[f"x{n}"] = rng.random() < 0.6
        elif kind == "efficacy":
            out[f"x{n}"] = round(rng.uniform(10, 90), 1)
        else:
            out[f"x{n}"] = rng.randrange(0, 3)
    return out


def _cohort(size: int = 24, seed: int = 5) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    return [(f"单位{k:02d}", _values(rng)) for k in range(size)]


def _scaled(values: dict[str, Any], factors: dict[int, float]) -> dict[str, Any]:
    """Return the values as the weighted scheme reads them (an expert's points scale too)."""
    out = {}
    for n, (_, _, _, kind) in ITEMS.items():
        f = factors.get(n, 1.0)
        if f == 0:
            continue
        v = values[f"x{n}"]
        out[f"x{n}"] = v * f if kind == "expert" else v
    return out


def _score(f: Framework, cohort: list[tuple[str, dict[str, Any]]]) -> CohortScore:
    data = {
        "format": "qcounty-cohort/1",
        "framework": f.id,
        "evaluation_year": 2022,
        "counties": [{"name": name, "city": "某市", "values": v} for name, v in cohort],
    }
    return score_cohort(f, parse_cohort(data, f))


@pytest.fixture(scope="module")
def cohort() -> list[tuple[str, dict[str, Any]]]:
    return _cohort()


@pytest.fixture(scope="module")
def score(cohort) -> CohortScore:
    return _score(_framework(), cohort)


def test_the_scheme_is_one_a_plain_sum_gets_wrong(score):
    assert score.tree is not None
    plain = score.indicator_points.sum(axis=0)
    assert np.abs(plain - score.totals).max() > 0.5  # caps, the mean, blocks: not a sum


@pytest.mark.parametrize("left_out", list(ITEMS))
def test_leaving_an_indicator_out_equals_rescoring_the_scheme_without_it(cohort, score, left_out):
    factors = {left_out: 0.0}
    rescored = _score(_framework(factors), [(n, _scaled(v, factors)) for n, v in cohort])
    totals, first = totals_without(score, left_out - 1)
    assert totals == pytest.approx(rescored.totals, abs=1e-9)
    base = [j for j, x in enumerate(rescored.framework.first_level) if x.block.value == "base"]
    assert first == pytest.approx(rescored.level_points()[0][base], abs=1e-9)


def test_leave_one_out_names_the_counties_a_rescoring_would_move(cohort, score):
    top = 8
    real = {i for i in range(len(cohort)) if 0 < score.ranks[i] <= top}
    moved = 0
    for left in leave_one_out(score, top):
        factors = {left.indicator: 0.0}
        rescored = _score(_framework(factors), [(n, _scaled(v, factors)) for n, v in cohort])
        now = {i for i in range(len(cohort)) if 0 < rescored.ranks[i] <= top}
        assert (set(left.entering), set(left.leaving)) == (now - real, real - now)
        moved += left.changes_selection
    assert moved  # the check means something: some indicator does move the top 8


def test_a_monte_carlo_replication_equals_rescoring_the_reweighted_scheme(cohort, score):
    spec = RobustnessSpec(replications=1, weight_noise=0.3, seed=11, top=8)
    result = robustness(score, spec)
    rng = np.random.default_rng(spec.seed)
    _policy_draws(spec, [], rng)  # the same stream as the run: policies drawn first
    weights = np.array([ITEMS[n][2] for n in ITEMS])
    (row,) = _weight_factors(spec, weights, rng)
    factors = {n: float(row[n - 1]) for n in ITEMS}
    rescored = _score(_framework(factors), [(n, _scaled(v, factors)) for n, v in cohort])
    assert result.mean_total == pytest.approx(rescored.totals, abs=1e-9)
    rounded = np.round(rescored.totals, score.policies.decimals)
    ranks = [1 + int((rounded > t).sum()) for t in rounded]  # competition ranks, no tie-break
    assert result.rank_median.tolist() == ranks


def test_monte_carlo_without_noise_reproduces_the_totals_and_ranking(score):
    result = robustness(score, RobustnessSpec(replications=3, weight_noise=0.0, top=8))
    assert result.mean_total == pytest.approx(score.totals, abs=1e-12)
    ranked = score.ranks > 0
    assert np.array_equal(result.rank_low[ranked], score.ranks[ranked])  # no ties in this cohort
    assert np.array_equal(result.rank_high[ranked], score.ranks[ranked])


def test_monte_carlo_drawing_policies_equals_rescoring_under_them(score):
    spec = RobustnessSpec(replications=40, weight_noise=0.0, policies=("ec_mapping",), seed=2)
    result = robustness(score, spec)
    options = VARIABLE_POLICIES["ec_mapping"]
    draws = _policy_draws(spec, [options], np.random.default_rng(spec.seed))
    totals = [
        score_table(
            score.framework,
            score.table,
            policies=score.policies.with_overrides({"ec_mapping": options[k]}),
        ).totals
        for k in range(len(options))
    ]
    expected = np.mean([totals[int(d)] for d in draws[:, 0]], axis=0)
    assert result.mean_total == pytest.approx(expected, abs=1e-9)


def _full(values: dict[str, Any], n: int) -> dict[str, Any]:
    """Return the values with indicator n at full points."""
    kind, points = ITEMS[n][3], ITEMS[n][2]
    full = {"expert": points, "flag": True, "efficacy": 1000.0, "deduct": 0}[kind]
    return {**values, f"x{n}": full}


def test_points_at_stake_equal_a_rescoring_with_the_indicator_at_full_points(cohort, score):
    checked = 0
    for i in range(len(cohort)):
        result = score.county(i)
        for loss in points_lost(result):
            name, values = cohort[i]
            changed = [*cohort[:i], (name, _full(values, loss.number)), *cohort[i + 1 :]]
            # the efficacy item at full moves the group's bounds: only the others are exact
            if ITEMS[loss.number][3] == "efficacy":
                continue
            rescored = _score(score.framework, changed)
            assert loss.at_stake == pytest.approx(rescored.totals[i] - score.totals[i], abs=1e-9)
            checked += loss.at_stake < loss.lost - 0.01  # a cap or the mean takes part away
    assert checked >= 5


def test_the_gap_analysis_totals_what_is_lost_as_the_scheme_adds_up(cohort, score):
    f = score.framework
    name, values = cohort[3]
    reference = parse_cohort(
        {
            "format": "qcounty-cohort/1",
            "framework": f.id,
            "evaluation_year": 2022,
            "counties": [{"name": n, "city": "某市", "values": v} for n, v in cohort],
        },
        f,
    )
    county = next(c for c in reference.counties if c.name == name)
    analysis = gap_analysis(f, county, 2022, reference)
    full = {**values}
    for n in ITEMS:
        if ITEMS[n][3] != "efficacy":
            full = _full(full, n)
    full["x3"] = max(v["x3"] for _, v in cohort)  # the group's best: d = 100
    rescored = _score(f, [*cohort[:3], (name, full), *cohort[4:]])
    assert analysis.lost_total == pytest.approx(rescored.totals[3] - score.totals[3], abs=1e-9)
    assert abs(analysis.lost_total - sum(x.lost for x in analysis.losses)) > 0.01  # not a sum


def test_an_efficacy_range_inside_a_capped_group_gains_nothing_once_the_cap_binds(cohort):
    f = _framework()
    name, values = cohort[0]
    # items 2 and 4 alone fill the group's cap: 2 + 1.5 = 3.5 > 3
    values = {**values, "x2": True, "x4": 1.5, "x3": 10.0}
    reference = parse_cohort(
        {
            "format": "qcounty-cohort/1",
            "framework": f.id,
            "evaluation_year": 2022,
            "counties": [{"name": n, "city": "某市", "values": v} for n, v in cohort[1:]],
        },
        f,
    )
    assessor = Assessor(f, 2022, reference, city="某市", name=name)
    now = assessor.score(County(name, "某市", 0, values))
    i = now.table.n - 1
    low, high = _range(now, i, {"x3": 90.0})
    assert (low, high) == pytest.approx((now.totals[i], now.totals[i]), abs=1e-12)


def test_each_step_of_the_plan_is_the_best_on_top_of_those_before(cohort, score):
    """The greedy plan's promise, checked by rescoring every action at every step.

    With a capped group or a geometric total, winning points on one indicator changes what
    another is worth: a plan that rescored only the actions touching the same indicator
    would choose by stale gains.
    """
    f = score.framework
    # 单位00: item 2 would fill the group's cap (2 + 0.6 + 1.5 > 3), after which raising
    # item 3 wins nothing; the bonus item 8 still wins 0.2 (item 9 holds 0.8 of the cap of 1)
    low = min(v["x3"] for _, v in cohort)
    mine = {"x1": 1.0, "x2": False, "x3": low, "x4": 1.5, "x5": True, "x6": 1.5, "x7": True}
    mine |= {"x8": False, "x9": 0.8, "x10": 0}
    data = {
        "format": "qcounty-cohort/1",
        "framework": f.id,
        "evaluation_year": 2022,
        "counties": [
            {"name": n, "city": "某市", "values": mine if k == 0 else v}
            for k, (n, v) in enumerate(cohort)
        ],
    }
    reference = parse_cohort(data, f)
    stepped = 0
    for county in reference.counties:
        analysis = gap_analysis(f, county, 2022, reference)
        chosen = plan(analysis, 10)
        assessor = analysis.assessor
        state = dict(county.values)

        def total(values: dict[str, Any], c: County = county, a: Any = assessor) -> float:
            s = a.score(County(c.name, c.city, c.tier, values))
            return float(s.totals[-1])

        done: list[int] = []
        for step in chosen.steps:
            now = total(state)
            best = max(
                total(_merge(f, county.values, state, a.changes)) - now
                for k, a in enumerate(analysis.actions)
                if k not in done
            )
            assert step.gain == pytest.approx(best, abs=1e-9)
            done.append(next(k for k, a in enumerate(analysis.actions) if a is step.action))
            state = _merge(f, county.values, state, step.action.changes)
            stepped += 1
        assert chosen.after == pytest.approx(total(state), abs=1e-9)
    assert stepped >= 20


def test_an_unevidenced_indicator_puts_at_stake_what_a_rescoring_without_it_loses(cohort, score):
    f = score.framework
    data = {
        "format": "qcounty-cohort/1",
        "framework": f.id,
        "evaluation_year": 2022,
        "counties": [{"name": n, "city": "某市", "values": v} for n, v in cohort],
    }
    reference = parse_cohort(data, f)
    flags = check_coverage(f, reference, {("某市", name): Evidenced() for name, _ in cohort})
    differs = 0
    for flag in flags:
        number = flag.values["indicator"]
        if ITEMS[number][3] == "efficacy":
            continue  # a blank value moves the group's bounds: not this indicator alone
        i = next(k for k, (name, _) in enumerate(cohort) if name == flag.county)
        name, values = cohort[i]
        blank = {**values, **flag.correction}
        rescored = _score(f, [*cohort[:i], (name, blank), *cohort[i + 1 :]])
        lost = float(score.totals[i] - rescored.totals[i])
        assert flag.points_at_stake == pytest.approx(lost, abs=0.005)
        differs += abs(flag.values["points"] - lost) > 0.01  # not the indicator's points
    assert differs >= 5
