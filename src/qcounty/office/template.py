"""The Excel reporting template (填报模板): Annex 2's items as a workbook to fill in and import.

Generated from the framework alone. Layout (see docs in the sheet's own first rows):

* "填报": one row per scalar input, in the framework's order, grouped under section rows
  (一级指标 · 二级指标). Columns: 序号 (indicator number), 指标表述 (the Annex 2 statement, or
  the input's label), 填报项, 填报内容 (the only editable column), 单位, 评价标准, and a hidden
  column 字段代码 with the stable key of the row: ``i17.metrologists``; for a checklist or a
  counts input one row per option, ``i03.activities#quality_month``; for a record list a row
  ``i04.commendations`` whose 填报内容 says 有 (records on their own sheet) or 无 (none).
* one sheet per record list (named after the list, ≤ 31 characters, unique): a title row, a row
  of instructions, a header of field labels, a hidden row of keys (column A: the list's key,
  then the field keys), then one row per record. Every cell below the header is unlocked, so
  rows can be inserted and deleted while the sheet is protected.
* read-only inputs (a section already submitted or accepted): 填报内容 locked and grey, with a
  note saying why and what to do; a read-only record sheet has no unlocked rows.
* "_meta" (very hidden): the TemplateMeta fields and the format marker ``qcounty-template/1``.
* "_lists" (very hidden): option labels too long for an in-cell list.

The reader (qcounty.office.reader) finds rows and columns by these hidden keys, never by
position. Text is always written as text (never as a formula), whatever it begins with.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountInput,
    CountsInput,
    DateInput,
    Input,
    NumberInput,
    Option,
    PercentInput,
    RecordField,
    RecordsInput,
    TextInput,
)
from qcounty.core.framework.model import Framework, Gate, Indicator
from qcounty.core.numbers import LARGEST

FORMAT = "qcounty-template/1"
MAIN_SHEET = "填报"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
OPTION_SEP = "#"  # "i03.activities#quality_month": the row of one option

YES, NO = "是", "否"
RECORDS_YES = "有（逐条填写在对应工作表中）"
RECORDS_NO = "无"

# the main sheet's columns, left to right; the reader finds them by these header texts
HEADERS = ("序号", "指标表述", "填报项", "填报内容", "单位", "评价标准", "字段代码（请勿修改）")
VALUE_HEADER = HEADERS[3]
KEY_HEADER = HEADERS[6]
COL_NUMBER, COL_STATEMENT, COL_ITEM, COL_VALUE, COL_UNIT, COL_STANDARD, COL_KEY = range(1, 8)
WIDTHS = (8, 46, 36, 26, 9, 56, 30)

RECORD_HEADER_ROW = 3  # field labels
RECORD_KEY_ROW = 4  # hidden: the list's key in column A, the field keys after it
RECORD_FIRST_ROW = 5
RECORD_SPARE_ROWS = 200  # empty, unlocked rows with drop-downs below the written records
RECORD_VALIDATED_ROWS = 2000  # drop-downs and checks reach this far below the header

DATE_FORMAT = "yyyy-mm-dd"
READ_ONLY_NOTE = (
    "所在部分已提交或已接收，在此修改不会导入；"
    "如需修改，请联系县（市、区）质量强县工作办公室退回该部分。"
)
MAX_COLUMN = 16_384  # XFD, a sheet's last column

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_READ_ONLY_FILL = PatternFill("solid", fgColor="D9D9D9")
_NOTE_FONT = Font(color="595959")
_UNLOCKED = Protection(locked=False)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\']")


@dataclass
class TemplateMeta:
    framework_id: str
    framework_version: str
    campaign: str
    evaluation_year: int
    county: str
    city: str
    department: str | None  # None: the whole application
    application_id: int | None
    generated_at: str  # ISO timestamp


META_FIELDS = (
    "framework_id",
    "framework_version",
    "campaign",
    "evaluation_year",
    "county",
    "city",
    "department",
    "application_id",
    "generated_at",
)


def option_key(key: str, option_id: str) -> str:
    """Return the hidden key of one option's row."""
    return f"{key}{OPTION_SEP}{option_id}"


