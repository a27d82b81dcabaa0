"""Fill in the seed's form items from one county's values, tabulated once."""

from __future__ import annotations

import math
from typing import Any

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountInput,
    CountsInput,
    DateInput,
    Input,
    NumberInput,
    PercentInput,
    RecordsInput,
    TextInput,
    YearsCoveredDerived,
)
from qcounty.core.framework.model import Framework, Gate, Indicator
from qcounty.core.messages import fmt
from qcounty.core.rules.flag import Flag
from qcounty.office.annex2.helpers import (
    _date,
    _dimensions,
    _statement_keys,
    _threshold,
    _unit,
)
from qcounty.office.annex2.items import (
    _COUNT,
    _PROMPT,
    _SLOT,
    BLANK,
    FormItem,
    Row,
    _Statement,
    _statements,
    form_items,
    has_form,
)
from qcounty.office.annex2.records import _RecordLines
from qcounty.office.docstyle import BOX_NO, box, yes_no


def annex2_rows(
    framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
) -> list[Row]:
    """Return the rows of the seed's form: gates first, then every item, filled in."""
    form = _Form(framework, county, city, year, values)
    places: list[tuple[str, str, bool, Gate | Indicator, _Statement]] = []
    for gate in framework.gates:
        for st in _statements(gate.inputs, gate.statement):
            places.append((gate.name, "", True, gate, st))
    for first in framework.first_level:
        for second in first.second_level:
            for ind in second.indicators:
                for st in _statements(ind.inputs, ind.name):
                    places.append((first.name, second.name, False, ind, st))
    if not has_form(framework.id):  # no printed form: one row per statement of the tree
        return [
            Row(first, second, _generic_statement(owner, st), form.lines(owner, st), gate=gate)
            for first, second, gate, owner, st in places
        ]
    items = form_items(framework.id)
    if len(items) != len(places):
        raise ValueError(f"附件2 有 {len(items)} 项，指标体系有 {len(places)} 项表述，不一致")
    return [
        Row(first, second, item.statement, form.item_lines(item, owner, st), gate=gate)
        for item, (first, second, gate, owner, st) in zip(items, places, strict=True)
    ]


def _generic_statement(owner: Gate | Indicator, st: _Statement) -> str:
    """Return a statement of a scheme without a printed form: the indicator's number and name."""
    if isinstance(owner, Indicator) and st.text == owner.name:
        return f"{owner.number}. {owner.name}"
    return st.text


