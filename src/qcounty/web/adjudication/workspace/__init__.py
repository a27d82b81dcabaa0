"""The province's workspace as plain data for templates: claims, decisions, scores, points.

Indicators are grouped as the framework groups them (gates first); each shows its inputs with
the county's claim and the value that counts, the rule text, the points the core estimates for
the claim and for the adjudicated values, the evidence, and for judged inputs the experts'
scores. Nothing here computes a point: the core does (`estimates.estimate_both`).

The package's modules: `rows` (the data the templates show), `loading` (an application's
decisions and scores, loaded once), `inputs` (one input's row) and `build` (`workspace`,
`block_of`).
"""

from __future__ import annotations

from qcounty.web.adjudication.workspace.build import PREVIEW_KINDS, block_of, workspace
from qcounty.web.adjudication.workspace.inputs import decisions_in_force, in_force, posted_records
from qcounty.web.adjudication.workspace.rows import (
    CriterionRow,
    Group,
    IndicatorBlock,
    InputRow,
    Judged,
    RecordRow,
    Section,
    Spread,
    Workspace,
)

__all__ = [
    "PREVIEW_KINDS",
    "CriterionRow",
    "Group",
    "IndicatorBlock",
    "InputRow",
    "Judged",
    "RecordRow",
    "Section",
    "Spread",
    "Workspace",
    "block_of",
    "decisions_in_force",
    "in_force",
    "posted_records",
    "workspace",
]
