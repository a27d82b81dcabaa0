"""Annex 2: the seed's reporting form (重要指标) filled in from a county's values, as Word and Excel.

The form is the seed's Annex 2, held as data (``qcounty/data/annex2-<framework>.csv``): for
every item its 指标表述 and 填报内容 as the seed words them, and how the county's values fill
its blanks. Nothing of the form is reworded: the system's finer inputs only tick its boxes
(□ → ☑), fill its blanks (____ → the value) and, under an item's "请说明…/请列明…", list what
the county reported (its text, its records one per line, a record that does not count with
why). The layout is the seed's table — 一级指标, 二级指标, 指标表述, 填报内容 — with the
prerequisite and the veto first (their name across the first two columns), the first- and
second-level cells merged down over their rows.

How a line is filled (the ``fill`` column, one expression a content line):

* ``yes`` / ``no`` / ``yesno``: the item's answer ticks "□是" / "□否" (``answer`` column:
  ``head`` as the indicator's first input or rule decides, ``gate`` from the gate's
  conditions, ``any:key`` a choice other than "none" or a non-empty checklist, ``all:k1,k2``
  every yes/no input yes);
* ``v:key`` a value (input or derived, as the score counts it), ``n:records[field=a|b;…]`` the
  counted records matching, ``t:key`` a text: each fills the next blank, and a box on the
  line is ticked when a count is above zero;
* ``c:key=id`` ticks the box when the option is chosen; ``none`` ticks "□无" when the item is
  reported and every count of it is zero (nothing chosen).

Values are as in a county file (JSON form or already typed); a value that does not pass the
county file's checks is treated as not reported (a record list keeps its valid records).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qcounty.core.cohort import County, check_record, check_value
from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountDerived,
    CountInput,
    CountsInput,
    DateInput,
    Derived,
    Input,
    NumberInput,
    PercentInput,
    RecordField,
    RecordsInput,
    TextInput,
    Where,
    YearsCoveredDerived,
    derived_sources,
)
from qcounty.core.framework.model import Framework, Gate, Indicator
from qcounty.core.messages import fmt
from qcounty.core.rules.base import Condition
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.rules.flag import Flag
from qcounty.core.table import Table, build_table
from qcounty.office import docstyle
from qcounty.office.docstyle import BOX_NO, box, put, yes_no

BLANK = "____"
LABEL = "附件2"
HEADER = ["一级指标", "二级指标", "指标表述", "填报内容"]
DOCX_WIDTHS = [2.0, 2.2, 5.3, 6.1]  # cm; 15.6 cm between the GB/T 9704 margins
XLSX_WIDTHS = [10, 10, 34, 46]
_SLOT = re.compile(r"□|_{3,}")
_COUNT = re.compile(r"^n:([\w.]+)\[(.*)\]$")
_PROMPT = ("请说明", "请列明", "请介绍", "请分别列明")


@dataclass
class Row:
    """One row of the form: the statement and what the county reports for it."""

    first: str
    second: str
    statement: str
    lines: list[str]
    gate: bool = False


@dataclass(frozen=True)
class FormItem:
    """One item of the seed's form: its words, and how the county's values fill them."""

    statement: str
    content: list[str]
    answer: str
    fill: list[str]
    details: list[str]


@dataclass
class _Statement:
    text: str
    inputs: list[Input] = field(default_factory=list)


@cache
def form_items(framework_id: str) -> list[FormItem]:
    """Return the seed's form items of the framework, in order (from its data file)."""
    name = f"annex2-{framework_id}.csv"
    text = (resources.files("qcounty") / "data" / name).read_text("utf-8")
    items = []
    for row in csv.DictReader(io.StringIO(text)):
        content = row["content"].split("\n")
        fill = row["fill"].split("\n")
        if len(fill) != len(content):
            raise ValueError(
                f"{name}: item {row['no']} has {len(content)} lines, {len(fill)} fills"
            )
        items.append(
            FormItem(row["statement"], content, row["answer"], fill, row["details"].split())
        )
    return items


# --------------------------------------------------------------------------- public


