"""Template filters that word a scheme's gates by kind (see qcounty.web.gatewords)."""

from __future__ import annotations

from django import template

from qcounty.core.framework.model import Framework
from qcounty.web import gatewords

register = template.Library()


@register.filter
def gates_title(framework: Framework) -> str:
    """Return 前置指标与一票否决项, 一票否决项, 等级门槛 … as the scheme's gates are."""
    return gatewords.gates_title(framework)


@register.filter
def gate_word(framework: Framework, key: str) -> str:
    """Return the kind of the gate that asks for this input."""
    return gatewords.gate_word_of_input(framework, key)
