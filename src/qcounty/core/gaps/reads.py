"""Which input keys a value, a criterion or an indicator depends on (through derived values)."""

from __future__ import annotations

from qcounty.core.framework.inputs import (
    Derived,
    derived_sources,
)
from qcounty.core.framework.model import Criterion, Framework


def _indicator_reads(framework: Framework) -> list[set[str]]:
    """Return per indicator (in framework order) the input keys its criteria read."""
    out = []
    for ind in framework.indicators():
        keys: set[str] = set()
        for crit in ind.criteria:
            keys |= _reads(framework, crit)
        out.append(keys)
    return out


def _reads(framework: Framework, criterion: Criterion) -> set[str]:
    """Return the input keys a criterion depends on, through derived values."""
    out: set[str] = set()
    for key in criterion.rule.values():
        out |= _reads_key(framework, key)
    return out


def _reads_key(framework: Framework, key: str) -> set[str]:
    """Return the input keys a value depends on, through derived values."""
    cache = _READS.setdefault(id(framework), (framework, {}))
    if cache[0] is not framework:
        cache = _READS[id(framework)] = (framework, {})
    if key not in cache[1]:
        cache[1][key] = _sources(framework, key)
    return cache[1][key]


_READS: dict[int, tuple[Framework, dict[str, set[str]]]] = {}


def _sources(framework: Framework, key: str) -> set[str]:
    derived = _derived_of(framework)
    out: set[str] = set()
    todo = [key]
    while todo:
        key = todo.pop()
        d = derived.get(key)
        if d is not None:
            todo += derived_sources(d)
        elif framework.input_or_none(key) is not None:
            out.add(key)
        elif "." in key:
            out.add(key.rsplit(".", 1)[0])  # a checklist or counts option's column
    return out


_DERIVED: dict[int, tuple[Framework, dict[str, Derived]]] = {}


def _derived_of(framework: Framework) -> dict[str, Derived]:
    cached = _DERIVED.get(id(framework))
    if cached is None or cached[0] is not framework:
        cached = (framework, {d.key: d for d in framework.derived()})
        _DERIVED[id(framework)] = cached
    return cached[1]
