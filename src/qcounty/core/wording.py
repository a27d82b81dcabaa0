"""The scheme's own words for what it evaluates: the unit, its comparison groups, its gates.

Shandong evaluates 县（市、区）, compares them within city tiers (第二梯队) and cancels the
candidacy of one that fails the prerequisite (取消创建资格); another scheme evaluates 企业,
compares them within their industry and does not evaluate one that fails (不予评价). Every page,
document and message that names these takes the words from here, so Shandong's read as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qcounty.core.framework.model import Framework
from qcounty.core.results import STATUS_ZH, Status

DEFAULT_UNIT = "县（市、区）"


@dataclass(frozen=True)
class Wording:
    """How one scheme names its evaluated units, their groups and the gates' outcomes."""

    unit: str  # 县（市、区） / 市 / 企业
    short: str  # 县 / 市 / 企业: in 参评县, 本县, 个县
    grouping: str  # 梯队 / 行业: a column's header, 梯队排名
    by_tier: bool  # groups are the city tiers (第2梯队 in a county's heading)
    group_names: dict[int, str]  # group number → 第二梯队 / 食品制造业
    statuses: dict[Status, str]  # 参评 / 取消创建资格 / 一票否决
    scheme: str = ""  # the scheme's name: whether its units 创建 a 质量强市 or are 考核'd

    @property
    def cohort(self) -> str:
        """Return the units of a cohort: 参评县, 参评企业."""
        return f"参评{self.short}"

    @property
    def ineligible(self) -> str:
        """Return what failing the prerequisite is called: 取消创建资格, 不予评价."""
        return self.statuses[Status.INELIGIBLE]

    @property
    def vetoed(self) -> str:
        return self.statuses[Status.VETOED]

    @property
    def grouped(self) -> bool:
        """Return whether units are compared within groups at all (tiers or an attribute's)."""
        return bool(self.group_names)

    @property
    def tiered_note(self) -> str:
        """Return how an indicator compared within groups is marked: 分档, 按行业分组."""
        return "分档" if self.by_tier else f"按{self.grouping}分组"

    def everyone(self, eligible_only: bool = True) -> str:
        """Return the whole comparison group: 全体参评县, or 全体县 when all are compared."""
        return f"全体{self.cohort}" if eligible_only else f"全体{self.short}"

    def status(self, status: Status | str) -> str:
        """Return the status in the scheme's words (a failed prerequisite: its consequence)."""
        return self.statuses[Status(status)]

    def group(self, number: int) -> str:
        """Return a group's name for a unit's heading: 第2梯队 (as always shown), or its label;
        empty for a unit in no group (tier 0: a scheme without tiers)."""
        if self.by_tier:
            return f"第{number}梯队" if number else ""
        return self.group_names.get(number, "")


def short_name(unit: str) -> str:
    """Return the unit's name without its parenthesised part: 县（市、区） → 县."""
    return re.sub(r"[（(][^）)]*[）)]", "", unit).strip() or unit


def wording(framework: Framework | None) -> Wording:
    """Return the framework's words for its evaluated units, groups and statuses.

    Without a framework: Shandong's (county, city tiers, the statuses' usual names).
    """
    if framework is None:
        return Wording(DEFAULT_UNIT, short_name(DEFAULT_UNIT), "梯队", True, {}, dict(STATUS_ZH))
    unit = framework.evaluated_unit
    by_attribute = framework.grouping_attribute()
    if by_attribute is None:
        grouping, names = "梯队", {t.tier: t.name for t in framework.tiers}
    else:
        grouping = by_attribute.label
        names = {n: o.label for n, o in enumerate(by_attribute.options, start=1)}
    return Wording(
        unit=unit,
        short=short_name(unit),
        grouping=grouping,
        by_tier=by_attribute is None,
        group_names=names,
        statuses={
            Status.ELIGIBLE: STATUS_ZH[Status.ELIGIBLE],
            Status.INELIGIBLE: _consequence(framework, "prerequisite", Status.INELIGIBLE),
            Status.VETOED: _consequence(framework, "veto", Status.VETOED),
        },
        scheme=framework.name,
    )


def _consequence(framework: Framework, kind: str, status: Status) -> str:
    """Return the first gate of this kind's consequence without its full stop."""
    gate = next((g for g in framework.gates if g.kind == kind), None)
    text = gate.consequence.strip().rstrip("。.") if gate else ""
    return text or STATUS_ZH[status]
