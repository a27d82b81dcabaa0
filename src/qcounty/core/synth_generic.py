"""A synthetic cohort for any scheme, drawn from its input specs alone.

Shandong's generator (core/synth.py) knows the province's counties and a model of each of its
inputs. Another scheme evaluates other units (cities, companies …): here every unit gets a name
from the scheme's own word for it (模拟企业0001), a city from its tiers if it has any, a value
of each declared attribute (industry …), and a latent level q from its comparison group and
chance; every input is drawn from its type and range (`_by_type`), records inside their
windows. A few units fail a prerequisite and a few are vetoed: a gate condition on an input is
met, or missed, by setting that input; a condition on a derived value is left to chance. Same
seed, same cohort.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qcounty.core.cohort import COHORT_FORMAT
from qcounty.core.framework.inputs import (
    BoolInput,
    CountInput,
    CountsInput,
    Input,
    NumberInput,
    PercentInput,
)
from qcounty.core.framework.model import Framework, Gate
from qcounty.core.framework.structure import Block
from qcounty.core.rules.base import Condition
from qcounty.core.rules.deduct import Deduct
from qcounty.core.synth_draw import Draw, by_type
from qcounty.core.synth_text import Place
from qcounty.core.wording import wording

FAILS = {"prerequisite": 0.08, "veto": 0.025}  # the share of units failing a gate of each kind


def generate_units(
    framework: Framework, units: int, seed: int, year: int | None = None
) -> dict[str, Any]:
    """Return a cohort file (as JSON data) of `units` synthetic units for any framework."""
    year = year or framework.default_evaluation_year
    rng = np.random.default_rng(seed)
    short = wording(framework).short
    cities = [c for t in framework.tiers for c in t.cities]
    groups = _group_keys(framework)
    effect = {g: rng.normal(0, 0.35) for g in groups}
    inputs = framework.inputs()
    failures, bonus = _occurrences(framework), _bonus_inputs(framework)
    out = []
    for j in range(units):
        name = f"模拟{short}{j + 1:04d}"
        city = cities[j % len(cities)] if cities else ""
        attributes = {
            a.key: a.options[int(rng.integers(len(a.options)))].id for a in framework.attributes
        }
        group = city if framework.tiers else attributes.get(framework.groups_by, "")
        z = effect.get(group, 0.0) + rng.normal(0, 0.55)
        draw = Draw(rng, 1 / (1 + math.exp(-1.6 * z)), year)
        draw.place = Place(name, city)
        values = {spec.key: _value(spec, draw, failures, bonus) for spec in inputs}
        for gate in framework.gates:
            passes = rng.random() >= FAILS[gate.kind]
            _settle_gate(framework, gate, values, passes, draw)
        unit: dict[str, Any] = {"name": name, "city": city, "synthetic": True}
        if attributes:
            unit["attributes"] = attributes
        unit["values"] = values
        out.append(unit)
    return {
        "format": COHORT_FORMAT,
        "framework": framework.id,
        "evaluation_year": year,
        "generator": {"kind": "synthetic", "seed": seed, "counties": units},
        "counties": out,
    }


def _occurrences(framework: Framework) -> set[str]:
    """Return the counts a deduct rule takes points off for: failures, accidents, rare events.

    Drawn like any count (around 5–25) every unit would lose every such clause in full; a
    failure happens now and then, and less often in a better unit.
    """
    return {
        c.rule.value
        for ind in framework.indicators()
        for c in ind.criteria
        if isinstance(c.rule, Deduct)
        and isinstance(framework.input_or_none(c.rule.value), CountInput)
    }


def _bonus_inputs(framework: Framework) -> set[str]:
    """Return the counts of a bonus block's items: awards and honours, a few at most."""
    return {
        x.key
        for first in framework.first_level
        if first.block is Block.BONUS
        for second in first.second_level
        for ind in second.indicators
        for x in ind.inputs
        if isinstance(x, CountInput | CountsInput)
    }


def _value(spec: Input, draw: Draw, failures: set[str], bonus: set[str]) -> Any:
    """Return an input's value: rare for failures and bonus honours, else by its type."""
    if spec.key in failures:
        return draw.count(0.8 * (1 - draw.q))  # now and then, less often in a better unit
    if spec.key in bonus and isinstance(spec, CountsInput):
        return {o.id: draw.count(0.5 * draw.q / len(spec.options)) for o in spec.options}
    if spec.key in bonus:
        return draw.count(0.5 * draw.q)  # a few units earn one, better units more often
    return by_type(spec, draw)


def _group_keys(framework: Framework) -> list[str]:
    """Return what a unit's level shifts with: its city (tiers) or its grouping option."""
    if framework.tiers:
        return sorted({c for t in framework.tiers for c in t.cities})
    by = framework.grouping_attribute()
    return [o.id for o in by.options] if by else []


def _settle_gate(
    framework: Framework, gate: Gate, values: dict[str, Any], passes: bool, draw: Draw
) -> None:
    """Set the gate's inputs so that it passes, or so that its first settable condition fails."""
    n = 0
    for condition in gate.passes_when:
        spec = framework.input_or_none(condition.value)
        if spec is None:
            continue  # a derived value: left to chance
        meet = passes or n > 0
        n += 1
        current = values.get(spec.key)
        if isinstance(current, bool | int | float) and condition.holds(float(current)) == meet:
            continue  # the drawn value already does
        value = _meeting(spec, condition, meet, draw)
        if value is not None:
            values[spec.key] = value


def _meeting(spec: Input, condition: Condition, meet: bool, d: Draw) -> Any:
    """Return a value of the input that meets the condition (or misses it); None if none fits.

    A number is drawn inside the range the condition leaves (the input's own bounds, or as far
    again as the operand when it has none), so the units that pass do not all sit on the line.
    """
    if isinstance(spec, BoolInput) and isinstance(condition.equals, bool):
        return condition.equals if meet else not condition.equals
    if not isinstance(spec, CountInput | PercentInput | NumberInput):
        return None
    y = condition.operand
    step = 1.0 if isinstance(spec, CountInput) else 0.01
    low = 0.0 if isinstance(spec, CountInput) else spec.min
    high = spec.max
    reach = max(abs(y), 10 * step)
    floor = low if low is not None else y - reach
    ceiling = high if high is not None else y + reach
    upward = condition.op in ("at_least", "above")
    if condition.op == "equals":
        span = (y, y) if meet else (y + step, y + step)
    elif upward == meet:  # at or above the line
        span = (y + (step if condition.op in ("above", "at_most") else 0.0), ceiling)
    else:  # below the line
        span = (floor, y - (step if condition.op in ("at_least", "below") else 0.0))
    if span[0] > span[1] or span[0] < floor or span[1] > ceiling:
        return None
    x = d.around(*span, noise=0.3)
    return round(x) if isinstance(spec, CountInput) else round(x, 2)
