"""The policies an evaluation may vary, their Chinese labels, and the evaluation's error."""

from __future__ import annotations

from qcounty.core.framework.policies import (
    EcGroup,
    EcGrowthZeroBase,
    EcMapping,
    EcThresholdFloor,
    EcTierGroups,
    EcZeroRange,
    EcZeroRaw,
)

# Policies a robustness run may draw at random, with their settings (the default first).
VARIABLE_POLICIES: dict[str, tuple[str, ...]] = {
    "ec_mapping": tuple(p.value for p in EcMapping),
    "ec_zero_range": tuple(p.value for p in EcZeroRange),
    "ec_threshold_floor": tuple(p.value for p in EcThresholdFloor),
    "ec_group": tuple(p.value for p in EcGroup),
    "ec_tier_groups": tuple(p.value for p in EcTierGroups),
    "ec_growth_zero_base": tuple(p.value for p in EcGrowthZeroBase),
    "ec_zero_raw": tuple(p.value for p in EcZeroRaw),
}


POLICY_LABELS: dict[str, str] = {
    "ec_mapping": "功效系数得分折算方式",
    "ec_zero_range": "组内数值全部相同时的处理",
    "ec_threshold_floor": "“达标后按功效系数”的不允许值",
    "ec_group": "功效系数比较组的范围",
    "ec_tier_groups": "分档指标的比较组",
    "ec_growth_zero_base": "增长率基数为零时的处理",
    "ec_zero_raw": "科技奖励积分为零时的处理",
}


class EvaluationError(ValueError):
    """A request the evaluation cannot run; the message is a Chinese sentence for the user."""