class _Form(_RecordLines):
    """One county's values, typed and tabulated once, and the lines of every statement."""

    def lines(self, owner: Gate | Indicator, st: _Statement) -> list[str]:
        """Return what the unit reported for a statement of a scheme without a printed form."""
        ind = owner if isinstance(owner, Indicator) else None
        return [line for x in st.inputs for line in self._input_lines(x, None, ind)]

    # ---------------------------------------------------------------- the seed's items

    def item_lines(self, item: FormItem, owner: Gate | Indicator, st: _Statement) -> list[str]:
        """Return the item's 填报内容: the seed's lines filled in, the details under the prompt."""
        answer = self._answer(item.answer, owner, st)
        counts = [self._count(t) for e in item.fill for t in e.split() if t[:2] in ("v:", "n:")]
        chosen = [self._chosen(t) for e in item.fill for t in e.split() if t.startswith("c:")]
        reported = any(c is not None for c in counts + chosen)
        nothing = reported and not any(c for c in counts + chosen)
        lines = [
            self._fill(line, expr, answer, nothing)
            for line, expr in zip(item.content, item.fill, strict=True)
        ]
        details = [d for key in item.details for d in self._details(key, owner)]
        at = next(
            (n + 1 for n, line in enumerate(item.content) if any(p in line for p in _PROMPT)),
            len(lines),
        )
        return lines[:at] + details + lines[at:]

    def _answer(self, expr: str, owner: Gate | Indicator, st: _Statement) -> bool | None:
        if expr == "gate" and isinstance(owner, Gate):
            passed = self.holds(owner.passes_when)
            if owner.kind == "veto":  # "是否发生…": yes when it did, i.e. the gate failed
                return None if passed is None else not passed
            return passed
        if expr == "head" and isinstance(owner, Indicator):
            return self._head(owner, st)[1]
        if expr.startswith("any:"):
            v = self.values.get(expr[4:])
            return None if v is None else bool(v) and v != "none"
        if expr.startswith("all:"):
            vs = [self.values.get(k) for k in expr[4:].split(",")]
            return None if any(v is None for v in vs) else all(vs)
        return None

    def _count(self, token: str) -> float | None:
        """Return the number a v:/n: token stands for (None: not reported)."""
        if token.startswith("v:"):
            key = token[2:]
            if self.values.get(key, 0) is None:
                return None
            x = self.col(key)
            return None if math.isnan(x) else x
        m = _COUNT.match(token)
        if m is None:
            raise ValueError(f"附件2：无法识别的填写表达式 {token}")
        key, filters = m.group(1), m.group(2)
        if self.values.get(key) is None:
            return None
        where = [f.split("=", 1) for f in filters.split(";") if f]
        return sum(
            1
            for _, r in self.table.counted[key][0]
            if all(r.get(k) in v.split("|") for k, v in where)
        )

    def _chosen(self, token: str) -> bool | None:
        key, option = token[2:].split("=", 1)
        v = self.values.get(key)
        if v is None:
            return None
        return option in v if isinstance(v, list) else v == option

    def _fill(self, line: str, expr: str, answer: bool | None, nothing: bool) -> str:
        """Return the seed's line with its boxes ticked and its blanks filled."""
        boxes: list[bool] = []
        blanks: list[str | None] = []
        counted: list[float] = []
        for token in expr.split():
            if token == "yes":
                boxes.append(answer is True)
            elif token == "no":
                boxes.append(answer is False)
            elif token == "yesno":
                boxes += [answer is True, answer is False]
            elif token == "none":
                boxes.append(nothing)
            elif token.startswith("c:"):
                boxes.append(bool(self._chosen(token)))
            elif token.startswith("t:"):
                text = self.values.get(token[2:])
                blanks.append(str(text).strip() or None if text is not None else None)
            else:
                x = self._count(token)
                blanks.append(None if x is None else fmt(x, 0))
                counted.append(x or 0)
        if not boxes and counted:
            boxes.append(sum(counted) > 0)
        out = []
        pos = 0
        for m in _SLOT.finditer(line):
            out.append(line[pos : m.start()])
            if m.group() == BOX_NO:
                out.append(box(boxes.pop(0)) if boxes else BOX_NO)
            else:
                value = blanks.pop(0) if blanks else None
                out.append(BLANK if value is None else value)
            pos = m.end()
        out.append(line[pos:])
        return "".join(out)

    def _details(self, key: str, owner: Gate | Indicator) -> list[str]:
        """Return what the county reported for an input, as lines under the item's prompt."""
        x = next(i for i in self.framework.inputs() if i.key == key)
        v = self.values.get(key)
        ind = owner if isinstance(owner, Indicator) else None
        if v is None:
            return []
        if isinstance(x, TextInput):
            return [str(v).strip()] if str(v).strip() else []
        if isinstance(x, ChecklistInput):
            chosen = [o.label for o in x.options if o.id in v]
            return [f"{x.label}：{'、'.join(chosen)}"] if chosen else []
        if isinstance(x, RecordsInput):
            return self._record_list(x, ind)
        return self._input_lines(x, None, ind)

    def _head(self, ind: Indicator, st: _Statement) -> tuple[bool, bool | None]:
        """Return whether the statement opens with "□是 □否", and its answer (None: unknown)."""
        first = st.inputs[0]
        if isinstance(first, BoolInput):
            v = self.values.get(first.key)
            return True, None if v is None else bool(v)
        if isinstance(first, CountInput | NumberInput | PercentInput):
            threshold = _threshold(ind, first.key)
            if threshold is not None and "是否" in st.text:  # "是否达到90%"
                x = self.col(first.key)
                return True, None if math.isnan(x) else x >= threshold
            if "是否" in st.text:  # "是否达到1批次/千人": the indicator's yes/no rule decides
                keys = _statement_keys(ind.derived, st)
                for c in ind.criteria:
                    rule = c.rule
                    if isinstance(rule, Flag) and all(w.value in keys for w in rule.when):
                        return True, self.holds(rule.when)
            return False, None
        if isinstance(first, RecordsInput) and not _dimensions(first):
            records = self.values.get(first.key)
            if records is None:
                return True, None
            covered = next(
                (
                    d
                    for d in ind.derived
                    if isinstance(d, YearsCoveredDerived) and d.records == first.key
                ),
                None,
            )
            if covered is not None and first.window:  # "近三年是否每年均…"
                start, end = self.framework.windows[first.window].years(self.year)
                if start is not None:
                    return True, self.col(covered.key) >= end - start + 1
            return True, len(self.table.counted[first.key][0]) > 0
        return False, None

    # ---------------------------------------------------------------- one input

    def _input_lines(self, x: Input, head: bool | None, ind: Indicator | None = None) -> list[str]:
        v = self.values.get(x.key)
        label = x.label
        if isinstance(x, BoolInput):
            return [f"{label}：{yes_no(v)}"]
        if isinstance(x, ChoiceInput):
            return [f"{box(v == o.id)}{o.label}" for o in x.options]
        if isinstance(x, ChecklistInput):
            chosen = v or []
            ticks = [f"{box(o.id in chosen)}{o.label}" for o in x.options]
            if not any(o.label == "无" for o in x.options):
                ticks.append(f"{box(v is not None and not chosen)}无")
            return [" ".join(ticks)]
        if isinstance(x, CountsInput):
            if v is None:
                return [f"{label}：{BLANK}{_unit(x.unit)}"]
            parts = [f"{o.label} {v.get(o.id, 0)}{_unit(x.unit, space=True)}" for o in x.options]
            return [f"{label}：{'，'.join(parts)}"]
        if isinstance(x, CountInput | NumberInput | PercentInput):
            unit = "%" if isinstance(x, PercentInput) else x.unit
            if v is None:
                return [f"{label}：{BLANK}{_unit(unit)}"]
            return [f"{label}：{fmt(v)}{_unit(unit, space=True)}"]
        if isinstance(x, TextInput):
            if v is None or not str(v).strip():
                return [] if head is False else [f"{label}：{BLANK}"]
            return [f"{label}：{v}"]
        if isinstance(x, DateInput):
            return [f"{label}：{_date(v) if v is not None else BLANK}"]
        if isinstance(x, RecordsInput):
            return self._record_counts(x, ind) + self._record_list(x, ind)
        return []  # pragma: no cover - the input union is exhaustive
