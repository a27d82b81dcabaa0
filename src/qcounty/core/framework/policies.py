"""Scoring policies: every choice the scheme's text leaves open, with its default.

Each policy is documented in docs/scoring-policies.md with its reason. The defaults follow
the product owner's reading of the seed (docs/scoring-policies.md, from the design notes).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class EcBounds(StrEnum):
    """Where the satisfactory (x_h) and unacceptable (x_s) values come from."""

    COHORT = "cohort"  # max and min of the comparison group
    TARGETS = "targets"  # fixed targets per part, written in the framework or typed in


class EcMapping(StrEnum):
    """How an efficacy value d (60–100) becomes points."""

    D_OVER_100 = "d_over_100"  # points × d / 100 (60 % of the points at the bottom)
    SCALED = "scaled"  # points × (d − 60) / 40 (0 at the bottom, full at the top)


class EcZeroRange(StrEnum):
    """What happens when every value in the group is equal (x_h = x_s)."""

    FULL = "full"  # d = 100 for all, explained
    SIXTY_FLAG = "sixty_flag"  # d = 60 and flagged for review


class EcThresholdFloor(StrEnum):
    """x_s of a 'threshold, then efficacy coefficient' part."""

    THRESHOLD = "threshold"  # x_s = the threshold itself
    QUALIFIED_MIN = "qualified_min"  # x_s = the minimum of the counties that reached it


class EcGroup(StrEnum):
    """Which counties form the comparison group."""

    ELIGIBLE = "eligible"  # eligible, non-vetoed counties only
    ALL = "all"  # every county of the cohort


class EcTierGroups(StrEnum):
    """Whether note 1's tiered indicators compare a county with its tier or the province."""

    TIERS = "tiers"  # the counties of the same city tier (note 1)
    PROVINCE = "province"  # every county of the comparison group, tiers ignored


class EcGrowthZeroBase(StrEnum):
    """A growth rate whose base is zero."""

    SIXTY_FLAG = "sixty_flag"  # that part gets d = 60 and is flagged
    ZERO_FLAG = "zero_flag"  # that part gets nothing and is flagged


class EcZeroRaw(StrEnum):
    """A derived quantity that is zero where zero means 'nothing to evaluate' (item 42)."""

    EXCLUDED = "excluded"  # 0 points; the group is the counties with a positive value
    PLAIN = "plain"  # plain efficacy coefficient, zero included


class EcTargetClip(StrEnum):
    """Clipping of d when bounds are fixed targets."""

    SIXTY = "sixty"  # clip to [60, 100]
    ZERO = "zero"  # clip to [0, 100] below x_s


class TieBreak(StrEnum):
    """How equal totals (to the rounding) are ordered."""

    SHARE = "share"  # equal totals share a rank
    FIRST_LEVEL = "first_level"  # compare first-level scores, last first-level indicator first


class Policies(BaseModel):
    """Every open policy of the scoring rules, with its default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ec_bounds: EcBounds = EcBounds.COHORT
    ec_mapping: EcMapping = EcMapping.D_OVER_100
    ec_zero_range: EcZeroRange = EcZeroRange.FULL
    ec_threshold_floor: EcThresholdFloor = EcThresholdFloor.THRESHOLD
    ec_group: EcGroup = EcGroup.ELIGIBLE
    ec_tier_groups: EcTierGroups = EcTierGroups.TIERS
    ec_growth_zero_base: EcGrowthZeroBase = EcGrowthZeroBase.SIXTY_FLAG
    ec_zero_raw: EcZeroRaw = EcZeroRaw.EXCLUDED
    ec_target_clip: EcTargetClip = EcTargetClip.SIXTY
    tie_break: TieBreak = TieBreak.SHARE
    decimals: int = Field(default=2, ge=0, le=6)

    def with_overrides(self, overrides: dict[str, str]) -> Policies:
        """Return a copy with some policies replaced (values validated as at load)."""
        data = self.model_dump()
        data.update(overrides)
        return Policies.model_validate(data)
