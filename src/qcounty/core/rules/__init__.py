"""The scoring primitives, in an explicit registry: rule kind → class.

A framework file names a kind; pydantic picks the class by that name (a discriminated union
built from this registry), so no attribute is ever looked up from a string in the file.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from qcounty.core.rules.base import Rule
from qcounty.core.rules.checklist import Checklist
from qcounty.core.rules.deduct import Deduct
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.rules.expert import Expert
from qcounty.core.rules.flag import Cases, Flag, FlagSum
from qcounty.core.rules.levels import Levels
from qcounty.core.rules.linear import LinearAbove
from qcounty.core.rules.per_item import PerItem
from qcounty.core.rules.thresholds import CountThresholds

REGISTRY: dict[str, type[Rule]] = {
    "flag": Flag,
    "flag_sum": FlagSum,
    "cases": Cases,
    "levels": Levels,
    "checklist": Checklist,
    "per_item": PerItem,
    "count_thresholds": CountThresholds,
    "linear_above": LinearAbove,
    "efficacy": Efficacy,
    "expert": Expert,
    "deduct": Deduct,
}

RuleSpec = Annotated[
    Flag
    | FlagSum
    | Cases
    | Levels
    | Checklist
    | PerItem
    | CountThresholds
    | LinearAbove
    | Efficacy
    | Expert
    | Deduct,
    Field(discriminator="kind"),
]

__all__ = ["REGISTRY", "Rule", "RuleSpec"]
