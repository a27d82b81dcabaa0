"""Checks of the scheme's tree: sums and caps level by level, groups, blocks, grades, wording.

A node's items must add up to its points, or, when the node is capped, to more than its cap
(the node then counts its cap: Guangdong's 质保能力 330 → 210). Base first-level nodes add up to
total_points; bonus and deduction blocks stand outside it with their own points.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qcounty.core.framework.structure import Aggregation, Block, TotalMode
from qcounty.core.rules.checklist import Checklist

if TYPE_CHECKING:
    from qcounty.core.framework.model import FirstLevel, Framework, SecondLevel

Problem = tuple[str, str]

# "没有制定的不得分", "未开展的，不得分": the clause gives nothing when nothing is there
NOTHING_GIVES_NOTHING = re.compile(r"(没有|未)[^，。；;]{0,20}的?[，,]?\s*不得分")


def check_tree(f: Framework) -> list[Problem]:
    """Return problems with points, caps, groups and numbering, in file order."""
    out: list[Problem] = []
    base = [x for x in f.first_level if x.block is Block.BASE]
    base_total = sum(x.points for x in base)
    if not base:
        out.append(("first_level", "no first-level node counts in the base: all are blocks"))
    elif abs(base_total - f.total_points) > 1e-9:
        out.append(
            (
                "first_level",
                f"points add up to {base_total:g}, not total_points {f.total_points:g}",
            )
        )
    if f.total_mode is TotalMode.BASE_PLUS_BONUS and not any(
        x.block is Block.BONUS for x in f.first_level
    ):
        out.append(("total_mode", "base_plus_bonus needs a bonus block (block: bonus)"))
    group_cap = _group_caps(f, out)
    number = 0
    for a, first in enumerate(f.first_level):
        path_a = f"first_level[{a}]"
        out += _first(path_a, first)
        for b, second in enumerate(first.second_level):
            path_b = f"{path_a}.second_level[{b}]"
            out += _second(path_b, second, group_cap)
            for c, ind in enumerate(second.indicators):
                number += 1
                if ind.number != number:
                    out.append(
                        (
                            f"{path_b}.indicators[{c}].number",
                            f"is {ind.number}, expected {number}: number indicators 1, 2, 3 … in order",
                        )
                    )
    return out


def _sum_problem(path: str, name: str, total: float, points: float, cap: float | None) -> str:
    if cap is None:
        if abs(total - points) > 1e-9:
            return f"points add up to {total:g}, not '{name}' {points:g}"
        return ""
    if total <= cap + 1e-9:
        return (
            f"points add up to {total:g}, not above '{name}' cap {cap:g}: "
            "a cap that never binds is a typo; write points instead"
        )
    return ""


def _first(path: str, first: FirstLevel) -> list[Problem]:
    out: list[Problem] = []
    total = sum(s.points for s in first.second_level)
    problem = _sum_problem(path, first.name, total, first.points, first.cap)
    if problem:
        out.append((f"{path}.second_level", problem))
    if first.block is Block.DEDUCTION and first.aggregation is not Aggregation.SUM:
        out.append((f"{path}.aggregation", "a deduction block adds up what it takes off: sum only"))
    if first.block is Block.DEDUCTION and any(
        s.aggregation is not Aggregation.SUM for s in first.second_level
    ):
        out.append((f"{path}.second_level", "a deduction block's nodes add up: sum only"))
    return out


def _second(
    path: str, second: SecondLevel, group_cap: dict[int, tuple[str, float]]
) -> list[Problem]:
    seen: set[str] = set()
    total = 0.0
    for ind in second.indicators:
        group = group_cap.get(ind.number)
        if group is None:
            total += ind.points
        elif group[0] not in seen:
            seen.add(group[0])
            total += group[1]
    problem = _sum_problem(path, second.name, total, second.points, second.cap)
    return [(f"{path}.indicators", problem)] if problem else []


def _group_caps(f: Framework, out: list[Problem]) -> dict[int, tuple[str, float]]:
    """Check the groups; return indicator number → (group id, cap) for the sums."""
    where: dict[int, tuple[int, int, int]] = {}  # number → (second-level, position, points)
    points: dict[int, float] = {}
    k = 0
    for first in f.first_level:
        for second in first.second_level:
            for pos, ind in enumerate(second.indicators):
                where[ind.number] = (k, pos, 0)
                points[ind.number] = ind.points
            k += 1
    member: dict[int, tuple[str, float]] = {}
    ids: set[str] = set()
    for g, group in enumerate(f.groups):
        path = f"groups[{g}]"
        if group.id in ids:
            out.append((f"{path}.id", f"'{group.id}' is used by two groups"))
        ids.add(group.id)
        unknown = [n for n in group.indicators if n not in where]
        if unknown:
            out.append((f"{path}.indicators", f"no indicator numbered {unknown}"))
            continue
        twice = [n for n in group.indicators if n in member]
        if twice:
            out.append((f"{path}.indicators", f"indicators {twice} are already in another group"))
        nodes = {where[n][0] for n in group.indicators}
        positions = [where[n][1] for n in group.indicators]
        if len(nodes) > 1:
            out.append((f"{path}.indicators", "a group's indicators lie in one second-level node"))
        elif positions != list(range(positions[0], positions[0] + len(positions))):
            out.append(
                (
                    f"{path}.indicators",
                    "list the group's indicators in file order, with none between",
                )
            )
        total = sum(points[n] for n in group.indicators)
        if total <= group.cap + 1e-9:
            out.append(
                (
                    f"{path}.cap",
                    f"the indicators add up to {total:g}, not above the cap {group.cap:g}",
                )
            )
        for n in group.indicators:
            member.setdefault(n, (group.id, group.cap))
    return member


def check_grades(f: Framework) -> list[Problem]:
    """Return problems with grade bands and the gates that force a grade."""
    out: list[Problem] = []
    names = [b.grade for b in f.grades]
    if len(set(names)) != len(names):
        out.append(("grades", "two bands share a grade"))
    if len(f.grades) == 1:
        out.append(("grades", "one band is no grading: give two or more, best first"))
    bounds = [b.at_least for b in f.grades]
    for k, bound in enumerate(bounds):
        if bound is None and k != len(bounds) - 1:
            out.append((f"grades[{k}].at_least", "only the last band may go without a lower bound"))
        elif (
            bound is not None and k and bounds[k - 1] is not None and bound >= (bounds[k - 1] or 0)
        ):
            out.append(
                (f"grades[{k}].at_least", "list bands best first, each bound below the one before")
            )
    for g, gate in enumerate(f.gates):
        path = f"gates[{g}]"
        if gate.kind == "grade" and not gate.forces_grade:
            out.append(
                (f"{path}.forces_grade", "a gate of kind grade must name the grade it forces")
            )
        if gate.forces_grade and gate.forces_grade not in names:
            out.append(
                (f"{path}.forces_grade", f"unknown grade '{gate.forces_grade}'; grades: {names}")
            )
    return out


def check_version(f: Framework) -> list[Problem]:
    """Return a problem when the id names a year that the version does not."""
    year = re.search(r"-(\d{4})$", f.id)
    if year and year.group(1) not in f.version:
        return [
            (
                "version",
                f"is '{f.version}', but the id '{f.id}' names {year.group(1)}: "
                "a scheme's id carries its version",
            )
        ]
    return []


def check_wording(f: Framework) -> list[Problem]:
    """Return clauses whose text says nothing scores nothing while the rule still gives points."""
    out: list[Problem] = []
    for a, first in enumerate(f.first_level):
        for b, second in enumerate(first.second_level):
            for c, ind in enumerate(second.indicators):
                for m, crit in enumerate(ind.criteria):
                    rule = crit.rule
                    if not isinstance(rule, Checklist) or rule.none_scores_zero:
                        continue
                    spec = f.input_or_none(rule.input)
                    n = len(getattr(spec, "options", []))
                    left = crit.points - rule.deduct * n
                    text = f"{ind.preamble}{crit.standard}"
                    if left > 1e-9 and NOTHING_GIVES_NOTHING.search(text):
                        path = f"first_level[{a}].second_level[{b}].indicators[{c}].criteria[{m}]"
                        out.append(
                            (
                                f"{path}.rule",
                                f"the standard says nothing present scores nothing, but with none "
                                f"of the {n} items the checklist gives {left:g} points: "
                                "add none_scores_zero: true",
                            )
                        )
    return out
