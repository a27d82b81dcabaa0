"""Checks across a framework that its types alone cannot make, each with its YAML path.

Points add up level by level; every value a rule, filter or gate reads is declared before it
and has a type the reader can use; every unit is declared; every scored input is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcounty.core.framework.inputs import (
    NUMERIC_TYPES,
    ChecklistInput,
    CountDerived,
    CountsInput,
    Derived,
    Input,
    RecordPointsDerived,
    RecordsInput,
    Where,
    derived_sources,
)
from qcounty.core.framework.predecessor import check_predecessor
from qcounty.core.framework.structure_checks import (
    check_grades,
    check_tree,
    check_version,
    check_wording,
)
from qcounty.core.rules.base import Condition, Rule
from qcounty.core.rules.efficacy import Efficacy

if TYPE_CHECKING:
    from qcounty.core.framework.model import Framework, Indicator

Problem = tuple[str, str]  # (YAML path, message)
RECORD_READERS = ("count", "years_covered", "record_points")


def check_framework(f: Framework) -> list[Problem]:
    """Return every problem found, in file order."""
    return (
        check_version(f)
        + check_tree(f)
        + check_grades(f)
        + _References(f).run()
        + check_wording(f)
        + check_predecessor(f)
    )


class _References:
    """Walk the file in order, remembering each declared value's type and path."""

    def __init__(self, f: Framework) -> None:
        self.f = f
        self.out: list[Problem] = []
        self.kinds: dict[str, str] = {}  # value key → input type, "count" (option) or "derived"
        self.inputs: dict[str, Input] = {}
        self.input_paths: dict[str, str] = {}
        self.read: set[str] = set()
        self.units = {u.id for u in f.units}

    def run(self) -> list[Problem]:
        if len({t.tier for t in self.f.tiers}) != len(self.f.tiers):
            self.out.append(("tiers", "two tiers share a number"))
        for g, gate in enumerate(self.f.gates):
            path = f"gates[{g}]"
            self._declare(path, gate.inputs, gate.derived, gate.units)
            self._units(path, gate.units)
            for k, c in enumerate(gate.passes_when):
                self._condition(f"{path}.passes_when[{k}]", c)
        for path, ind in self._indicators():
            self._declare(path, ind.inputs, ind.derived, ind.units)
            self._units(path, ind.units)
            if ind.tiered and not self.f.group_numbers():
                self.out.append(
                    (f"{path}.tiered", "the indicator is tiered but the framework has no tiers")
                )
            for m, crit in enumerate(ind.criteria):
                self._rule(f"{path}.criteria[{m}].rule", crit.rule)
                if isinstance(crit.rule, Efficacy):
                    self._targets(f"{path}.criteria[{m}].rule", crit.rule, ind.tiered)
        self._every_input_read()
        return self.out

    def _indicators(self) -> list[tuple[str, Indicator]]:
        return [
            (f"first_level[{a}].second_level[{b}].indicators[{c}]", ind)
            for a, first in enumerate(self.f.first_level)
            for b, second in enumerate(first.second_level)
            for c, ind in enumerate(second.indicators)
        ]

    def _declare(
        self, owner: str, inputs: list[Input], derived: list[Derived], units: list[str]
    ) -> None:
        for k, x in enumerate(inputs):
            path = f"{owner}.inputs[{k}]"
            for j, u in enumerate(x.units):
                if u not in units:
                    self.out.append(
                        (f"{path}.units[{j}]", f"'{u}' is not one of the owner's units {units}")
                    )
            if x.key in self.kinds:
                self.out.append((f"{path}.key", f"'{x.key}' is declared twice"))
            self.kinds[x.key] = x.type
            self.inputs[x.key] = x
            self.input_paths[x.key] = path
            if isinstance(x, ChecklistInput | CountsInput):
                for o in x.options:
                    self.kinds[f"{x.key}.{o.id}"] = "count"
            if isinstance(x, RecordsInput):
                windows = [x.window, *(x.window_by.windows.values() if x.window_by else [])]
                for w in windows:
                    if w and w not in self.f.windows:
                        self.out.append(
                            (
                                f"{path}.window",
                                f"unknown window '{w}'; declared: {sorted(self.f.windows)}",
                            )
                        )
        for k, d in enumerate(derived):
            path = f"{owner}.derived[{k}]"
            for src in derived_sources(d):
                self.read.add(src)
                self._source(path, d, src)
            self._where(path, d)
            if d.key in self.kinds:
                self.out.append((f"{path}.key", f"'{d.key}' is declared twice"))
            self.kinds[d.key] = "derived"

    def _source(self, path: str, d: Derived, src: str) -> None:
        kind = self.kinds.get(src)
        if kind is None:
            self.out.append((path, f"reads '{src}', which is not declared before it"))
        elif d.kind in RECORD_READERS and kind != "records":
            self.out.append((path, f"needs a record list, '{src}' is {kind}"))
        elif d.kind not in RECORD_READERS and kind not in (
            *NUMERIC_TYPES,
            "derived",
            "checklist",
            "counts",
        ):
            self.out.append((path, f"needs numbers, '{src}' is {kind}"))
        elif d.kind == "years_covered":
            spec = self.inputs.get(src)
            if isinstance(spec, RecordsInput) and not spec.window:
                self.out.append((path, f"counts years, so '{src}' needs a window"))

    def _where(self, path: str, d: Derived) -> None:
        records = self.inputs.get(getattr(d, "records", ""))
        if not isinstance(records, RecordsInput):
            return
        filters: list[Where] = []
        if isinstance(d, CountDerived):
            filters = d.where
        elif isinstance(d, RecordPointsDerived):
            filters = [w for row in d.points for w in row.where] + [
                w for x in d.factor for w in x.where
            ]
        for w in filters:
            field = records.field(w.field)
            if field is None:
                self.out.append((path, f"'{records.key}' has no field '{w.field}'"))
                continue
            wanted = w.equals if isinstance(w.equals, list) else [w.equals]
            if field.type == "bool":
                if any(not isinstance(v, bool) for v in wanted):
                    self.out.append(
                        (path, f"field '{w.field}' is yes/no: filter it with true or false")
                    )
            elif field.type == "choice":
                ids = {o.id for o in field.options}
                unknown = [v for v in wanted if v not in ids]
                if unknown:
                    self.out.append(
                        (path, f"field '{w.field}' has no option {unknown}; options: {sorted(ids)}")
                    )
            else:
                self.out.append(
                    (path, f"field '{w.field}' is {field.type}: filter on choice or yes/no fields")
                )

    def _units(self, path: str, units: list[str]) -> None:
        for k, u in enumerate(units):
            if u not in self.units:
                self.out.append(
                    (f"{path}.units[{k}]", f"unknown unit '{u}'; declare it under units")
                )

    def _condition(self, path: str, c: Condition) -> None:
        self.read.add(c.value)
        kind = self.kinds.get(c.value)
        if kind is None:
            self.out.append((path, f"unknown value '{c.value}'"))
        elif isinstance(c.equals, bool) and kind != "bool":
            self.out.append((path, f"'{c.value}' is {kind}, so it cannot be true or false"))
        elif not isinstance(c.equals, bool) and kind == "bool":
            self.out.append(
                (path, f"'{c.value}' is yes/no: test it with a bare key or equals true/false")
            )

    def _rule(self, path: str, rule: Rule) -> None:
        conditions = {c.value for c in rule.conditions()}
        for v in rule.values():
            self.read.add(v)
            if v in conditions:
                continue  # checked with its operator below
            if v not in self.kinds:
                self.out.append((path, f"unknown value '{v}'"))
            elif self.kinds[v] in ("text", "date"):
                self.out.append((path, f"'{v}' is {self.kinds[v]}, which cannot be scored"))
        for c in rule.conditions():
            self._condition(path, c)
        self.out += [(path, p) for p in rule.check(self.inputs)]

    def _targets(self, path: str, rule: Efficacy, tiered: bool) -> None:
        tiers = self.f.group_numbers()
        for k, part in enumerate(rule.parts):
            for j, t in enumerate(part.targets):
                where = f"{path}.parts[{k}].targets[{j}]"
                if t.satisfactory == t.unacceptable and not zero_range_defined(self.f):
                    self.out.append((where, equal_targets(t.satisfactory)))
                if t.tier and not tiered:
                    self.out.append((where, "a tier's target on an indicator that is not tiered"))
                elif t.tier and t.tier not in tiers:
                    self.out.append((where, f"unknown tier {t.tier}; tiers: {sorted(tiers)}"))

    def _every_input_read(self) -> None:
        read = self.read | {
            k.rsplit(".", 1)[0] for k in self.read
        }  # an option's key uses its field
        for key, x in self.inputs.items():
            if not x.informational and key not in read:
                self.out.append(
                    (
                        self.input_paths[key],
                        f"input '{key}' is read by no rule: use it, or mark it informational",
                    )
                )


def zero_range_defined(f: Framework) -> bool:
    """Whether the scheme says what d is when x_s = x_h (it writes policies.ec_zero_range)."""
    return "ec_zero_range" in f.policies.model_fields_set


def equal_targets(value: float) -> str:
    """Return the problem of a target whose satisfactory and unacceptable values are equal."""
    return (
        f"satisfactory and unacceptable are both {value:g}: d = 60 + 40 × (x − x_s) / (x_h − x_s) "
        "divides by zero; give two different values, or write policies.ec_zero_range "
        "(full: d = 100 at the target; sixty_flag: d = 60)"
    )
