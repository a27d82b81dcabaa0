"""Read a feed's rows from an uploaded CSV or .xlsx file, and write the template of one input.

Columns, by their header (Chinese or English): 市 (optional), 县（市、区）, 字段 (the input's key
or label), 数值. A CSV may be UTF-8 (with or without BOM) or GB18030, as Excel and WPS save it.
An .xlsx is screened first (size, zip structure, DTDs, macros: `office/reader/screening.py`)
and read without evaluating anything; a formula is refused. Nothing here raises but
`FeedRefused`, with a Chinese message.
"""

from __future__ import annotations

import csv
import io
import logging
import warnings
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from qcounty.core.framework.inputs import Input
from qcounty.office.reader.cells import _rows as sheet_rows  # reads only the rows a file holds
from qcounty.office.reader.screening import screen
from qcounty.web.organisations.models import Organisation
from qcounty.web.statfeed.plan import MAX_ROWS, FeedRefused, Row

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024  # 136 counties × every numeric input is well under 1 MB
HEADERS = {
    "city": ("市", "地级市", "所属市", "city"),
    "county": ("县（市、区）", "县(市、区)", "县市区", "县", "县区", "county"),
    "field": ("字段", "字段代码", "指标", "input", "key", "field"),
    "value": ("数值", "统计部门数据", "value"),
}
TEMPLATE_HEADER = ["市", "县（市、区）", "字段", "数值"]


def read_rows(name: str, data: bytes) -> list[Row]:
    """Return the rows of an uploaded feed file, or raise FeedRefused saying why."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _table(_xlsx_rows(data))
    if lower.endswith(".csv"):
        return _table(_csv_rows(data))
    raise FeedRefused([_("请上传 .csv 或 .xlsx 文件（列：市、县（市、区）、字段、数值）。")])


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    if len(data) > MAX_BYTES:
        raise FeedRefused([_("文件过大：上限为 %(mb)d MB。") % {"mb": MAX_BYTES // 1024 // 1024}])
    if b"\x00" in data:
        raise FeedRefused([_("不是文本格式的 CSV 文件，请另存为“CSV（逗号分隔）”后再上传。")])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FeedRefused([_("无法识别文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件。")])
    try:
        for n, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
            yield n, list(cells)
    except csv.Error:
        raise FeedRefused([_("CSV 文件格式有误（引号不成对或单元格过长）。")]) from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    refusal = screen(data, MAX_BYTES)
    if refusal:
        raise FeedRefused([refusal])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # a broken file may fail anywhere inside openpyxl
        raise FeedRefused([_("文件已损坏或不是 Excel（.xlsx）文件，无法打开。")]) from None
    try:
        if not wb.worksheets:
            raise FeedRefused([_("文件中没有工作表。")])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for n, cells in sheet_rows(wb.worksheets[0]):
                yield n, [_cell(n, c) for c in cells]
    except FeedRefused:
        raise
    except Exception:  # never let a hostile file crash the page
        log.exception("reading an uploaded feed workbook failed")
        raise FeedRefused([_("文件内容无法识别，请下载模板填写后再上传。")]) from None
    finally:
        wb.close()


def _cell(n: int, cell: Any) -> Any:
    if cell is None:
        return None
    if getattr(cell, "data_type", None) == "f":
        raise FeedRefused(
            [_("第 %(n)d 行：单元格含有公式，请“选择性粘贴为数值”后再上传。") % {"n": n}]
        )
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)):
        return str(value)  # a date or time where a number belongs: refused as text
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value)


def _columns(header: list[Any]) -> dict[str, int]:
    names = [_text(h).replace(" ", "") for h in header]
    found = {}
    for column, aliases in HEADERS.items():
        for i, name in enumerate(names):
            if name in aliases or name.lower() in aliases:
                found[column] = i
                break
    missing = [HEADERS[c][0] for c in ("county", "field", "value") if c not in found]
    if missing:
        raise FeedRefused(
            [
                _("第一行应为表头（市、县（市、区）、字段、数值），缺少：%(missing)s。")
                % {"missing": "、".join(missing)}
            ]
        )
    return found


def _cell_at(cells: list[Any], columns: dict[str, int], column: str) -> Any:
    i = columns.get(column)
    return cells[i] if i is not None and i < len(cells) else None


def _table(rows: Iterator[tuple[int, list[Any]]]) -> list[Row]:
    columns: dict[str, int] | None = None
    out: list[Row] = []
    for n, cells in rows:
        if not any(_text(c) for c in cells):
            continue
        if columns is None:
            columns = _columns(cells)
            continue
        if len(out) >= MAX_ROWS:
            raise FeedRefused([_("行数过多：一次最多 %(n)d 行。") % {"n": MAX_ROWS}])
        value = _cell_at(cells, columns, "value")
        out.append(
            Row(
                line=n,
                county=_text(_cell_at(cells, columns, "county")),
                field=_text(_cell_at(cells, columns, "field")),
                value=value.strip() if isinstance(value, str) else value,
                city=_text(_cell_at(cells, columns, "city")),
            )
        )
    if columns is None:
        raise FeedRefused([_("文件是空的。")])
    return out


def template(spec: Input, counties: list[Organisation], figures: dict[int, Any]) -> bytes:
    """Return an .xlsx listing every county for one input, with its current figure if any."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("统计部门数据"))
    ws.append(TEMPLATE_HEADER)
    for county in counties:
        city = county.city_name
        ws.append([city, county.name, spec.label, figures.get(county.pk)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
