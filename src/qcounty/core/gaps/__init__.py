"""Gap analysis: where a county loses points, and which changes would win them back.

Candidate changes come from the rules themselves: each scoring primitive says what would raise
its points (a missing checklist item added, a flag's condition made true, a level raised, a
count raised to the next threshold, one more record of each kind, an efficacy-coefficient value
raised to the threshold or to the reference group's best value). Each candidate is applied to a
copy of the county's values and the county is rescored by the core against the reference, so
caps, cumulative caps and efficacy bounds are respected by construction: the gain is the new
total minus the current one. Texts are built from the framework's labels, never per indicator.

The package's modules: `results` (what the analysis returns), `assessor` (scoring one county
against a fixed reference, the range of a rescored total), `reads` (which inputs a value depends
on), `analysis` (`gap_analysis`, `points_lost`), `planning` (the greedy top-ten `plan`),
`candidates` (candidate changes per rule kind), `draft` (a candidate being built), `reach`
(making a value reach a target), `records` (hypothetical records) and `texts` (Chinese texts
from the framework's labels).
"""

from qcounty.core.gaps.analysis import gap_actions, gap_analysis, points_lost
from qcounty.core.gaps.assessor import Assessor
from qcounty.core.gaps.planning import plan
from qcounty.core.gaps.records import RecordKind, add_records, record_kinds
from qcounty.core.gaps.results import (
    EPS,
    GOAL_BEST,
    NEW_TITLE,
    SHOWN,
    GapAction,
    GapAnalysis,
    GapPlan,
    IndicatorLoss,
    PlanStep,
)

__all__ = [
    "EPS",
    "GOAL_BEST",
    "NEW_TITLE",
    "SHOWN",
    "Assessor",
    "GapAction",
    "GapAnalysis",
    "GapPlan",
    "IndicatorLoss",
    "PlanStep",
    "RecordKind",
    "add_records",
    "gap_actions",
    "gap_analysis",
    "plan",
    "points_lost",
    "record_kinds",
]
