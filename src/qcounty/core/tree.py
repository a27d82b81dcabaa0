"""Points above the indicator: capped groups and nodes, aggregation, bonus and deduction blocks.

Works on indicators × counties arrays, so the cohort's scoring, one county's self-assessment
range and a what-if all add up the same way. A scheme without any of these (Shandong's) keeps
its plain sums, computed exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qcounty.core.framework.model import FirstLevel, Framework, SecondLevel
from qcounty.core.framework.structure import Aggregation, Block, CapGroup, TotalMode
from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Array

Weight = float | Array  # a child's maximum: as written, or per column when the weights vary


@dataclass
class Node:
    """A node over the cohort: its points before the cap and as counted.

    For a deduction block both are the points taken off (positive); `shown` is what the
    scheme's table shows (negative for a deduction).
    """

    raw: Array
    points: Array
    maximum: Weight  # Σ children's maxima (per column when the weights vary)
    cap: float | None
    deduction: bool = False

    @property
    def shown(self) -> Array:
        return 0.0 - self.points if self.deduction else self.points  # 0, not -0, when none


@dataclass
class TreePoints:
    """Every node's points and the totals (levels × counties, blocks in file order)."""

    second: list[Node]
    first: list[Node]
    groups: dict[str, Node]
    base: Array
    bonus: Array
    deduction: Array
    totals: Array
    base_firsts: list[int] = field(default_factory=list)  # positions of base first-level nodes

    def first_shown(self) -> Array:
        return np.array([n.shown for n in self.first])

    def second_shown(self) -> Array:
        return np.array([n.shown for n in self.second])


def is_plain(f: Framework) -> bool:
    """Whether every node of the scheme is a plain sum (no cap, group, block or aggregation)."""
    nodes: list[FirstLevel | SecondLevel] = [*f.first_level]
    nodes += [s for x in f.first_level for s in x.second_level]
    return (
        not f.groups
        and f.aggregation is Aggregation.SUM
        and all(n.cap is None and n.aggregation is Aggregation.SUM for n in nodes)
        and all(x.block is Block.BASE for x in f.first_level)
    )


def tree_points(f: Framework, indicator_points: Array, weights: Array | None = None) -> TreePoints:
    """Return the points of every node and the totals from the indicators' points.

    `weights` (indicators, or indicators × columns) replaces the indicators' maxima: a Monte
    Carlo replication's perturbed weights, or 0 for an indicator left out. A node's maximum is
    then its children's, or its cap when they add up above it; the caps stay as written.
    """
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        weights = weights[:, None] if weights.ndim == 1 else weights
    group_of = {number: g for g in f.groups for number in g.indicators}
    seconds: list[Node] = []
    firsts: list[Node] = []
    groups: dict[str, Node] = {}
    row = 0
    for first in f.first_level:
        deduction = first.block is Block.DEDUCTION
        children: list[tuple[Array, Weight]] = []
        for second in first.second_level:
            k = len(second.indicators)
            most = None if weights is None else weights[row : row + k]
            node = _second(
                second, indicator_points[row : row + k], group_of, groups, deduction, most
            )
            row += k
            seconds.append(node)
            children.append((node.points, second.points if most is None else _most(node)))
        aggregation = Aggregation.SUM if deduction else first.aggregation
        firsts.append(_node(children, aggregation, first.cap, deduction))
    return _totals(f, firsts, seconds, groups, weights is not None)


def _most(node: Node) -> Weight:
    """Return what a node with varied weights counts at most in its parent."""
    return node.maximum if node.cap is None else np.minimum(node.maximum, node.cap)


