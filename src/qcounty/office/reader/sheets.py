"""Read a template's sheets: the main sheet's rows by their hidden keys, the record sheets' rows."""

from __future__ import annotations

from typing import Any

from qcounty.core.framework.inputs import (
    ChecklistInput,
    CountsInput,
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.office import cellvalues
from qcounty.office.reader.cells import (
    MAX_RECORDS,
    MAX_ROWS,
    SCAN_ROWS,
    _At,
    _at,
    _cell_text,
    _RecordSheet,
    _rows,
)
from qcounty.office.reader.results import Problem
from qcounty.office.template import (
    KEY_HEADER,
    OPTION_SEP,
    VALUE_HEADER,
)


class _SheetReader:
    """Collect the cells of every known key from the sheets, with the problems found."""

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

    def _problem(self, sheet: str, row: int | None, label: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, label, message))

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
