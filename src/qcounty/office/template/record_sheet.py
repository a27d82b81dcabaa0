"""Write one record list's sheet: title, instructions, header, hidden keys, one row a record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.worksheet import Worksheet

from qcounty.core.framework.inputs import RecordField, RecordsInput
from qcounty.office.template.cells import _field_width, _lines, _put_field
from qcounty.office.template.layout import (
    _BORDER,
    _CENTER,
    _HEADER_FILL,
    _HEADER_FONT,
    _NOTE_FONT,
    _READ_ONLY_FILL,
    _UNLOCKED,
    _WRAP,
    DATE_FORMAT,
    MAIN_SHEET,
    MAX_COLUMN,
    NO,
    RECORD_FIRST_ROW,
    RECORD_HEADER_ROW,
    RECORD_KEY_ROW,
    RECORD_SPARE_ROWS,
    RECORD_VALIDATED_ROWS,
    RECORDS_NO,
    YES,
    _cell,
    _print_setup,
    safe_text,
)
from qcounty.office.template.validations import _Lists, _Validations

# the number format of a record field's cells, by the field's type
_NUMBER_FORMATS = {"date": DATE_FORMAT, "count": "0", "text": "@"}


@dataclass(frozen=True)
class RecordSheet:
    """What one record sheet shows: the list, its title, its records, whether it is read-only."""

    spec: RecordsInput
    title: str
    records: list[dict[str, Any]]
    read_only: bool
    read_only_note: str


def write_record_sheet(ws: Worksheet, lists: _Lists, sheet: RecordSheet) -> None:
    """Fill ws with the sheet's rows; protect it, leaving rows insertable unless read-only."""
    fields = sheet.spec.fields
    _title_rows(ws, sheet)
    _header_rows(ws, sheet.spec)
    for n, record in enumerate(sheet.records, start=1):
        r = RECORD_FIRST_ROW + n - 1
        ws.cell(r, 1, n)
        for col, f in enumerate(fields, start=2):
            _put_field(_cell(ws, r, col), f, record.get(f.key))
    last_row = RECORD_FIRST_ROW + len(sheet.records) - 1
    if not sheet.read_only:
        last_row += RECORD_SPARE_ROWS
    _style_rows(ws, fields, last_row, sheet.read_only)
    ws.protection.sheet = True
    if sheet.read_only:
        return
    _unlock_columns(ws, len(fields))
    _validate_columns(
        ws, lists, fields, RECORD_FIRST_ROW + len(sheet.records) + RECORD_VALIDATED_ROWS
    )
    for name in ("formatColumns", "formatRows", "formatCells", "insertRows", "deleteRows"):
        setattr(ws.protection, name, False)  # False: allowed even while protected
    ws.protection.sort = False
    ws.protection.autoFilter = False


def _note(sheet: RecordSheet) -> str:
    if sheet.read_only:
        return f"本表只读：{sheet.read_only_note}"
    note = (
        "每条记录填一行，可插入或删除行；带 * 的列必填；级别、类别等请从下拉列表中选择，"
        "日期写成 2021-06-30 的形式；请勿修改隐藏的第 4 行。没有任何记录的，"
        f"在“{MAIN_SHEET}”表中对应行选“{RECORDS_NO}”。"
    )
    if not any(f.required for f in sheet.spec.fields):
        note = note.replace("带 * 的列必填；", "")
    return note


def _title_rows(ws: Worksheet, sheet: RecordSheet) -> None:
    """Write the title (row 1) and the instructions (row 2), merged across the fields."""
    fields = sheet.spec.fields
    last = get_column_letter(len(fields) + 1)
    safe_text(ws["A1"], sheet.title)
    ws["A1"].font = Font(bold=True, size=12)
    ws["A1"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 18 * _lines(sheet.title, 14 + 22 * len(fields))
    note = _note(sheet)
    safe_text(ws["A2"], note)
    ws["A2"].font = _NOTE_FONT
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 16 * _lines(note, 14 + 22 * len(fields))


def _header_rows(ws: Worksheet, spec: RecordsInput) -> None:
    """Write the field labels and the hidden row of keys the reader finds columns by."""
    fields = spec.fields
    safe_text(_cell(ws, RECORD_HEADER_ROW, 1), "序号")
    safe_text(_cell(ws, RECORD_KEY_ROW, 1), spec.key)
    for n, f in enumerate(fields, start=2):
        safe_text(_cell(ws, RECORD_HEADER_ROW, n), f.label + (" *" if f.required else ""))
        safe_text(_cell(ws, RECORD_KEY_ROW, n), f.key)
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


def _style_rows(ws: Worksheet, fields: list[RecordField], last_row: int, read_only: bool) -> None:
    """Border, format and unlock (or grey when read-only) the record rows up to last_row."""
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
            if f.type in _NUMBER_FORMATS:
                c.number_format = _NUMBER_FORMATS[f.type]


def _unlock_columns(ws: Worksheet, n_fields: int) -> None:
    # A protected sheet lets a row be deleted only when every cell of it, to the last
    # column, is unlocked: every column is unlocked, the header rows' cells locked one by one.
    for col in range(1, n_fields + 2):  # rows inserted later keep these
        ws.column_dimensions[get_column_letter(col)].protection = _UNLOCKED
    rest = get_column_letter(n_fields + 2)
    ws.column_dimensions[rest] = ColumnDimension(ws, index=rest, min=n_fields + 2, max=MAX_COLUMN)
    ws.column_dimensions[rest].protection = _UNLOCKED


def _validate_columns(ws: Worksheet, lists: _Lists, fields: list[RecordField], end: int) -> None:
    """Give each field's column the drop-down or check of its type, down to row end."""
    dv = _Validations(ws, lists)
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
