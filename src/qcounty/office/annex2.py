"""Annex 2: the reporting form (重要指标) filled in from a county's values, as Word and Excel.

The layout is the seed's Annex 2 table — 一级指标, 二级指标, 指标表述, 填报内容 — with the
prerequisite and the veto first (their name across the first two columns), then one row per
Annex 2 statement, the first- and second-level cells merged down over their rows.

A statement is the ``annex2`` text of an input; an input without one belongs to the statement
of the input before it in the same indicator. The 填报内容 of a statement is built from its
inputs, in order:

* a first yes/no input gives "☑是 □否" (unreported: "□是 □否"); a first number with a
  threshold in its rule ("是否达到90%") gives the box from the value; a statement asking
  "是否" about derived values (batches per 1,000 residents) gives it from the indicator's rule;
  the prerequisite and the veto give it from their conditions (the veto asks "是否发生…": ☑否
  when none of its items happened);
* a choice ticks the chosen option; a checklist ticks the chosen items (and "无" when none);
* a number is written with its unit ("96.5%", "12 人"); unreported: "____";
* a record list gives one line per level with the count taken from the records themselves
  ("☑国家级（…），2 次"), counted as the score counts them (window, de-duplication, the
  filters of the framework's derived counts), then the records one per line; a record that
  does not count says why;
* derived values computed from the statement's inputs (shares, growth, composites) follow.

Values are as in a county file (JSON form or already typed); a value that does not pass the
county file's checks is treated as not reported (a record list keeps its valid records).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
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
HEADER = ["一级指标", "二级指标", "指标表述", "填报内容"]
DOCX_WIDTHS = [2.0, 2.2, 5.3, 6.1]  # cm; 15.6 cm between the GB/T 9704 margins
XLSX_WIDTHS = [10, 10, 34, 46]


@dataclass
class Row:
    """One row of the form: the statement and what the county reports for it."""

    first: str
    second: str
    statement: str
    lines: list[str]
    gate: bool = False


@dataclass
class _Statement:
    text: str
    inputs: list[Input] = field(default_factory=list)


# --------------------------------------------------------------------------- public


def annex2_docx(
    framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
) -> bytes:
    """Return Annex 2 filled in for the county, as a .docx (A4, GB/T 9704 formatting)."""
    rows = annex2_rows(framework, county, city, year, values)
    document = docstyle.new_document(form_title(framework, county, city))
    docstyle.add_paragraph(
        document, _years_line(framework, year), size=12, indent=False, align="center"
    )
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
    ws.title = "附件2"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name="宋体", size=10.5)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    put(ws, 1, 1, form_title(framework, county, city)).font = Font(name="黑体", size=16)
    ws.cell(1, 1).alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    ws.row_dimensions[1].height = 30
    put(ws, 2, 1, _years_line(framework, year)).font = Font(name="宋体", size=10)
    ws.cell(2, 1).alignment = centre
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    ws.row_dimensions[2].height = docstyle.row_height([(_years_line(framework, year), 100)])
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


def form_title(framework: Framework, county: str, city: str) -> str:
    """Return "{city}{county}创建山东省质量强县（市、区）重要指标" for the framework's scheme."""
    name = framework.name
    suffix = "创建评价指标体系"
    campaign = f"创建{name[: -len(suffix)]}" if name.endswith(suffix) else name
    return f"{city}{county}{campaign}重要指标"


def annex2_rows(
    framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
) -> list[Row]:
    """Return the rows of the form: gates first, then every statement of every indicator."""
    form = _Form(framework, county, city, year, values)
    rows: list[Row] = []
    for gate in framework.gates:
        for st in _statements(gate.inputs, gate.statement):
            rows.append(Row(gate.name, "", st.text, form.gate_lines(gate, st), gate=True))
    for first in framework.first_level:
        for second in first.second_level:
            for ind in second.indicators:
                for st in _statements(ind.inputs, ind.name):
                    rows.append(Row(first.name, second.name, st.text, form.lines(ind, st)))
    return rows


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


def _years_line(framework: Framework, year: int) -> str:
    """Return the evaluation year and the spans of the windows the record lists count in."""
    used: list[str] = []
    for x in framework.inputs():
        if isinstance(x, RecordsInput):
            ids = [x.window] if x.window else []
            ids += list(x.window_by.windows.values()) if x.window_by else []
            for w in ids:
                if w not in used:
                    used.append(w)
    spans = "；".join(
        f"{framework.windows[w].label}：{framework.windows[w].span(year)}" for w in used
    )
    return f"评价年度：{year} 年" + (f"（{spans}）" if spans else "")


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