def _second(
    second: SecondLevel,
    rows: Array,
    group_of: dict[int, CapGroup],
    groups: dict[str, Node],
    deduction: bool,
    weights: Array | None = None,
) -> Node:
    children: list[tuple[Array, Weight]] = []
    members: dict[str, list[tuple[Array, Weight]]] = {}
    for k, (ind, points) in enumerate(zip(second.indicators, rows, strict=True)):
        most: Weight = ind.points if weights is None else weights[k]
        value = most - points if deduction else points
        g = group_of.get(ind.number)
        if g is None:
            children.append((value, most))
            continue
        members.setdefault(g.id, []).append((value, most))
        if len(members[g.id]) == len(g.indicators):  # the group's last item: count it here
            node = _node(members[g.id], Aggregation.SUM, g.cap, deduction)
            groups[g.id] = node
            children.append((node.points, g.cap if weights is None else _most(node)))
    aggregation = Aggregation.SUM if deduction else second.aggregation
    return _node(children, aggregation, second.cap, deduction)


def _node(
    children: list[tuple[Array, Weight]],
    aggregation: Aggregation,
    cap: float | None,
    deduction: bool = False,
) -> Node:
    if all(isinstance(m, float | int) for _, m in children):
        maximum: Weight = float(sum(m for _, m in children))
    else:
        maximum = sum((m for _, m in children), np.zeros(1))
    values = np.array([v for v, _ in children])
    if aggregation is Aggregation.SUM:
        raw = values.sum(axis=0)
    elif isinstance(maximum, float):
        maxima = np.array([m for _, m in children])[:, None]
        shares = np.clip(values / maxima, 0.0, 1.0)
        if aggregation is Aggregation.GEOMETRIC:
            raw = maximum * np.prod(shares ** (maxima / maximum), axis=0)
        else:
            raw = maximum * shares.min(axis=0)
    else:
        raw = _varied(values, [m for _, m in children], maximum, aggregation)
    points = raw if cap is None else np.minimum(raw, cap)
    return Node(raw, points, maximum, cap, deduction)


def _varied(values: Array, most: list[Weight], maximum: Array, aggregation: Aggregation) -> Array:
    """Return a geometric or minimum node's raw points when its children's maxima vary.

    A child whose maximum is 0 (left out) counts as a full share: it weighs nothing.
    """
    maxima = np.array([np.broadcast_to(m, values.shape[1:]) for m in most])
    present = maxima > 0
    shares = np.clip(np.divide(values, maxima, out=np.ones_like(values), where=present), 0.0, 1.0)
    if aggregation is Aggregation.GEOMETRIC:
        exponents = np.divide(maxima, maximum, out=np.zeros_like(maxima), where=maximum > 0)
        raw: Array = maximum * np.prod(shares**exponents, axis=0)
    else:
        raw = maximum * shares.min(axis=0)
    return raw


def _totals(
    f: Framework,
    firsts: list[Node],
    seconds: list[Node],
    groups: dict[str, Node],
    varied: bool = False,
) -> TreePoints:
    n = firsts[0].points.shape[0]
    base_at = [j for j, x in enumerate(f.first_level) if x.block is Block.BASE]
    base_node = _node(
        [
            (firsts[j].points, _most(firsts[j]) if varied else f.first_level[j].points)
            for j in base_at
        ],
        f.aggregation,
        None,
    )
    base = base_node.points
    full = base_node.maximum if varied else f.total_points  # full marks: the base's maximum
    bonus, deduction = np.zeros(n), np.zeros(n)
    for x, node in zip(f.first_level, firsts, strict=True):
        if x.block is Block.BONUS:
            bonus = bonus + node.points
        elif x.block is Block.DEDUCTION:
            deduction = deduction + node.points
    totals = np.maximum(0.0, base + bonus - deduction)  # deductions stop at zero (扣完为止)
    if f.total_mode is TotalMode.CAPPED:
        totals = np.minimum(totals, full)
    return TreePoints(seconds, firsts, groups, base, bonus, deduction, totals, base_at)