def annex2_docx(
    framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
) -> bytes:
    """Return Annex 2 filled in for the county, as a .docx (A4, GB/T 9704 formatting)."""
    rows = annex2_rows(framework, county, city, year, values)
    document = docstyle.new_document(form_title(framework, county, city), label=LABEL)
    table = docstyle.add_table(document, DOCX_WIDTHS, HEADER)
    start = 1
    for row in rows:
        cells = docstyle.add_row(table, DOCX_WIDTHS)
        if row.gate:
            merged = cells[0].merge(cells[1])
            docstyle.set_cell(merged, [row.first], align="center")
        else:
            docstyle.set_cell(cells[0], [row.first], align="center")
            docstyle.set_cell(cells[1], [row.second], align="center")
        docstyle.set_cell(cells[2], [row.statement], align="justify")
        docstyle.set_cell(cells[3], row.lines, align="left")
    # merge the level cells down over their rows (the first row of a run keeps the text)
    grid = docstyle.cell_grid(table)
    for col, key in ((0, lambda r: (r.first,)), (1, lambda r: (r.first, r.second))):
        for first, last in _runs(rows, key):
            if not rows[first].gate:
                _clear_below(grid, col, start + first, start + last)
                docstyle.merge_block(grid, start + first, col, start + last, col)
    return docstyle.to_bytes(document)


def annex2_xlsx(
    framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
) -> bytes:
    """Return Annex 2 filled in for the county, as an .xlsx (A4 portrait, wrapped text)."""
    rows = annex2_rows(framework, county, city, year, values)
    wb = openpyxl.Workbook()
    ws = docstyle.active_sheet(wb)
    ws.title = LABEL
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name="宋体", size=10.5)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    put(ws, 1, 1, LABEL).font = Font(name="黑体", size=14)
    title = form_title(framework, county, city)
    put(ws, 2, 1, title).font = Font(name="黑体", size=16)
    ws.cell(2, 1).alignment = centre
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    ws.row_dimensions[2].height = 48
    for col, (text, width) in enumerate(zip(HEADER, XLSX_WIDTHS, strict=True), start=1):
        cell = put(ws, 3, col, text)
        cell.font, cell.alignment, cell.border = Font(name="黑体", size=10.5), centre, border
        ws.column_dimensions[get_column_letter(col)].width = width
    start = 4
    for n, row in enumerate(rows):
        r = start + n
        texts = [row.first, row.second, row.statement, "\n".join(row.lines)]
        for col, text in enumerate(texts, start=1):
            cell = put(ws, r, col, text)
            cell.font, cell.border = body, border
            cell.alignment = centre if col <= 2 else wrap
        ws.row_dimensions[r].height = docstyle.row_height(
            [(texts[2], XLSX_WIDTHS[2]), (texts[3], XLSX_WIDTHS[3])]
        )
        if row.gate:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    for col, key in ((1, lambda r: (r.first,)), (2, lambda r: (r.first, r.second))):
        for first, last in _runs(rows, key):
            if last > first and not rows[first].gate:
                ws.merge_cells(
                    start_row=start + first, start_column=col, end_row=start + last, end_column=col
                )
    ws.freeze_panes = "A4"
    docstyle.a4_print(ws, landscape=False, title_rows="3:3")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def form_title(framework: Framework, county: str, city: str = "") -> str:
    """Return the seed's title, "{county}创建山东省质量强县（市、区）重要指标" (no city)."""
    name = framework.name
    suffix = "创建评价指标体系"
    campaign = f"创建{name[: -len(suffix)]}" if name.endswith(suffix) else name
    return f"{county}{campaign}\n重要指标"


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
    items = form_items(framework.id)
    if len(items) != len(places):
        raise ValueError(f"附件2 有 {len(items)} 项，指标体系有 {len(places)} 项表述，不一致")
    return [
        Row(first, second, item.statement, form.item_lines(item, owner, st), gate=gate)
        for item, (first, second, gate, owner, st) in zip(items, places, strict=True)
    ]


# --------------------------------------------------------------------------- statements


def _statements(inputs: list[Input], default: str) -> list[_Statement]:
    """Group inputs by their Annex 2 statement (an input without one joins the one before)."""
    out: list[_Statement] = []
    by_text: dict[str, _Statement] = {}
    current: _Statement | None = None
    for x in inputs:
        if x.annex2:
            current = by_text.get(x.annex2)
            if current is None:
                current = by_text[x.annex2] = _Statement(x.annex2)
                out.append(current)
        elif current is None:
            current = by_text[default] = _Statement(default)
            out.append(current)
        current.inputs.append(x)
    return out


