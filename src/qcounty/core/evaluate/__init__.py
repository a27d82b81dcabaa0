"""The province's evaluation on top of cohort scoring: selection, what-if, policy comparison,
robustness of the selection (Monte Carlo) and leave-one-indicator-out.

Everything here reads points computed by `qcounty.core.scoring`; nothing re-implements a rule.
A Monte Carlo replication perturbs the weights of the 43 indicators and may draw alternative
policies: each distinct set of policies is scored once by the engine, and a replication's totals
are its indicators' points under those policies, reweighted (a matrix product), so 10,000
replications cost a few engine runs and one sort per replication.

The package's modules: `policies` (what may vary, the error), `selection` (`select`,
`what_if`, `compare_policies`), `monte_carlo` (`robustness`) and `leaving_out`
(`leave_one_out`).
"""

from __future__ import annotations

from qcounty.core.evaluate.leaving_out import LeftOut, counties_named, leave_one_out
from qcounty.core.evaluate.monte_carlo import (
    CHUNK,
    MAX_NOISE,
    MAX_REPLICATIONS,
    MAX_WORK,
    QUANTILES,
    Progress,
    Robustness,
    RobustnessSpec,
    robustness,
)
from qcounty.core.evaluate.policies import POLICY_LABELS, VARIABLE_POLICIES, EvaluationError
from qcounty.core.evaluate.selection import (
    CountyChange,
    PolicyComparison,
    Selection,
    WhatIf,
    compare_policies,
    replace_county,
    select,
    what_if,
)

__all__ = [
    "CHUNK",
    "MAX_NOISE",
    "MAX_REPLICATIONS",
    "MAX_WORK",
    "POLICY_LABELS",
    "QUANTILES",
    "VARIABLE_POLICIES",
    "CountyChange",
    "EvaluationError",
    "LeftOut",
    "PolicyComparison",
    "Progress",
    "Robustness",
    "RobustnessSpec",
    "Selection",
    "WhatIf",
    "compare_policies",
    "counties_named",
    "leave_one_out",
    "replace_county",
    "robustness",
    "select",
    "what_if",
]
