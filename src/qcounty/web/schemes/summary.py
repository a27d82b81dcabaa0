"""A scheme in words and rows for its summary page: tree, points, rules, gates, grades, groups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from qcounty.core.framework.model import Framework, Gate, Indicator
from qcounty.core.framework.structure import Aggregation, Block
from qcounty.core.framework.summary import structure_summary


def gate_kind_text(gate: Gate) -> str:
    """Return what the gate does, in the scheme's terms: not ranked, vetoed, or a forced grade."""
    if gate.kind == "prerequisite":
        return _("前置指标（不达标不参与排名）")
    if gate.kind == "veto":
        if gate.forces_grade:
            return _("一票否决（不参与排名，等级定为{grade}）").format(grade=gate.forces_grade)
        return _("一票否决（不参与排名）")
    # a grade gate ranks the unit as usual and only fixes its grade
    return _("等级门槛（不达标时等级定为{grade}，仍参与排名）").format(
        grade=gate.forces_grade or "—"
    )


def rule_kinds(indicator: Indicator) -> list[str]:
    return sorted({c.rule.kind for c in indicator.criteria})


@dataclass
class Row:
    level: int  # 1, 2 or 3
    number: int | None
    name: str
    points: float
    notes: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    criteria: int = 0


def tree_rows(f: Framework) -> list[Row]:
    """Return the tree, first level to indicator, with caps, blocks and aggregation noted."""
    rows: list[Row] = []
    for first in f.first_level:
        rows.append(Row(1, None, first.name, first.points, _node_notes(first)))
        for second in first.second_level:
            rows.append(Row(2, None, second.name, second.points, _node_notes(second)))
            for i in second.indicators:
                notes = (
                    [_("累计封顶：{text}").format(text=i.cumulative_cap)]
                    if i.cumulative_cap
                    else []
                )
                if i.tiered:
                    notes.append(_("分档评价"))
                rows.append(
                    Row(3, i.number, i.name, i.points, notes, rule_kinds(i), len(i.criteria))
                )
    return rows


def _node_notes(node: Any) -> list[str]:
    notes = []
    block = getattr(node, "block", Block.BASE)
    if block is Block.BONUS:
        notes.append(_("加分项"))
    elif block is Block.DEDUCTION:
        notes.append(_("扣分项"))
    if node.cap is not None:
        notes.append(node.cap_text or _("封顶 {cap:g} 分").format(cap=node.cap))
    if node.aggregation is not Aggregation.SUM:
        notes.append(str(node.aggregation))
    return notes


def summary(f: Framework) -> dict[str, Any]:
    """Return everything the summary page shows of a scheme."""
    kinds = Counter(c.rule.kind for i in f.indicators() for c in i.criteria)
    return {
        "framework": f,
        "rows": tree_rows(f),
        "structure": structure_summary(f),
        "kinds": sorted(kinds.items()),
        "gates": [{"gate": g, "kind": gate_kind_text(g)} for g in f.gates],
        "grades": f.grades,
        "tiers": f.tiers,
        "groups": f.groups,
        "predecessor": f.predecessor,
        "indicators": len(f.indicators()),
        "inputs": len(f.inputs()),
    }