class _Form:
    """One county's values, typed and tabulated once, and the lines of every statement."""

    def __init__(
        self, framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
    ) -> None:
        self.framework = framework
        self.year = year
        self.invalid: dict[str, list[str]] = {}
        self.values = {x.key: self._typed(x, values.get(x.key)) for x in framework.inputs()}
        tier = framework.tier_of_city().get(city, 0)
        c = County(name=county, city=city, tier=tier, values=self.values)
        self.table: Table = build_table(framework, [c], year)

    # ---------------------------------------------------------------- values

    def _typed(self, spec: Input, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(spec, RecordsInput) and isinstance(value, list):
            kept = []
            for n, record in enumerate(value, start=1):
                try:
                    kept.append(check_record(spec, record))
                except ValueError as e:
                    self.invalid.setdefault(spec.key, []).append(f"第 {n} 条记录有误，未列入：{e}")
            return kept
        try:
            return check_value(spec, value)
        except ValueError:
            return None

    def col(self, key: str) -> float:
        try:
            return float(self.table.col(key)[0])
        except KeyError:
            return math.nan

    def holds(self, conditions: list[Condition]) -> bool | None:
        """Return whether all conditions hold: None when a value is missing and none fails."""
        known = True
        for c in conditions:
            x = self.col(c.value)
            if math.isnan(x):
                known = False
            elif not c.holds(x):
                return False
        return True if known else None

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

    # ---------------------------------------------------------------- gates

    def gate_lines(self, gate: Gate, st: _Statement) -> list[str]:
        passed = self.holds(gate.passes_when)
        if gate.kind == "veto":  # "是否发生…": yes when it did, i.e. the gate failed
            happened = None if passed is None else not passed
            lines = [yes_no(happened)]
            if happened is not False:
                lines += [
                    f"{x.label}：{yes_no(self.values.get(x.key))}"
                    for x in st.inputs
                    if isinstance(x, BoolInput)
                ]
            return lines
        lines = [yes_no(passed)]
        for x in st.inputs:
            lines += self._input_lines(x, None)
        lines += self._derived_lines(gate.derived, st)
        return lines

    # ---------------------------------------------------------------- indicators

    def lines(self, ind: Indicator, st: _Statement) -> list[str]:
        has_head, head = self._head(ind, st)
        lines = [yes_no(head)] if has_head else []
        for n, x in enumerate(st.inputs):
            if n == 0 and has_head and isinstance(x, BoolInput):
                continue  # it is the head
            if n == 0 and has_head and isinstance(x, RecordsInput):
                lines += self._record_list(x, ind)
                continue
            lines += self._input_lines(x, head if has_head else None, ind)
        lines += self._derived_lines(ind.derived, st)
        return lines

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

    # ---------------------------------------------------------------- records

    def _record_counts(self, x: RecordsInput, ind: Indicator | None) -> list[str]:
        dims = _dimensions(x)
        if not dims:
            return []
        derived = [d for d in (ind.derived if ind else []) if isinstance(d, CountDerived)]
        derived = [d for d in derived if d.records == x.key]
        records = self.values.get(x.key)
        counted = [] if records is None else self.table.counted[x.key][0]
        lines: list[str] = []
        total = 0
        first = dims[0]
        for o in first.options:
            extras, unit = _count_filters(derived, first.key, o.id, {f.key for f in dims})
            mine = [r for _, r in counted if r.get(first.key) == o.id and _matches(r, extras)]
            total += len(mine)
            if len(dims) == 1:
                shown = BLANK if records is None else f"{len(mine)} "
                lines.append(f"{box(bool(mine))}{o.label}，{shown}{unit}")
                continue
            second = dims[1]
            parts = []
            for o2 in second.options:
                n = sum(1 for r in mine if r.get(second.key) == o2.id)
                parts.append(f"{o2.label} {BLANK if records is None else n}{_unit(unit, True)}")
            lines.append(f"{box(bool(mine))}{o.label}（{'，'.join(parts)}）")
        lines.append(f"{box(records is not None and total == 0)}无")
        return lines

    def _record_list(self, x: RecordsInput, ind: Indicator | None) -> list[str]:
        records = self.values.get(x.key)
        lines: list[str] = []
        if records:
            counted = {index for index, _ in self.table.counted[x.key][0]}
            reasons = self._reasons(x)
            for n, r in enumerate(records, start=1):
                parts = [
                    f"{f.label}：{_field(f, r.get(f.key))}"
                    for f in x.fields
                    if r.get(f.key) is not None and str(r.get(f.key)).strip() != ""
                ]
                line = f"{n}. {'；'.join(parts)}"
                if n not in counted:
                    line += f"（不计入：{reasons.get(n, '不在统计范围内')}）"
                elif (why := self._filtered_out(x, r, ind)) is not None:
                    line += f"（不计数：{why}）"
                lines.append(line)
        return lines + self.invalid.get(x.key, [])

    def _reasons(self, x: RecordsInput) -> dict[int, str]:
        out: dict[int, str] = {}
        for m in self.table.notes.get(x.key, {}).get(0, []):
            p = m.params
            if m.code == "record.outside":
                out[p["index"]] = f"不在{p['window']}（{p['span']}）内"
            elif m.code == "record.undated":
                out[p["index"]] = "没有日期"
            elif m.code == "record.duplicate":
                out[p["index"]] = f"与第 {p['other']} 条为同一事项，仅按高级别统计一次"
        return out

    def _filtered_out(
        self, x: RecordsInput, r: dict[str, Any], ind: Indicator | None
    ) -> str | None:
        """Return why a counted record is left out of its level's count, if it is."""
        dims = _dimensions(x)
        if not dims:
            return None
        derived = [
            d
            for d in (ind.derived if ind else [])
            if isinstance(d, CountDerived) and d.records == x.key
        ]
        extras, _ = _count_filters(derived, dims[0].key, r.get(dims[0].key), {f.key for f in dims})
        for w in extras:
            if not _matches(r, [w]):
                f = x.field(w.field)
                shown = _field(f, r.get(w.field)) if f else str(r.get(w.field))
                return f"{f.label if f else w.field}：{shown}"
        return None

    # ---------------------------------------------------------------- derived

    def _derived_lines(self, derived: list[Derived], st: _Statement) -> list[str]:
        keys = {x.key for x in st.inputs}
        lines = []
        for d in derived:
            if isinstance(d, CountDerived):
                continue  # shown as the counts of its record list
            if not all(_base(s, keys) for s in derived_sources(d)):
                continue
            x = self.col(d.key)
            shown = BLANK if math.isnan(x) else f"{fmt(x, 0)}"
            lines.append(f"{d.label}：{shown}{_unit(d.unit, space=not math.isnan(x))}")
        return lines


# --------------------------------------------------------------------------- helpers


def _statement_keys(derived: list[Derived], st: _Statement) -> set[str]:
    keys = {x.key for x in st.inputs}
    return keys | {d.key for d in derived if all(_base(s, keys) for s in derived_sources(d))}


def _base(source: str, keys: set[str]) -> bool:
    return source in keys or source.rsplit(".", 1)[0] in keys


def _threshold(ind: Indicator, key: str) -> float | None:
    for c in ind.criteria:
        if isinstance(c.rule, Efficacy):
            for part in c.rule.parts:
                if part.value == key and part.threshold is not None:
                    return part.threshold
    return None


def _dimensions(x: RecordsInput) -> list[RecordField]:
    """Return the record's level-like fields: its first two choice fields."""
    return [f for f in x.fields if f.type == "choice"][:2]


_UNIT_IN_LABEL = re.compile(r"（([^（）]{1,4})）$")


def _count_filters(
    derived: list[CountDerived], dim: str, option: Any, dims: set[str]
) -> tuple[list[Where], str]:
    """Return the filters a derived count puts on records of this level, and its unit."""
    for d in derived:
        for w in d.where:
            if w.field != dim:
                continue
            allowed = w.equals if isinstance(w.equals, list) else [w.equals]
            if option in allowed:
                m = _UNIT_IN_LABEL.search(d.label)
                return [v for v in d.where if v.field not in dims], m.group(1) if m else "项"
    unit = next(
        (m.group(1) for d in derived if (m := _UNIT_IN_LABEL.search(d.label)) is not None), "项"
    )
    return [], unit


def _matches(record: dict[str, Any], where: list[Where]) -> bool:
    for w in where:
        v = record.get(w.field)
        if isinstance(w.equals, list):
            if v not in w.equals:
                return False
        elif v != w.equals:
            return False
    return True


def _field(f: RecordField, v: Any) -> str:
    if v is None:
        return BLANK
    if f.type == "bool":
        return "是" if v else "否"
    if f.type == "choice":
        return next((o.label for o in f.options if o.id == v), str(v))
    if f.type == "date":
        return _date(v)
    if f.type in ("count", "number"):
        return fmt(v)
    return str(v)


def _date(v: Any) -> str:
    if isinstance(v, date):
        return f"{v.year}年{v.month}月{v.day}日"
    return str(v)


def _unit(unit: str, space: bool = False) -> str:
    if not unit:
        return ""
    if unit == "%" or not space:
        return unit
    return f" {unit}"


def _runs(rows: list[Row], key: Any) -> list[tuple[int, int]]:
    """Return (first, last) index pairs of consecutive rows with the same key."""
    out: list[tuple[int, int]] = []
    start = 0
    for n in range(1, len(rows) + 1):
        if n == len(rows) or key(rows[n]) != key(rows[start]) or rows[n].gate:
            out.append((start, n - 1))
            start = n
    return out


def _clear_below(grid: docstyle.Grid, col: int, first: int, last: int) -> None:
    """Empty the cells under the first of a run so the merge keeps only its text."""
    for r in range(first + 1, last + 1):
        cell = grid[r][col]
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        for run in list(cell.paragraphs[0].runs):
            run._r.getparent().remove(run._r)


__all__ = ["BOX_NO", "annex2_docx", "annex2_rows", "annex2_xlsx", "form_title"]
