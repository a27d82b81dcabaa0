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

The package's modules: `layout` (sheets, columns, rows, styles, meta fields), `validations`
(drop-downs and checks), `cells` (values into cells, row heights), `writer` (`write_template`),
`main_sheet` (the main sheet's rows) and `record_sheet` (one record list's sheet).
"""

from __future__ import annotations

from qcounty.office.template.layout import (
    COL_ITEM,
    COL_KEY,
    COL_NUMBER,
    COL_STANDARD,
    COL_STATEMENT,
    COL_UNIT,
    COL_VALUE,
    DATE_FORMAT,
    FORMAT,
    HEADERS,
    KEY_HEADER,
    LISTS_SHEET,
    MAIN_SHEET,
    MAX_COLUMN,
    META_FIELDS,
    META_SHEET,
    NO,
    OPTION_SEP,
    READ_ONLY_NOTE,
    RECORD_FIRST_ROW,
    RECORD_HEADER_ROW,
    RECORD_KEY_ROW,
    RECORD_SPARE_ROWS,
    RECORD_VALIDATED_ROWS,
    RECORDS_NO,
    RECORDS_YES,
    VALUE_HEADER,
    WIDTHS,
    YES,
    TemplateMeta,
    option_key,
    record_sheet_names,
    safe_text,
)
from qcounty.office.template.validations import _Lists
from qcounty.office.template.writer import write_template

__all__ = [
    "COL_ITEM",
    "COL_KEY",
    "COL_NUMBER",
    "COL_STANDARD",
    "COL_STATEMENT",
    "COL_UNIT",
    "COL_VALUE",
    "DATE_FORMAT",
    "FORMAT",
    "HEADERS",
    "KEY_HEADER",
    "LISTS_SHEET",
    "MAIN_SHEET",
    "MAX_COLUMN",
    "META_FIELDS",
    "META_SHEET",
    "NO",
    "OPTION_SEP",
    "READ_ONLY_NOTE",
    "RECORDS_NO",
    "RECORDS_YES",
    "RECORD_FIRST_ROW",
    "RECORD_HEADER_ROW",
    "RECORD_KEY_ROW",
    "RECORD_SPARE_ROWS",
    "RECORD_VALIDATED_ROWS",
    "VALUE_HEADER",
    "WIDTHS",
    "YES",
    "TemplateMeta",
    "_Lists",
    "option_key",
    "record_sheet_names",
    "safe_text",
    "write_template",
]
