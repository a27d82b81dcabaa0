"""Two versions of a scheme side by side: indicators added, removed, renumbered, changed.

Indicators are matched by name first (a renumbered indicator keeps its name), then what is
left by number (a renamed indicator keeps its place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from qcounty.core.framework.lineage import step
from qcounty.core.framework.model import Framework, Indicator


@dataclass
class Change:
    old: Indicator | None
    new: Indicator | None
    what: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # merged or split from these (不可比)

    @property
    def kind(self) -> str:
        if self.sources:
            return "not_comparable"
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if self.old.number != self.new.number:
            return "renumbered"
        return "changed" if self.what else "same"


def _declared(old: Framework, new: Framework) -> bool:
    p = new.predecessor
    return p is not None and (p.id, p.version) == (old.id, old.version)


def by_mapping(old: Framework, new: Framework) -> list[Change]:
    """Return the changes as the new version's predecessor mapping declares them."""
    p = new.predecessor
    if p is None:
        return []
    links = step(new)
    sources = {m.number: m.from_ for m in p.mapping}
    olds = {i.number: i for i in old.indicators()}
    out: list[Change] = []
    used: set[int] = set()
    for i in new.indicators():
        j = links.get(i.number)
        if j is not None and j in olds:
            out.append(Change(olds[j], i, _what(olds[j], i)))
            used.add(j)
        elif sources.get(i.number):
            out.append(Change(None, i, sources=sources[i.number]))
            used.update(sources[i.number])
        else:
            out.append(Change(None, i))
    out += [Change(olds[n], None) for n in sorted(olds) if n not in used]
    return out


def match(old: Framework, new: Framework) -> list[tuple[Indicator | None, Indicator | None]]:
    """Return the pairs of indicators of two versions (None where one side has none)."""
    left = list(old.indicators())
    right = list(new.indicators())
    pairs: list[tuple[Indicator | None, Indicator | None]] = []
    by_name = {i.name: i for i in right}
    for i in list(left):
        j = by_name.get(i.name)
        if j is not None and j in right:
            pairs.append((i, j))
            left.remove(i)
            right.remove(j)
    by_number = {i.number: i for i in right}
    for i in list(left):
        j = by_number.get(i.number)
        if j is not None:
            pairs.append((i, j))
            left.remove(i)
            right.remove(j)
    pairs += [(i, None) for i in left] + [(None, j) for j in right]
    return sorted(pairs, key=lambda p: ((p[1] or p[0]).number, p[1] is None))  # type: ignore[union-attr]


def _what(old: Indicator, new: Indicator) -> list[str]:
    out = []
    if old.number != new.number:
        out.append(_("编号 {a} → {b}").format(a=old.number, b=new.number))
    if old.name != new.name:
        out.append(_("名称“{a}” → “{b}”").format(a=old.name, b=new.name))
    if old.points != new.points:
        out.append(_("分值 {a:g} → {b:g}").format(a=old.points, b=new.points))
    before = {c.id: c for c in old.criteria}
    after = {c.id: c for c in new.criteria}
    for cid in before.keys() - after.keys():
        out.append(_("删除评分细则 {id}").format(id=cid))
    for cid in after.keys() - before.keys():
        out.append(_("新增评分细则 {id}（{kind}）").format(id=cid, kind=after[cid].rule.kind))
    for cid in sorted(before.keys() & after.keys()):
        a, b = before[cid], after[cid]
        if a.points != b.points:
            out.append(_("细则 {id} 分值 {a:g} → {b:g}").format(id=cid, a=a.points, b=b.points))
        if a.rule.kind != b.rule.kind:
            out.append(_("细则 {id} 规则 {a} → {b}").format(id=cid, a=a.rule.kind, b=b.rule.kind))
        elif a.rule.model_dump(mode="json") != b.rule.model_dump(mode="json"):
            out.append(_("细则 {id} 规则参数改变（{kind}）").format(id=cid, kind=b.rule.kind))
        if a.standard != b.standard:
            out.append(_("细则 {id} 评价标准文字改变").format(id=cid))
    return sorted(out, key=out.index)


def diff(old: Framework, new: Framework) -> dict[str, Any]:
    """Return the side-by-side comparison of two versions."""
    if _declared(old, new):
        changes = by_mapping(old, new)
    else:
        changes = [
            Change(a, b, _what(a, b) if a is not None and b is not None else [])
            for a, b in match(old, new)
        ]
    kinds = ("added", "removed", "renumbered", "changed", "not_comparable")
    counts = {k: sum(1 for c in changes if c.kind == k) for k in kinds}
    facts = []
    if old.total_points != new.total_points:
        facts.append(_("满分 {a:g} → {b:g}").format(a=old.total_points, b=new.total_points))
    gates_a = {g.id: g for g in old.gates}
    gates_b = {g.id: g for g in new.gates}
    for gid in sorted(gates_a.keys() - gates_b.keys()):
        facts.append(_("删除门槛“{name}”").format(name=gates_a[gid].name))
    for gid in sorted(gates_b.keys() - gates_a.keys()):
        facts.append(_("新增门槛“{name}”").format(name=gates_b[gid].name))
    for gid in sorted(gates_a.keys() & gates_b.keys()):
        a, b = gates_a[gid], gates_b[gid]
        if (a.kind, a.forces_grade) != (b.kind, b.forces_grade):
            facts.append(_("门槛“{name}”的类型改变").format(name=b.name))
    if [g.model_dump() for g in old.grades] != [g.model_dump() for g in new.grades]:
        facts.append(_("等级划分改变"))
    if [g.model_dump() for g in old.groups] != [g.model_dump() for g in new.groups]:
        facts.append(_("封顶组改变"))
    if [t.model_dump() for t in old.tiers] != [t.model_dump() for t in new.tiers]:
        facts.append(_("比较组（梯队）改变"))
    return {"changes": changes, "counts": counts, "facts": facts, "mapped": _declared(old, new)}