def totals_of(f: Framework, indicator_points: Array, weights: Array | None = None) -> Array:
    """Return the totals of indicator points (indicators × columns) as the scheme adds them up.

    `weights` as in `tree_points`; a plain scheme's total is the sum of its indicators' points.
    """
    if is_plain(f):
        return np.asarray(indicator_points.sum(axis=0), dtype=float)
    return tree_points(f, indicator_points, weights).totals


def total_of(f: Framework, indicator_points: list[float]) -> float:
    """Return the total of one county from its indicators' points."""
    column = np.array(indicator_points, dtype=float)[:, None]
    if is_plain(f):
        return float(column.sum())
    return float(tree_points(f, column).totals[0])


# ---------------------------------------------------------------- explanations


def node_notes(name: str, node: Node, aggregation: Aggregation, i: int) -> list[Message]:
    """Return why node's points for county i differ from the sum of its items, if they do."""
    out: list[Message] = []
    raw, points = float(node.raw[i]), float(node.points[i])
    if not node.deduction and aggregation is not Aggregation.SUM:
        code = "agg.geometric" if aggregation is Aggregation.GEOMETRIC else "agg.minimum"
        out.append(Message(code, {"name": name, "max": fmt(float(node.maximum)), "raw": fmt(raw)}))
    if node.cap is not None and raw > points + 1e-12:
        params = {"name": name, "raw": fmt(raw), "cap": fmt(node.cap)}
        out.append(Message("cap.deduction" if node.deduction else "cap.node", params))
    return out


def group_note(group: CapGroup, node: Node, i: int) -> list[Message]:
    """Return the group's cap message for county i when the cap binds."""
    raw, points = float(node.raw[i]), float(node.points[i])
    if raw <= points + 1e-12:
        return []
    numbers = f"{group.indicators[0]}–{group.indicators[-1]}"
    params = {"name": group.name, "numbers": numbers, "raw": fmt(raw), "cap": fmt(group.cap)}
    return [Message("cap.group", params)]


def total_notes(f: Framework, tree: TreePoints, i: int) -> list[Message]:
    """Return how the total is made of the base, the bonus and the deductions, if it has blocks."""
    if all(x.block is Block.BASE for x in f.first_level):
        return []
    base, bonus = float(tree.base[i]), float(tree.bonus[i])
    deduction, total = float(tree.deduction[i]), float(tree.totals[i])
    params = {
        "base": fmt(base),
        "bonus": fmt(bonus),
        "deduction": fmt(deduction),
        "total": fmt(total),
        "full": fmt(f.total_points),
    }
    if base + bonus - deduction > total + 1e-12:
        return [Message("total.capped", params)]
    return [Message("total.blocks", params)]


@dataclass
class CountyNotes:
    """One county's notes above the indicator, by position (first, second), number, total."""

    first: dict[int, list[Message]]
    second: dict[int, list[Message]]
    indicators: dict[int, list[Message]]
    total: list[Message]

    @classmethod
    def empty(cls) -> CountyNotes:
        return cls({}, {}, {}, [])


def county_notes(f: Framework, tree: TreePoints, i: int) -> CountyNotes:
    """Return county i's cap, aggregation, group and total notes."""
    out = CountyNotes.empty()
    seconds = [s for x in f.first_level for s in x.second_level]
    for j, (second, node) in enumerate(zip(seconds, tree.second, strict=True)):
        notes = node_notes(second.name, node, second.aggregation, i)
        if notes:
            out.second[j] = notes
    for j, (first, node) in enumerate(zip(f.first_level, tree.first, strict=True)):
        notes = node_notes(first.name, node, first.aggregation, i)
        if notes:
            out.first[j] = notes
    for g in f.groups:
        notes = group_note(g, tree.groups[g.id], i)
        if notes:
            out.indicators[g.indicators[-1]] = notes
    if f.aggregation is not Aggregation.SUM:
        total = Node(tree.base, tree.base, f.total_points, None)
        out.total += node_notes("总分", total, f.aggregation, i)
    out.total += total_notes(f, tree, i)
    return out
