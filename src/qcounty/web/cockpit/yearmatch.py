"""Which first- and second-level nodes of a county's earlier years compare with the newest's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcounty.core.framework.lineage import Levels, comparable_levels
from qcounty.core.framework.model import Framework
from qcounty.web.schemes.library import comparable_to

if TYPE_CHECKING:
    from qcounty.web.cockpit.reportdata import Scored


def level_matches(framework: Framework, columns: list[Scored]) -> list[Levels]:
    """Return, per year, its first- and second-level nodes comparable with the newest scheme's.

    Through the versions' indicator mapping, as the indicators are: a node compares when it
    holds the counterparts of the newest node's indicators and no other, whatever its name.
    """
    out = []
    for c in columns:
        old = c.application.campaign.framework
        if (old.id, old.version) == (framework.id, framework.version):
            numbers: dict[int, int | None] = {i.number: i.number for i in framework.indicators()}
        else:
            numbers = comparable_to(framework, old)
        out.append(comparable_levels(framework, old, numbers))
    return out
