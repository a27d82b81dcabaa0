"""Read a filled-in reporting template (see qcounty.office.template) back into values.

Never raises for a bad file: every problem is a `Problem` with a Chinese message, and a file
that cannot be read safely yields no values at all. The file is screened before openpyxl sees
it (size, then qcounty.office.zipcheck: member names, count, the size every member really
inflates to, DTDs anywhere in an XML part, macros);
formulas are reported, never evaluated; rows and columns are found by the template's hidden
keys, so moved, deleted or merged rows do not matter. Every value goes through the core's
`check_value` / `check_record`, so the workbook accepts exactly what the web form and the
cohort files accept.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from qcounty.core.cohort import check_record, check_value
from qcounty.core.framework.inputs import (
    ChecklistInput,
    CountsInput,
    Input,
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.office import cellvalues, zipcheck
from qcounty.office.shown import value_text
from qcounty.office.template import (
    FORMAT,
    KEY_HEADER,
    LISTS_SHEET,
    META_FIELDS,
    META_SHEET,
    OPTION_SEP,
    VALUE_HEADER,
)

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
# the zip's members together as they really inflate, their ratio to the file and their count
ZIP_LIMITS = zipcheck.Limits(members=10_000, uncompressed=200 * 1024 * 1024, ratio=100)
MAX_ROWS = 100_000  # rows with something in them looked at on one sheet
MAX_RECORDS = 2_000  # records of one list
MAX_PROBLEMS = 200
SCAN_ROWS = 30  # the header or key row is within this many rows of the top

NOT_XLSX = "不是 Excel（.xlsx）文件，请上传从本系统下载并填写的 .xlsx 模板。"
_UNSAFE = {  # why zipcheck refused, as the clerk reads it
    zipcheck.Problem.TOO_MANY_MEMBERS: "文件结构异常（包含的部件过多），已拒绝读取。",
    zipcheck.Problem.BOMB: "文件解压后异常庞大（疑似“压缩炸弹”），已拒绝读取。",
    zipcheck.Problem.ENCRYPTED: "文件已加密，请取消密码后再上传。",
    zipcheck.Problem.UNSAFE_NAME: "文件结构异常（部件名称含有路径），已拒绝读取。",
    zipcheck.Problem.DTD: "文件含有不安全的内容（XML 文档类型声明），已拒绝读取。",
    zipcheck.Problem.MACROS: "文件含有宏，已拒绝读取。请使用本系统的模板（.xlsx），不要另存为启用宏的文件。",
}
NOT_TEMPLATE = "不是本系统生成的填报模板，请先在系统中下载模板，填写后再上传。"


@dataclass
class Problem:
    sheet: str
    row: int | None  # as Excel shows it
    field: str  # the label of the field (empty for a problem with the whole file)
    message: str  # Chinese, a whole sentence naming the row and the field

    def __str__(self) -> str:
        """Return the problem as one line: the sheet (when there is one), then the message."""
        return f"工作表“{self.sheet}”：{self.message}" if self.sheet else self.message


@dataclass
class Change:
    key: str
    label: str
    old: Any
    new: Any
    sheet: str
    row: int | None
    spec: Input | None = field(default=None, repr=False, compare=False)

    @property
    def old_text(self) -> str:
        """The current value as the form shows it."""
        return value_text(self.spec, self.old)

    @property
    def new_text(self) -> str:
        """The workbook's value as the form shows it."""
        return value_text(self.spec, self.new)


@dataclass
class ParsedWorkbook:
    meta: dict[str, Any]  # the hidden _meta sheet: framework_id, framework_version, campaign, …
    values: dict[str, Any]  # key -> JSON value (checked by check_value); keys in the workbook
    problems: list[Problem]
    notes: list[Problem] = field(default_factory=list)  # not errors (an extra sheet, …)
    refused: bool = False  # the whole file was refused: no values
    locations: dict[str, tuple[str, int | None]] = field(default_factory=dict, repr=False)
    labels: dict[str, str] = field(default_factory=dict, repr=False)
    _specs: dict[str, Input] = field(default_factory=dict, repr=False, compare=False)

    def changes(self, current: dict[str, Any]) -> list[Change]:
        """Return what importing the values would change, compared with the current values."""
        out = []
        for key, new in self.values.items():
            old = current.get(key)
            spec = self._specs.get(key)
            if spec is not None and _normal(spec, old) == _normal(spec, new):
                continue
            if spec is None and old == new:
                continue
            sheet, row = self.locations.get(key, ("", None))
            out.append(Change(key, self.labels.get(key, key), old, new, sheet, row, spec))
        return out