def write_template(
    framework: Framework,
    meta: TemplateMeta,
    keys: set[str] | None,
    values: dict[str, Any] | None = None,
    read_only: Collection[str] = (),
    read_only_note: str = READ_ONLY_NOTE,
) -> bytes:
    """Return an .xlsx with the Annex 2 items of these input keys (None: all), in the
    framework's order, pre-filled with values (JSON form as in a county file; records as lists
    of dicts); the read_only keys locked and grey, with the note saying why."""
    return _Writer(framework, meta, keys, values or {}, set(read_only), read_only_note).write()


def safe_text(cell: Cell, text: str) -> None:
    """Write text as text: a leading = + - @ never makes it a formula."""
    text = _printable(text)
    cell.value = text
    if text[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
        cell.quotePrefix = True


def _print_setup(ws: Worksheet, header_row: int) -> None:
    """Print landscape, as wide as the page, repeating the header row on every page."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _cell(ws: Worksheet, row: int, column: int) -> Cell:
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell), "write a merged range's top-left cell only"
    return cell


def _printable(text: str) -> str:
    # openpyxl refuses control characters; the core never accepts them in values anyway
    return "".join(ch for ch in text if ord(ch) >= 32 or ch in "\t\n\r")


def record_sheet_names(framework: Framework, keys: set[str] | None) -> dict[str, str]:
    """Return the sheet name of each record list in the template (≤ 31 characters, unique)."""
    taken = {MAIN_SHEET, META_SHEET, LISTS_SHEET}
    out: dict[str, str] = {}
    for spec in framework.inputs():
        if not isinstance(spec, RecordsInput) or (keys is not None and spec.key not in keys):
            continue
        base = _SHEET_NAME_BAD.sub("", spec.label).strip() or spec.key
        name = base[:31]
        n = 2
        while name.lower() in {t.lower() for t in taken}:
            suffix = f"（{n}）"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        taken.add(name)
        out[spec.key] = name
    return out


# ------------------------------------------------------------------------------ writer


class _Validations:
    """Data validations of one sheet, one object per distinct rule."""

    def __init__(self, ws: Worksheet, lists: _Lists) -> None:
        self.ws, self.lists = ws, lists
        self.by_rule: dict[tuple[Any, ...], DataValidation] = {}

    def _get(self, rule: tuple[Any, ...], **kw: Any) -> DataValidation:
        dv = self.by_rule.get(rule)
        if dv is None:
            dv = DataValidation(
                allow_blank=True, showErrorMessage=True, errorTitle="填写有误", **kw
            )
            self.ws.add_data_validation(dv)
            self.by_rule[rule] = dv
        return dv

    def choice(self, where: str, labels: list[str]) -> None:
        formula = self.lists.formula(labels)
        shown = "、".join(labels)
        error = "请从下拉列表中选择" + (f"：{shown}" if len(shown) <= 200 else "")
        self._get(("list", formula), type="list", formula1=formula, error=error).add(where)

    def whole(self, where: str, low: int, high: int | None) -> None:
        if high is None:
            kw = {"operator": "greaterThanOrEqual", "formula1": str(low)}
            error = f"请填写不小于 {low} 的整数"
        else:
            kw = {"operator": "between", "formula1": str(low), "formula2": str(high)}
            error = f"请填写 {low}–{high} 之间的整数"
        self._get(("whole", low, high), type="whole", error=error, **kw).add(where)

    def decimal(self, where: str, low: float | None, high: float | None, unit: str) -> None:
        lo = -LARGEST if low is None else low
        hi = LARGEST if high is None else high
        percent = "%" if unit == "%" else ""
        if low is None and high is None:
            error = "请填写数字"
        elif high is None:
            error = f"请填写不小于 {_num(lo)}{percent} 的数字"
        elif low is None:
            error = f"请填写不大于 {_num(hi)}{percent} 的数字"
        else:
            error = f"请填写 {_num(lo)}–{_num(hi)}{percent} 之间的数字"
        if unit and not percent:
            error += f"（单位：{unit}）"
        self._get(
            ("decimal", lo, hi, unit),
            type="decimal",
            operator="between",
            formula1=_num(lo),
            formula2=_num(hi),
            error=error,
        ).add(where)

    def date(self, where: str) -> None:
        first, last = _serial(date(1900, 1, 1)), _serial(date(2100, 12, 31))
        self._get(
            ("date",),
            type="date",
            operator="between",
            formula1=str(first),
            formula2=str(last),
            error="请填写日期，如 2021-06-30",
        ).add(where)

    def text(self, where: str, most: int) -> None:
        self._get(
            ("text", most),
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(most),
            error=f"不能超过 {most} 个字",
        ).add(where)


class _Lists:
    """Option lists: in the cell's rule when short, else on the very hidden _lists sheet."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.ws: Worksheet | None = None
        self.columns: dict[tuple[str, ...], str] = {}

    def formula(self, labels: list[str]) -> str:
        inline = ",".join(labels)
        if len(inline) <= 250 and not any("," in x or '"' in x for x in labels):
            return f'"{inline}"'
        key = tuple(labels)
        if key not in self.columns:
            if self.ws is None:
                self.ws = self.wb.create_sheet(LISTS_SHEET)
                self.ws.sheet_state = "veryHidden"
            col = get_column_letter(len(self.columns) + 1)
            for n, label in enumerate(labels, start=1):
                safe_text(self.ws[f"{col}{n}"], label)
            self.columns[key] = f"'{LISTS_SHEET}'!${col}$1:${col}${len(labels)}"
        return self.columns[key]


class _Writer:
    def __init__(
        self,
        framework: Framework,
        meta: TemplateMeta,
        keys: set[str] | None,
        values: dict[str, Any],
        read_only: set[str],
        read_only_note: str,
    ) -> None:
        self.fw, self.meta, self.keys, self.values = framework, meta, keys, values
        self.read_only, self.read_only_note = read_only, read_only_note
        self.wb = Workbook()
        self.lists = _Lists(self.wb)
        self.sheet_names = record_sheet_names(framework, keys)

    def write(self) -> bytes:
        ws = self.wb.active
        assert ws is not None
        ws.title = MAIN_SHEET
        self._main(ws)
        for spec in self.fw.inputs():
            if isinstance(spec, RecordsInput) and spec.key in self.sheet_names:
                self._records_sheet(spec)
        self._meta_sheet()
        if self.lists.ws is not None:  # keep the hidden sheets last
            self.wb.move_sheet(LISTS_SHEET, offset=len(self.wb.sheetnames))
        self.wb.active = 0
        out = BytesIO()
        self.wb.save(out)
        return out.getvalue()

    # ---------------------------------------------------------------------- main sheet

    def _wanted(self, spec: Input) -> bool:
        return self.keys is None or spec.key in self.keys

    def _main(self, ws: Worksheet) -> None:
        m = self.meta
        who = f"{m.city}{m.county}" + (f" · {m.department}" if m.department else "")
        title = f"{self.fw.name} · 重要指标填报表（{who}）"
        intro = [
            f"评价年度：{m.evaluation_year}　　创建活动：{m.campaign}　　"
            f"填报范围：{m.department or '全部指标'}　　生成时间：{_when(m.generated_at)}",
            "填报说明：",
            "1. 只在浅黄色的“填报内容”列中填写，其他单元格已保护；已有的内容是系统中的当前数据，可直接修改。",
            "2. “是/否”和选项请从下拉列表中选择；数量填整数；比例填百分数的数值（如 95.5 表示 95.5%）；"
            "日期写成 2021-06-30 的形式。请勿填写公式。",
            "3. 多选项目（如群众性质量文化活动）每个选项占一行：开展了的选“是”，没有的选“否”；"
            "分等级的数量每个等级占一行。整项留空表示未填报。",
            f"4. 逐条填报的事项（如表扬或激励、标准制修订）在以其名称命名的工作表中每条记录填一行；"
            f"没有任何记录的，在本表对应行中选“{RECORDS_NO}”。",
            "5. 本表已保护（没有密码）：要删除不需要的行或插入行，先撤销工作表保护，改好后可再保护。"
            "请勿修改隐藏的列、行和工作表：导入时按隐藏的字段代码识别每一行，与行的位置无关。",
            "6. 填好后在系统中“导入 Excel”上传本文件，导入前会列出全部改动供核对，确认后才保存。",
        ]
        if any(self._wanted(x) and x.key in self.read_only for x in self.fw.inputs()):
            intro.append(f"7. 灰色的“填报内容”只读：{self.read_only_note}")
        last_col = get_column_letter(COL_KEY - 1)
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=14)
        ws.merge_cells(f"A1:{last_col}1")
        ws.row_dimensions[1].height = 24
        for line in intro:
            ws.append([None])
            cell = _cell(ws, ws.max_row, 1)
            safe_text(cell, line)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.font = _NOTE_FONT
            ws.merge_cells(f"A{ws.max_row}:{last_col}{ws.max_row}")
            ws.row_dimensions[ws.max_row].height = 16 * _lines(line, sum(WIDTHS[:-1]))
        ws.append(list(HEADERS))
        header_row = ws.max_row
        for col in range(1, COL_KEY + 1):
            c = ws.cell(header_row, col)
            c.fill, c.font, c.alignment, c.border = _HEADER_FILL, _HEADER_FONT, _CENTER, _BORDER
        for n, width in enumerate(WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.column_dimensions[get_column_letter(COL_KEY)].hidden = True
        ws.freeze_panes = f"A{header_row + 1}"
        _print_setup(ws, header_row)

        dv = _Validations(ws, self.lists)
        section: tuple[str, str] | None = None
        for gate in self.fw.gates:
            specs = [x for x in gate.inputs if self._wanted(x)]
            if specs:
                self._section(ws, gate.name)
                self._owner_rows(ws, dv, gate, specs)
        for first in self.fw.first_level:
            for second in first.second_level:
                for ind in second.indicators:
                    specs = [x for x in ind.inputs if self._wanted(x)]
                    if not specs:
                        continue
                    if section != (first.name, second.name):
                        section = (first.name, second.name)
                        self._section(
                            ws,
                            f"{first.name}（{_num(first.points)}分） · "
                            f"{second.name}（{_num(second.points)}分）",
                        )
                    self._owner_rows(ws, dv, ind, specs)
        ws.protection.sheet = True
        ws.protection.formatColumns = False  # allowed: widen a column, resize a row
        ws.protection.formatRows = False
        ws.protection.formatCells = False

    def _section(self, ws: Worksheet, text: str) -> None:
        ws.append([None])
        r = ws.max_row
        cell = _cell(ws, r, 1)
        safe_text(cell, text)
        for col in range(1, COL_KEY):
            ws.cell(r, col).fill = _SECTION_FILL
        cell.font = Font(bold=True)
        ws.merge_cells(f"A{r}:{get_column_letter(COL_KEY - 1)}{r}")
        ws.row_dimensions[r].height = 20

    def _owner_rows(
        self, ws: Worksheet, dv: _Validations, owner: Gate | Indicator, specs: list[Input]
    ) -> None:
        if isinstance(owner, Gate):
            number, standard = owner.name, owner.standard
        else:
            number = str(owner.number)
            lines = [owner.preamble] if owner.preamble else []
            lines += [c.standard for c in owner.criteria]
            if owner.cumulative_cap and not any(owner.cumulative_cap in x for x in lines):
                lines.append(owner.cumulative_cap)
            standard = f"（{_num(owner.points)}分）" + "\n".join(lines)
        statement = ""
        first_row = ws.max_row + 1
        groups: list[tuple[int, int, str]] = []  # rows of one statement, merged in 指标表述
        for spec in specs:
            if spec.annex2:
                statement = spec.annex2
            elif not statement:
                statement = spec.label
            start = ws.max_row + 1
            self._input_rows(ws, dv, spec)
            if groups and groups[-1][2] == statement:
                groups[-1] = (groups[-1][0], ws.max_row, statement)
            else:
                groups.append((start, ws.max_row, statement))
        last_row = ws.max_row
        for start, end, text in groups:
            self._label(_cell(ws, start, COL_STATEMENT), text)
            self._merge(ws, COL_STATEMENT, start, end, text, WIDTHS[COL_STATEMENT - 1])
        self._label(_cell(ws, first_row, COL_NUMBER), number).alignment = _CENTER
        self._merge(ws, COL_NUMBER, first_row, last_row, "", WIDTHS[0])
        self._label(_cell(ws, first_row, COL_STANDARD), standard)
        self._merge(ws, COL_STANDARD, first_row, last_row, standard, WIDTHS[COL_STANDARD - 1])
        for r in range(first_row, last_row + 1):
            for col in range(1, COL_KEY + 1):
                ws.cell(r, col).border = _BORDER

    def _merge(self, ws: Worksheet, col: int, start: int, end: int, text: str, width: int) -> None:
        if end > start:
            ws.merge_cells(start_row=start, start_column=col, end_row=end, end_column=col)
        # make the merged rows tall enough for the text
        need = 15.0 * _lines(text, width)
        have = sum(ws.row_dimensions[r].height or 15.0 for r in range(start, end + 1))
        if need > have:
            ws.row_dimensions[end].height = (ws.row_dimensions[end].height or 15.0) + need - have

    def _label(self, cell: Cell, text: str) -> Cell:
        safe_text(cell, text)
        cell.alignment = _WRAP
        return cell

    def _row(self, ws: Worksheet, key: str, item: str, unit: str, help_text: str = "") -> Cell:
        """Append an input row and return its 填报内容 cell (locked and grey when read-only)."""
        ws.append([None])
        r = ws.max_row
        self._label(_cell(ws, r, COL_ITEM), item)
        if unit:
            self._label(_cell(ws, r, COL_UNIT), unit).alignment = _CENTER
        safe_text(_cell(ws, r, COL_KEY), key)
        cell = _cell(ws, r, COL_VALUE)
        cell.alignment = _WRAP
        if key.partition(OPTION_SEP)[0] in self.read_only:
            cell.fill = _READ_ONLY_FILL
            help_text = f"只读：{self.read_only_note}"
        else:
            cell.fill, cell.protection = _INPUT_FILL, _UNLOCKED
        if help_text:
            cell.comment = Comment(help_text, "填报说明")
        ws.row_dimensions[r].height = 15.0 * max(
            _lines(item, WIDTHS[COL_ITEM - 1]), _lines(_shown(cell.value), WIDTHS[COL_VALUE - 1])
        )
        return cell

    def _input_rows(self, ws: Worksheet, dv: _Validations, spec: Input) -> None:
        value = self.values.get(spec.key)
        unit = _unit(spec)
        if isinstance(spec, ChecklistInput):
            chosen = set(value) if isinstance(value, list) else None
            for o in spec.options:
                cell = self._row(ws, option_key(spec.key, o.id), f"{spec.label}·{o.label}", "")
                if chosen is not None:
                    cell.value = YES if o.id in chosen else NO
                dv.choice(cell.coordinate, [YES, NO])
            return
        if isinstance(spec, CountsInput):
            counts = value if isinstance(value, dict) else None
            for o in spec.options:
                cell = self._row(ws, option_key(spec.key, o.id), f"{spec.label}·{o.label}", unit)
                if counts is not None:
                    _put_number(cell, counts.get(o.id, 0))
                cell.number_format = "0"
                dv.whole(cell.coordinate, spec.min, None)
            return
        if isinstance(spec, RecordsInput):
            sheet = self.sheet_names[spec.key]
            cell = self._row(ws, spec.key, f"{spec.label}（逐条填写在工作表“{sheet}”中）", "")
            item = ws.cell(cell.row, COL_ITEM)
            item.hyperlink = Hyperlink(ref=item.coordinate, location=f"'{sheet}'!A1")
            item.font = Font(color="0563C1", underline="single")
            if isinstance(value, list):
                cell.value = RECORDS_YES if value else RECORDS_NO
            dv.choice(cell.coordinate, [RECORDS_YES, RECORDS_NO])
            return
        label = spec.label + ("（说明，不计分）" if spec.informational else "")
        cell = self._row(ws, spec.key, label, unit, spec.help)
        where = cell.coordinate
        if isinstance(spec, BoolInput):
            if isinstance(value, bool):
                cell.value = YES if value else NO
            dv.choice(where, [YES, NO])
        elif isinstance(spec, ChoiceInput):
            if value is not None:
                _put_text(cell, _option_label(spec.options, value))
            dv.choice(where, [o.label for o in spec.options])
        elif isinstance(spec, CountInput):
            _put_number(cell, value)
            cell.number_format = "0"
            dv.whole(where, 0, spec.max)
        elif isinstance(spec, PercentInput):
            _put_number(cell, value)
            dv.decimal(where, spec.min, spec.max, "%")
        elif isinstance(spec, NumberInput):
            _put_number(cell, value)
            dv.decimal(where, spec.min, spec.max, spec.unit)
        elif isinstance(spec, DateInput):
            _put_date(cell, value)
            cell.number_format = DATE_FORMAT
            dv.date(where)
        elif isinstance(spec, TextInput):
            cell.number_format = "@"
            if value is not None:
                _put_text(cell, value)
                ws.row_dimensions[cell.row].height = 15.0 * max(
                    _lines(spec.label, WIDTHS[COL_ITEM - 1]),
                    _lines(str(value), WIDTHS[COL_VALUE - 1]),
                )
            dv.text(where, spec.max_length)

    # ------------------------------------------------------------------- record sheets

    def _records_sheet(self, spec: RecordsInput) -> None:
        ws = self.wb.create_sheet(self.sheet_names[spec.key])
        fields = spec.fields
        last = get_column_letter(len(fields) + 1)
        title = spec.label + (f"：{spec.annex2}" if spec.annex2 else "")
        if spec.window:
            window = self.fw.windows[spec.window]
            title += f"（{window.label}：{window.span(self.meta.evaluation_year)}）"
        safe_text(ws["A1"], title)
        ws["A1"].font = Font(bold=True, size=12)
        ws["A1"].alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(f"A1:{last}1")
        ws.row_dimensions[1].height = 18 * _lines(title, 14 + 22 * len(fields))
        required = [f.label for f in fields if f.required]
        read_only = spec.key in self.read_only
        note = (
            "每条记录填一行，可插入或删除行；带 * 的列必填；级别、类别等请从下拉列表中选择，"
            "日期写成 2021-06-30 的形式；请勿修改隐藏的第 4 行。没有任何记录的，"
            f"在“{MAIN_SHEET}”表中对应行选“{RECORDS_NO}”。"
        )
        if not required:
            note = note.replace("带 * 的列必填；", "")
        if read_only:
            note = f"本表只读：{self.read_only_note}"
        safe_text(ws["A2"], note)
        ws["A2"].font = _NOTE_FONT
        ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(f"A2:{last}2")
        ws.row_dimensions[2].height = 16 * _lines(note, 14 + 22 * len(fields))
        safe_text(ws.cell(RECORD_HEADER_ROW, 1), "序号")
        safe_text(ws.cell(RECORD_KEY_ROW, 1), spec.key)
        for n, f in enumerate(fields, start=2):
            safe_text(ws.cell(RECORD_HEADER_ROW, n), f.label + (" *" if f.required else ""))
            safe_text(ws.cell(RECORD_KEY_ROW, n), f.key)
            ws.column_dimensions[get_column_letter(n)].width = _field_width(f)
        ws.column_dimensions["A"].width = 6
        for col in range(1, len(fields) + 2):
            c = ws.cell(RECORD_HEADER_ROW, col)
            c.fill, c.font, c.alignment, c.border = _HEADER_FILL, _HEADER_FONT, _CENTER, _BORDER
        ws.row_dimensions[RECORD_HEADER_ROW].height = 15 * max(
            _lines(f.label, _field_width(f)) for f in fields
        )
        ws.row_dimensions[RECORD_KEY_ROW].hidden = True
        _print_setup(ws, RECORD_HEADER_ROW)
        ws.freeze_panes = f"B{RECORD_FIRST_ROW}"

        records = self.values.get(spec.key)
        records = [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
        for n, record in enumerate(records, start=1):
            r = RECORD_FIRST_ROW + n - 1
            ws.cell(r, 1, n)
            for col, f in enumerate(fields, start=2):
                _put_field(ws.cell(r, col), f, record.get(f.key))
        last_row = RECORD_FIRST_ROW + len(records) + RECORD_SPARE_ROWS - 1
        if read_only:
            last_row = RECORD_FIRST_ROW + len(records) - 1
        for r in range(RECORD_FIRST_ROW, last_row + 1):
            number = ws.cell(r, 1)
            number.border = _BORDER
            if not read_only:
                number.protection = _UNLOCKED
            for col, f in enumerate(fields, start=2):
                c = ws.cell(r, col)
                c.border, c.alignment = _BORDER, _WRAP
                if read_only:
                    c.fill = _READ_ONLY_FILL
                else:
                    c.protection = _UNLOCKED
                if f.type == "date":
                    c.number_format = DATE_FORMAT
                elif f.type == "count":
                    c.number_format = "0"
                elif f.type == "text":
                    c.number_format = "@"
        ws.protection.sheet = True
        if read_only:
            return
        # A protected sheet lets a row be deleted only when every cell of it, to the last
        # column, is unlocked: every column is unlocked, the header rows' cells locked one by one.
        for col in range(1, len(fields) + 2):  # rows inserted later keep these
            ws.column_dimensions[get_column_letter(col)].protection = _UNLOCKED
        rest = get_column_letter(len(fields) + 2)
        ws.column_dimensions[rest] = ColumnDimension(
            ws, index=rest, min=len(fields) + 2, max=MAX_COLUMN
        )
        ws.column_dimensions[rest].protection = _UNLOCKED
        dv = _Validations(ws, self.lists)
        end = RECORD_FIRST_ROW + len(records) + RECORD_VALIDATED_ROWS
        for col, f in enumerate(fields, start=2):
            letter = get_column_letter(col)
            where = f"{letter}{RECORD_FIRST_ROW}:{letter}{end}"
            if f.type == "choice":
                dv.choice(where, [o.label for o in f.options])
            elif f.type == "bool":
                dv.choice(where, [YES, NO])
            elif f.type == "date":
                dv.date(where)
            elif f.type == "count":
                dv.whole(where, 0, None)
            elif f.type == "number":
                dv.decimal(where, None, None, "")
            else:
                dv.text(where, 2000)
        for name in ("formatColumns", "formatRows", "formatCells", "insertRows", "deleteRows"):
            setattr(ws.protection, name, False)  # False: allowed even while protected
        ws.protection.sort = False
        ws.protection.autoFilter = False

    # ---------------------------------------------------------------------- meta sheet

    def _meta_sheet(self) -> None:
        ws = self.wb.create_sheet(META_SHEET)
        ws.sheet_state = "veryHidden"
        rows: list[tuple[str, Any]] = [("format", FORMAT)]
        rows += [(name, getattr(self.meta, name)) for name in META_FIELDS]
        for n, (name, value) in enumerate(rows, start=1):
            safe_text(ws.cell(n, 1), name)
            if value is None:
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                ws.cell(n, 2, value)
            else:
                safe_text(ws.cell(n, 2), str(value))
        ws.protection.sheet = True


# ------------------------------------------------------------------------------ values


def _when(text: str) -> str:
    """Return an ISO timestamp as a reader writes it: 2026年12月5日 14:56 (its own time zone)."""
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def _unit(spec: Input) -> str:
    return getattr(spec, "unit", "") or ("%" if isinstance(spec, PercentInput) else "")


def _option_label(options: list[Option], value: Any) -> str:
    return next((o.label for o in options if o.id == value), str(value))


def _put_text(cell: Cell, value: Any) -> None:
    safe_text(cell, value if isinstance(value, str) else str(value))


def _put_number(cell: Cell, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        _put_text(cell, value)  # not a number: shown as it is, the reader will say so
        return
    if isinstance(value, float) and not math.isfinite(value):
        _put_text(cell, str(value))
        return
    cell.value = value


def _put_date(cell: Cell, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        cell.value = value.date()
        return
    if isinstance(value, date):
        cell.value = value
        return
    try:
        cell.value = date.fromisoformat(str(value))
    except ValueError:
        _put_text(cell, value)


def _put_field(cell: Cell, f: RecordField, value: Any) -> None:
    if value is None:
        return
    if f.type == "choice":
        _put_text(cell, _option_label(f.options, value))
    elif f.type == "bool":
        if isinstance(value, bool):
            cell.value = YES if value else NO
        else:
            _put_text(cell, value)
    elif f.type == "date":
        _put_date(cell, value)
    elif f.type in ("count", "number"):
        _put_number(cell, value)
    else:
        _put_text(cell, value)


def _field_width(f: RecordField) -> int:
    if f.type == "date":
        return 13
    if f.type in ("count", "number", "bool"):
        return max(10, min(18, len(f.label) * 2 + 2))
    if f.type == "choice":
        return max(14, min(36, max(len(o.label) for o in f.options) * 2 + 2))
    return 30


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else str(int(x))


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _lines(text: str, width: float) -> int:
    """Return roughly how many lines text takes in a column this wide (CJK is two units)."""
    if not text:
        return 1
    total = 0
    for line in text.split("\n"):
        units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
        total += max(1, math.ceil(units * 1.1 / max(width, 1)))
    return total
