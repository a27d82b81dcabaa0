"""Plausibility and integrity checks of reported values (issue 17): pure Python and numpy.

`check_cohort` (the province: every county) and `check_county` (a county's 自查: its own data
against its peers) return `Flag`s riskiest first; `same_evidence` compares evidence files by
SHA-256, which the web holds. The relations checked are the framework's `plausibility:`
section and its percentage shares; the thresholds are `Thresholds` (docs/plausibility.md).
"""

from qcounty.core.plausibility.across import same_evidence
from qcounty.core.plausibility.flags import Flag, Thresholds
from qcounty.core.plausibility.run import check_cohort, check_county

__all__ = ["Flag", "Thresholds", "check_cohort", "check_county", "same_evidence"]
