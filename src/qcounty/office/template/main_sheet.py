"""Write the main sheet: the instructions, then a row per scalar input or option, by section."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from qcounty.core.framework import inputs
from qcounty.core.framework.model import Framework, Gate, Indicator
from qcounty.core.wording import wording
from qcounty.office.annex2.items import has_form
from qcounty.office.template.cells import (
    _lines,
    _num,
    _option_label,
    _put_date,
    _put_number,
    _put_text,
    _shown,
    _unit,
    _when,
)
from qcounty.office.template.layout import (
    _BORDER,
    _CENTER,
    _HEADER_FILL,
    _HEADER_FONT,
    _INPUT_FILL,
    _NOTE_FONT,
    _READ_ONLY_FILL,
    _SECTION_FILL,
    _UNLOCKED,
    _WRAP,
    COL_ITEM,
    COL_KEY,
    COL_NUMBER,
    COL_STANDARD,
    COL_STATEMENT,
    COL_UNIT,
    COL_VALUE,
    DATE_FORMAT,
    HEADERS,
    NO,
    OPTION_SEP,
    RECORDS_NO,
    RECORDS_YES,
    WIDTHS,
    YES,
    TemplateMeta,
    _cell,
    _print_setup,
    option_key,
    record_sheet_names,
    safe_text,
)
from qcounty.office.template.validations import _Lists, _Validations
from qcounty.office.words import counties


class _MainSheetWriter:
    """The workbook being written, and its main sheet's rows."""

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

    def _list_notes(self) -> list[str]:
        """Return how multiple choices and record lists are filled, with the scheme's examples
        (the seed's, as its printed form words them); nothing for a scheme that has none."""
        specs = self.fw.inputs()
        multiple = [x.label for x in specs if isinstance(x, inputs.ChecklistInput)]
        graded = any(isinstance(x, inputs.CountsInput) for x in specs)
        lists = [x.label for x in specs if isinstance(x, inputs.RecordsInput)]
        if has_form(self.fw.id):
            multiple, lists = ["群众性质量文化活动"], ["表扬或激励", "标准制修订"]
        out = []
        if multiple or graded:
            parts = []
            if multiple:
                parts.append(
                    f"多选项目（如{multiple[0]}）每个选项占一行：开展了的选“是”，没有的选“否”"
                )
            if graded:
                parts.append("分等级的数量每个等级占一行")
            out.append("；".join(parts) + "。整项留空表示未填报。")
        if lists:
            out.append(
                f"逐条填报的事项（如{'、'.join(lists[:2])}）在以其名称命名的工作表中每条记录填"
                f"一行；没有任何记录的，在本表对应行中选“{RECORDS_NO}”。"
            )
        return out

    def _wanted(self, spec: inputs.Input) -> bool:
        return self.keys is None or spec.key in self.keys

    def _main(self, ws: Worksheet) -> None:
        m = self.meta
        who = f"{m.city}{m.county}" + (f" · {m.department}" if m.department else "")
        title = f"{self.fw.name} · 重要指标填报表（{who}）"
        activity = "创建活动" if counties(wording(self.fw)) else "评价活动"
        intro = [
            f"评价年度：{m.evaluation_year}　　{activity}：{m.campaign}　　"
            f"填报范围：{m.department or '全部指标'}　　生成时间：{_when(m.generated_at)}",
            "填报说明：",
            "1. 只在浅黄色的“填报内容”列中填写，其他单元格已保护；已有的内容是系统中的当前数据，可直接修改。",
            "2. “是/否”和选项请从下拉列表中选择；数量填整数；比例填百分数的数值（如 95.5 表示 95.5%）；"
            "日期写成 2021-06-30 的形式。请勿填写公式。",
            *self._list_notes(),
            "本表已保护（没有密码）：要删除不需要的行或插入行，先撤销工作表保护，改好后可再保护。"
            "请勿修改隐藏的列、行和工作表：导入时按隐藏的字段代码识别每一行，与行的位置无关。",
            "填好后在系统中“导入 Excel”上传本文件，导入前会列出全部改动供核对，确认后才保存。",
        ]
        if any(self._wanted(x) and x.key in self.read_only for x in self.fw.inputs()):
            intro.append(f"灰色的“填报内容”只读：{self.read_only_note}")
        intro[4:] = [f"{n}. {line}" for n, line in enumerate(intro[4:], start=3)]
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
        self, ws: Worksheet, dv: _Validations, owner: Gate | Indicator, specs: list[inputs.Input]
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

    def _input_rows(self, ws: Worksheet, dv: _Validations, spec: inputs.Input) -> None:
        value = self.values.get(spec.key)
        if isinstance(spec, inputs.ChecklistInput):
            self._checklist_rows(ws, dv, spec, value)
        elif isinstance(spec, inputs.CountsInput):
            self._counts_rows(ws, dv, spec, value)
        elif isinstance(spec, inputs.RecordsInput):
            self._records_row(ws, dv, spec, value)
        else:
            self._scalar_row(ws, dv, spec, value)

    def _checklist_rows(
        self, ws: Worksheet, dv: _Validations, spec: inputs.ChecklistInput, value: Any
    ) -> None:
        """Write one 是/否 row per option of a checklist."""
        chosen = set(value) if isinstance(value, list) else None
        for o in spec.options:
            cell = self._row(ws, option_key(spec.key, o.id), f"{spec.label}·{o.label}", "")
            if chosen is not None:
                cell.value = YES if o.id in chosen else NO
            dv.choice(cell.coordinate, [YES, NO])

    def _counts_rows(
        self, ws: Worksheet, dv: _Validations, spec: inputs.CountsInput, value: Any
    ) -> None:
        """Write one whole-number row per option (level) of a counts input."""
        counts = value if isinstance(value, dict) else None
        for o in spec.options:
            cell = self._row(ws, option_key(spec.key, o.id), f"{spec.label}·{o.label}", _unit(spec))
            if counts is not None:
                _put_number(cell, counts.get(o.id, 0))
            cell.number_format = "0"
            dv.whole(cell.coordinate, spec.min, None)

    def _records_row(
        self, ws: Worksheet, dv: _Validations, spec: inputs.RecordsInput, value: Any
    ) -> None:
        """Write a record list's 有/无 row, its item linking to the list's own sheet."""
        sheet = self.sheet_names[spec.key]
        cell = self._row(ws, spec.key, f"{spec.label}（逐条填写在工作表“{sheet}”中）", "")
        item = ws.cell(cell.row, COL_ITEM)
        item.hyperlink = Hyperlink(ref=item.coordinate, location=f"'{sheet}'!A1")
        item.font = Font(color="0563C1", underline="single")
        if isinstance(value, list):
            cell.value = RECORDS_YES if value else RECORDS_NO
        dv.choice(cell.coordinate, [RECORDS_YES, RECORDS_NO])

    def _scalar_row(self, ws: Worksheet, dv: _Validations, spec: inputs.Input, value: Any) -> None:
        """Write a single-value input's row, pre-filled and checked by its type."""
        label = spec.label + ("（说明，不计分）" if spec.informational else "")
        cell = self._row(ws, spec.key, label, _unit(spec), spec.help)
        where = cell.coordinate
        if isinstance(spec, inputs.BoolInput):
            if isinstance(value, bool):
                cell.value = YES if value else NO
            dv.choice(where, [YES, NO])
        elif isinstance(spec, inputs.ChoiceInput):
            if value is not None:
                _put_text(cell, _option_label(spec.options, value))
            dv.choice(where, [o.label for o in spec.options])
        elif isinstance(spec, inputs.CountInput):
            _put_number(cell, value)
            cell.number_format = "0"
            dv.whole(where, 0, spec.max)
        elif isinstance(spec, inputs.PercentInput | inputs.NumberInput):
            _put_number(cell, value)
            dv.decimal(
                where,
                spec.min,
                spec.max,
                "%" if isinstance(spec, inputs.PercentInput) else spec.unit,
            )
        elif isinstance(spec, inputs.DateInput):
            _put_date(cell, value)
            cell.number_format = DATE_FORMAT
            dv.date(where)
        elif isinstance(spec, inputs.TextInput):
            self._text_value(ws, cell, spec, value)
            dv.text(where, spec.max_length)

    def _text_value(self, ws: Worksheet, cell: Cell, spec: inputs.TextInput, value: Any) -> None:
        """Write a text value as text and make its row tall enough for it."""
        cell.number_format = "@"
        if value is not None:
            _put_text(cell, value)
            ws.row_dimensions[cell.row].height = 15.0 * max(
                _lines(spec.label, WIDTHS[COL_ITEM - 1]),
                _lines(str(value), WIDTHS[COL_VALUE - 1]),
            )