def read_workbook(
    data: bytes, framework: Framework, *, max_bytes: int = MAX_BYTES
) -> ParsedWorkbook:
    """Return the values and problems of a filled-in template.

    Never raises for a bad file: every problem is a Problem; never evaluates formulas.
    """
    refusal = screen(data, max_bytes)
    if refusal:
        return _refused(refusal)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # a broken file may fail anywhere inside openpyxl
        return _refused("文件已损坏或不是 Excel（.xlsx）文件，无法打开。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _Reader(framework, wb).read()
    except Exception:  # never let a hostile file crash the caller
        log.exception("reading an uploaded workbook failed")
        return _refused("文件内容无法识别，请重新下载模板填写后再上传。")
    finally:
        wb.close()


def screen(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Return why a file is refused before it is parsed ("" when it may be parsed)."""
    if len(data) > max_bytes:
        return (
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），"
            f"上限为 {max_bytes / 1024 / 1024:g} MB。请上传填报模板本身，不要在其中插入图片等内容。"
        )
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            return (
                "不是 .xlsx 文件：这是旧版 Excel（.xls）文件或设置了密码的文件。"
                "请在 Excel 或 WPS 中“另存为” .xlsx 格式（不设密码）后再上传。"
            )
        return NOT_XLSX
    if data[30:38] == b"mimetype" and b"opendocument" in data[38:120]:
        # OpenDocument's signature: its first member, stored, is "mimetype"
        return (
            "不是 .xlsx 文件：这是 OpenDocument（.ods 等）文件。"
            "请在 LibreOffice 或 WPS 中“另存为” Excel 2007-365（.xlsx）格式后再上传。"
        )
    try:
        names = zipcheck.check_office_zip(BytesIO(data), ZIP_LIMITS)
    except zipcheck.UnsafeZip as e:
        return _UNSAFE.get(e.problem, NOT_XLSX)
    if not any(n.startswith("xl/") for n in names):
        return NOT_XLSX
    return ""


def _refused(message: str) -> ParsedWorkbook:
    return ParsedWorkbook(
        meta={}, values={}, problems=[Problem("", None, "", message)], refused=True
    )


# ------------------------------------------------------------------------------ reader


@dataclass
class _At:
    sheet: str
    row: int
    value: Any
    formula: bool
    number_format: str


@dataclass
class _RecordSheet:
    spec: RecordsInput
    sheet: str
    key_row: int
    rows: list[tuple[int, dict[str, _At]]]


class _Reader:
    def __init__(self, framework: Framework, wb: Any) -> None:
        self.fw, self.wb = framework, wb
        self.epoch = getattr(wb, "epoch", None)
        self.specs = {x.key: x for x in framework.inputs()}
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.scalars: dict[str, _At] = {}
        self.options: dict[str, dict[str, _At]] = {}
        self.statuses: dict[str, _At] = {}
        self.record_sheets: dict[str, _RecordSheet] = {}
        self.duplicates: set[str] = set()
        self.seen: dict[str, tuple[str, int]] = {}  # a main sheet's keys: where first seen
        self.values: dict[str, Any] = {}
        self.locations: dict[str, tuple[str, int | None]] = {}

    # -------------------------------------------------------------------------- driver

    def read(self) -> ParsedWorkbook:
        meta, refusal = self._meta()
        if refusal:
            result = _refused(refusal)
            result.meta = meta
            return result
        main_found = False
        for ws in self.wb.worksheets:
            if ws.title in (META_SHEET, LISTS_SHEET):
                continue
            kind = self._sheet(ws)
            main_found = main_found or kind == "main"
            if kind == "":
                self.notes.append(
                    Problem(ws.title, None, "", f"工作表“{ws.title}”不是模板中的表，已忽略。")
                )
        if not main_found:
            self._problem(
                "", None, "", "找不到“填报”表（含“字段代码”隐藏列的表），未导入其中的数据。"
            )
        self._values()
        problems = self.problems
        if len(problems) > MAX_PROBLEMS:
            problems = [
                *problems[:MAX_PROBLEMS],
                Problem("", None, "", f"……另有 {len(problems) - MAX_PROBLEMS} 个问题未列出。"),
            ]
        return ParsedWorkbook(
            meta=meta,
            values=self.values,
            problems=problems,
            notes=self.notes,
            locations=self.locations,
            labels={k: s.label for k, s in self.specs.items() if k in self.values},
            _specs={k: s for k, s in self.specs.items() if k in self.values},
        )

    def _problem(self, sheet: str, row: int | None, label: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, label, message))

    def _meta(self) -> tuple[dict[str, Any], str]:
        if META_SHEET not in self.wb.sheetnames:
            return {}, NOT_TEMPLATE
        raw: dict[str, Any] = {}
        for n, row in enumerate(self.wb[META_SHEET].iter_rows(values_only=True), start=1):
            if n > 100:
                break
            if len(row) >= 1 and isinstance(row[0], str):
                raw[row[0].strip()] = row[1] if len(row) > 1 else None
        if raw.get("format") != FORMAT:
            return {}, NOT_TEMPLATE
        meta: dict[str, Any] = {}
        for name in META_FIELDS:
            v = raw.get(name)
            if name in ("evaluation_year", "application_id"):
                meta[name] = cellvalues.as_int(v)
            elif name == "department":
                meta[name] = str(v).strip() if v not in (None, "") else None
            else:
                meta[name] = "" if v is None else str(v)
        if meta["framework_id"] != self.fw.id:
            return meta, (
                f"该模板属于评价体系“{meta['framework_id']}”，与本申报所用的“{self.fw.id}”不一致，"
                "请下载本申报的模板重新填写。"
            )
        if meta["framework_version"] and meta["framework_version"] != self.fw.version:
            self.notes.append(
                Problem(
                    META_SHEET,
                    None,
                    "",
                    f"模板生成时的评价体系版本为“{meta['framework_version']}”，"
                    f"当前为“{self.fw.version}”；已按当前版本导入能识别的项目。",
                )
            )
        return meta, ""

    # ------------------------------------------------------------------------- sheets

    def _sheet(self, ws: Any) -> str:
        """Read one sheet; return "main", "records" or "" (not a template sheet)."""
        rows = _rows(ws)
        for n, cells in rows:
            if n > SCAN_ROWS:
                return ""
            texts = [_cell_text(c) for c in cells]
            if VALUE_HEADER in texts and KEY_HEADER in texts:
                self._main(ws.title, texts.index(VALUE_HEADER), texts.index(KEY_HEADER), rows)
                return "main"
            spec = self.specs.get(texts[0]) if texts else None
            if isinstance(spec, RecordsInput):
                columns = {
                    i: f.key
                    for i, text in enumerate(texts)
                    if i > 0 and (f := spec.field(text)) is not None
                }
                if columns:
                    self._records(ws.title, n, spec, columns, rows)
                    return "records"
        return ""

    def _main(self, sheet: str, value_col: int, key_col: int, rows: Any) -> None:
        for i, (n, cells) in enumerate(rows):
            if i >= MAX_ROWS:
                self._too_many_rows(sheet, n)
                break
            key = _cell_text(cells[key_col]) if key_col < len(cells) else ""
            if not key:
                continue
            at = _at(sheet, n, cells[value_col] if value_col < len(cells) else None)
            base, _, option = key.partition(OPTION_SEP)
            spec = self.specs.get(base)
            known = spec is not None and (
                (not option and not isinstance(spec, ChecklistInput | CountsInput))
                or (
                    option
                    and isinstance(spec, ChecklistInput | CountsInput)
                    and any(o.id == option for o in spec.options)
                )
            )
            if spec is None or not known:
                self._problem(
                    sheet,
                    n,
                    "",
                    f"第 {n} 行的字段代码“{key[:60]}”不是本评价体系中的项目（隐藏列可能被修改过），该行未导入。",
                )
                continue
            if key in self.seen:
                first_sheet, first_row = self.seen[key]
                where = (
                    f"第 {first_row} 行"
                    if first_sheet == sheet
                    else f"工作表“{first_sheet}”第 {first_row} 行"
                )
                self._problem(
                    sheet,
                    n,
                    spec.label,
                    f"第 {n} 行“{spec.label}”与{where}重复，该项未导入，请删除多余的行。",
                )
                self.duplicates.add(base)
                continue
            self.seen[key] = (sheet, n)
            if option:
                self.options.setdefault(base, {})[option] = at
            elif isinstance(spec, RecordsInput):
                self.statuses[base] = at
            else:
                self.scalars[base] = at

    def _too_many_rows(self, sheet: str, row: int) -> None:
        self._problem(
            sheet, row, "", f"“{sheet}”表填写的行数过多，第 {row} 行起（{MAX_ROWS} 行以后）未读取。"
        )

    def _records(
        self, sheet: str, key_row: int, spec: RecordsInput, columns: dict[int, str], rows: Any
    ) -> None:
        if spec.key in self.record_sheets:
            other = self.record_sheets[spec.key].sheet
            self._problem(
                sheet,
                None,
                spec.label,
                f"工作表“{sheet}”与“{other}”都是“{spec.label}”的记录表，该项未导入，请只保留一个。",
            )
            self.duplicates.add(spec.key)
            return
        found = _RecordSheet(spec, sheet, key_row, [])
        self.record_sheets[spec.key] = found
        for i, (n, cells) in enumerate(rows):
            if i >= MAX_ROWS:
                self._too_many_rows(sheet, n)
                break
            record = {key: _at(sheet, n, cells[i]) for i, key in columns.items() if i < len(cells)}
            if all(cellvalues.blank(a.value) and not a.formula for a in record.values()):
                continue
            if len(found.rows) >= MAX_RECORDS:
                self._problem(
                    sheet,
                    n,
                    spec.label,
                    f"“{spec.label}”超过 {MAX_RECORDS} 条记录，该项未导入。",
                )
                self.duplicates.add(spec.key)
                break
            found.rows.append((n, record))

    # ------------------------------------------------------------------------- values

    def _values(self) -> None:
        for spec in self.fw.inputs():
            key = spec.key
            if key in self.duplicates:
                continue
            try:
                if isinstance(spec, RecordsInput):
                    self._records_value(spec)
                elif isinstance(spec, ChecklistInput | CountsInput):
                    if key in self.options:
                        self._options_value(spec, self.options[key])
                elif key in self.scalars:
                    self._scalar_value(spec, self.scalars[key])
            except _Skip:
                continue

    def _accept(self, spec: Input, raw: Any, sheet: str, row: int | None, label: str) -> None:
        if raw is None:
            self.values[spec.key] = None
        else:
            try:
                self.values[spec.key] = _plain(check_value(spec, raw))
            except ValueError as e:
                where = f"第 {row} 行" if row is not None else f"工作表“{sheet}”"
                self._problem(sheet, row, label, f"{where}“{label}”：{e}")
                return
        self.locations[spec.key] = (sheet, row)

    def _scalar_value(self, spec: Input, at: _At) -> None:
        raw = self._convert(
            at, spec.label, lambda v: cellvalues.scalar(spec, v, at.number_format, self.epoch)
        )
        self._accept(spec, raw, at.sheet, at.row, spec.label)

    def _options_value(self, spec: ChecklistInput | CountsInput, rows: dict[str, _At]) -> None:
        first = min(rows.values(), key=lambda a: a.row)
        parsed: dict[str, Any] = {}
        failed = False
        for o in spec.options:
            at = rows.get(o.id)
            if at is None:
                continue
            label = f"{spec.label}·{o.label}"
            try:
                parsed[o.id] = self._convert(
                    at,
                    label,
                    lambda v: (
                        cellvalues.yes_no(v)
                        if isinstance(spec, ChecklistInput)
                        else cellvalues.integer(v)
                    ),
                )
            except _Skip:
                failed = True
        if failed:
            return
        if all(v is None for v in parsed.values()):
            self._accept(spec, None, first.sheet, first.row, spec.label)
            return
        missing = [o.label for o in spec.options if o.id not in rows]
        if missing:
            self.notes.append(
                Problem(
                    first.sheet,
                    first.row,
                    spec.label,
                    f"“{spec.label}”缺少“{'、'.join(missing)}”的行，按"
                    + ("“否”" if isinstance(spec, ChecklistInput) else "0")
                    + "导入。",
                )
            )
        raw: Any
        if isinstance(spec, ChecklistInput):
            raw = [o.id for o in spec.options if parsed.get(o.id) is True]
        else:
            raw = {o.id: 0 if parsed.get(o.id) is None else parsed[o.id] for o in spec.options}
        self._accept(spec, raw, first.sheet, first.row, spec.label)

    def _records_value(self, spec: RecordsInput) -> None:
        status = self.statuses.get(spec.key)
        found = self.record_sheets.get(spec.key)
        said = ""
        if status is not None:
            said = self._convert(status, spec.label, cellvalues.records_status)
        if found is None:
            if status is None:
                return
            # the records sheet was deleted: only "none" can be imported
            if said == "no":
                self._accept(spec, [], status.sheet, status.row, spec.label)
            elif said == "":
                self._accept(spec, None, status.sheet, status.row, spec.label)
            else:
                self.notes.append(
                    Problem(
                        status.sheet,
                        status.row,
                        spec.label,
                        f"“{spec.label}”的记录表已被删除，该项未导入（系统中的记录保持不变）。",
                    )
                )
            return
        if not found.rows:
            where = (status.sheet, status.row) if status else (found.sheet, found.key_row)
            if said == "no":
                self._accept(spec, [], *where, spec.label)
            elif said == "yes":
                self._problem(
                    where[0],
                    where[1],
                    spec.label,
                    f"“{spec.label}”选择了“有”，但工作表“{found.sheet}”中没有填写记录，该项未导入。",
                )
            elif status is not None:
                self._accept(spec, None, *where, spec.label)
            return
        records: list[dict[str, Any]] = []
        ok = True
        for n, cells in found.rows:
            record: dict[str, Any] = {}
            row_ok = True
            for f in spec.fields:  # every missing column of the row, not only the first
                at = cells.get(f.key)
                if f.required and (at is None or (cellvalues.blank(at.value) and not at.formula)):
                    self._problem(found.sheet, n, f.label, f"第 {n} 行：缺少“{f.label}”（必填）")
                    row_ok = False
            for f in spec.fields:
                at = cells.get(f.key)
                if at is None:
                    continue
                try:
                    record[f.key] = self._convert(
                        at, f.label, lambda v, f=f: cellvalues.field_value(f, v, self.epoch)
                    )
                except _Skip:
                    row_ok = False
            if row_ok:
                try:
                    records.append(_plain(check_record(spec, record)))
                except ValueError as e:
                    label = next(
                        (f.label for f in spec.fields if f"“{f.label}”" in str(e)), spec.label
                    )
                    self._problem(found.sheet, n, label, f"第 {n} 行：{e}")
                    row_ok = False
            ok = ok and row_ok
        if ok:
            self._accept(spec, records, found.sheet, found.rows[0][0], spec.label)

    def _convert(self, at: _At, label: str, convert: Any) -> Any:
        """Return a cell's value converted, or record the problem and raise _Skip."""
        if at.formula:
            self._problem(
                at.sheet,
                at.row,
                label,
                f"第 {at.row} 行“{label}”是公式，请填写数值或文字，不要使用公式。",
            )
            raise _Skip
        if cellvalues.blank(at.value):
            return None
        try:
            return convert(at.value)
        except cellvalues.CellError as e:
            self._problem(at.sheet, at.row, label, f"第 {at.row} 行“{label}”{e}")
            raise _Skip from None


class _Skip(Exception):
    """The value was not imported; its problem is already recorded."""


# ------------------------------------------------------------------------------ cells


def _rows(ws: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Yield (row number, cells) of the rows of a read-only sheet that hold any value.

    A file's stated dimensions may be wrong, and openpyxl's own iteration makes up an empty row
    for every number it skips: after a row is deleted, LibreOffice writes rows up to 1,048,576,
    so that would walk a million empty rows. This reads only the rows the file holds.
    """
    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for n, row in parser.parse():
            if any(c["value"] is not None for c in row):
                yield n, ws._get_row(row, max_col=max(c["column"] for c in row))


def _at(sheet: str, row: int, cell: Any) -> _At:
    if cell is None:
        return _At(sheet, row, None, False, "General")
    value = getattr(cell, "value", None)
    formula = getattr(cell, "data_type", None) == "f" or isinstance(
        value, ArrayFormula | DataTableFormula
    )
    return _At(sheet, row, value, formula, getattr(cell, "number_format", None) or "General")


def _cell_text(cell: Any) -> str:
    v = getattr(cell, "value", None)
    return v.strip() if isinstance(v, str) and getattr(cell, "data_type", "s") != "f" else ""


# ------------------------------------------------------------------------------ values


def _plain(value: Any) -> Any:
    """Return a value as JSON stores it (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _normal(spec: Input, value: Any) -> Any:
    """Return a value in a form where equal meanings compare equal (95 == 95.0, any order)."""
    if value is None:
        return None
    try:
        v = _plain(check_value(spec, value))
    except ValueError:
        return ("invalid", json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))
    if isinstance(spec, ChecklistInput):
        return sorted(v)
    if isinstance(spec, CountsInput):
        return {o.id: v.get(o.id, 0) for o in spec.options}
    if isinstance(spec, RecordsInput):
        return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in v)
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v
