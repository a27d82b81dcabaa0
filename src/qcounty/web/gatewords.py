"""The words for a scheme's gates by what they do, so that no page calls every gate 前置指标.

A prerequisite (前置指标) and a veto (一票否决项) take the unit out of the ranking; a grade gate
(等级门槛) only forces a grade and the unit stays ranked.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qcounty.core.framework.model import Framework

KIND_WORDS = {
    "prerequisite": gettext_noop("前置指标"),
    "veto": gettext_noop("一票否决项"),
    "grade": gettext_noop("等级门槛"),
}


def gates_title(framework: Framework, joiner: str = "") -> str:
    """Return the scheme's gates by kind, e.g. 前置指标与一票否决项 (joined by 与 by default)."""
    kinds = dict.fromkeys(g.kind for g in framework.gates)
    return (joiner or _("与")).join(_(KIND_WORDS[k]) for k in kinds)


def gate_word_of_input(framework: Framework, key: str) -> str:
    """Return the kind of the gate that asks for this input (前置指标 if none does)."""
    for gate in framework.gates:
        if any(x.key == key for x in gate.inputs):
            return _(KIND_WORDS[gate.kind])
    return _(KIND_WORDS["prerequisite"])
