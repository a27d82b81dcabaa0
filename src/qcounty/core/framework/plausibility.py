"""The optional `plausibility:` section of a framework: relations between its inputs, as data.

Each province's scheme declares which of its values are parts of a whole, which can only
grow, which carry over from the previous campaign, which compare per head, which ticks its own
records must back and which claims no two counties can share. The checks themselves live in
`qcounty.core.plausibility`; this module only describes and validates the declarations.
"""

from __future__ import annotations

from pydantic import Field

from qcounty.core.framework.inputs import Input, RecordsInput, Strict, Where


class PartsOf(Strict):
    """Parts that together cannot exceed their whole (三星所 + 四星所 ≤ 所总数)."""

    whole: str
    parts: list[str] = Field(min_length=1)


class RatioOf(Strict):
    """A reported ratio that must agree with its own counts within a tolerance."""

    value: str
    numerator: list[str] = Field(min_length=1)
    denominator: str
    scale: float = 1.0
    tolerance: float = 0.5  # in the ratio's own unit


class Cumulative(Strict):
    """A count that can only grow from one campaign to the next (历年累计)."""

    key: str = ""  # a count input, or
    records: str = ""  # the number of records of a list (all years) matching every filter
    where: list[Where] = Field(default_factory=list)


class Carry(Strict):
    """This campaign's base-year value must equal the previous campaign's current value."""

    current: str
    previous: str
    tolerance: float = 0.01  # relative


class PerCapita(Strict):
    """Compare a value with its peers per head rather than as it is."""

    value: str
    by: str
    scale: float = 10_000.0


class Backed(Strict):
    """Ticked options of a checklist, each backed by a dated record that names it."""

    checklist: str
    records: str
    fields: list[str] = Field(min_length=1)  # searched for the words
    match: dict[str, list[str]]  # option id → words, any of which names it


class Counted(Strict):
    """A reported count no larger than its dated records inside their window."""

    count: str
    records: str
    where: list[Where] = Field(default_factory=list)


class Unique(Strict):
    """Records no two counties can both claim (one standard, one award, one project)."""

    records: str
    fields: list[str] = Field(min_length=1)  # normalised and joined: the claim's identity
    where: list[Where] = Field(default_factory=list)


class Plausibility(Strict):
    parts: list[PartsOf] = Field(default_factory=list)
    ratios: list[RatioOf] = Field(default_factory=list)
    cumulative: list[Cumulative] = Field(default_factory=list)
    carry: list[Carry] = Field(default_factory=list)
    per_capita: list[PerCapita] = Field(default_factory=list)
    backed: list[Backed] = Field(default_factory=list)
    counted: list[Counted] = Field(default_factory=list)
    unique: list[Unique] = Field(default_factory=list)
    text_min_length: int = Field(default=30, ge=1)  # shorter free texts may well coincide

    def problems(self, inputs: dict[str, Input]) -> list[str]:
        """Return what this section names that the framework does not have."""
        out = [
            f"plausibility.{where}: unknown input '{key}'"
            for where, key in self._keys()
            if key not in inputs and key.rsplit(".", 1)[0] not in inputs
        ]
        for where, key, fields in self._lists():
            spec = inputs.get(key)
            if not isinstance(spec, RecordsInput):
                out.append(f"plausibility.{where}: '{key}' is not a record list")
                continue
            out += [
                f"plausibility.{where}: '{key}' has no field '{name}'"
                for name in fields
                if spec.field(name) is None
            ]
        if any(bool(c.key) == bool(c.records) for c in self.cumulative):
            out.append("plausibility.cumulative: give either key or records")
        return out

    def _keys(self) -> list[tuple[str, str]]:
        """Return (entry, input key) for every plain input the section names."""
        named = [("parts", k) for p in self.parts for k in [p.whole, *p.parts]]
        named += [
            ("ratios", k) for r in self.ratios for k in [r.value, *r.numerator, r.denominator]
        ]
        named += [("cumulative", c.key) for c in self.cumulative if c.key]
        named += [("carry", k) for c in self.carry for k in (c.current, c.previous)]
        named += [("per_capita", k) for q in self.per_capita for k in (q.value, q.by)]
        named += [("backed", b.checklist) for b in self.backed]
        named += [("counted", n.count) for n in self.counted]
        return named

    def _lists(self) -> list[tuple[str, str, list[str]]]:
        """Return (entry, record list, its fields) for every record list the section names."""
        fields = [
            ("cumulative", c.records, [w.field for w in c.where])
            for c in self.cumulative
            if c.records
        ]
        fields += [("backed", b.records, b.fields) for b in self.backed]
        fields += [("counted", n.records, [w.field for w in n.where]) for n in self.counted]
        fields += [
            ("unique", u.records, [*u.fields, *(w.field for w in u.where)]) for u in self.unique
        ]
        return fields
