"""Turn the cells read for each input into its value, through the core's checks."""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import check_record, check_value
from qcounty.core.framework.inputs import (
    ChecklistInput,
    CountsInput,
    Input,
    RecordsInput,
)
from qcounty.office import cellvalues
from qcounty.office.reader.cells import (
    _At,
    _RecordSheet,
    _Skip,
)
from qcounty.office.reader.results import Problem, _plain
from qcounty.office.reader.sheets import _SheetReader


class _ValueReader(_SheetReader):
    """Convert and check the collected cells into values, recording each problem."""

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
            if status is not None:
                self._records_without_sheet(spec, status, said)
            return
        if not found.rows:
            self._no_records(spec, found, status, said)
            return
        records: list[dict[str, Any]] = []
        ok = True
        for n, cells in found.rows:
            record = self._record(spec, found.sheet, n, cells)
            if record is not None:
                records.append(record)
            ok = ok and record is not None
        if ok:
            self._accept(spec, records, found.sheet, found.rows[0][0], spec.label)

    def _records_without_sheet(self, spec: RecordsInput, status: _At, said: str) -> None:
        """Import a record list whose sheet was deleted: only "none" (or blank) can be."""
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

    def _no_records(
        self, spec: RecordsInput, found: _RecordSheet, status: _At | None, said: str
    ) -> None:
        """Import a record list whose sheet has no rows, as its status row says."""
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

    def _record(
        self, spec: RecordsInput, sheet: str, n: int, cells: dict[str, _At]
    ) -> dict[str, Any] | None:
        """Return one row's record checked by the core (None: its problems are recorded)."""
        record: dict[str, Any] = {}
        row_ok = True
        for f in spec.fields:  # every missing column of the row, not only the first
            at = cells.get(f.key)
            if f.required and (at is None or (cellvalues.blank(at.value) and not at.formula)):
                self._problem(sheet, n, f.label, f"第 {n} 行：缺少“{f.label}”（必填）")
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
        if not row_ok:
            return None
        try:
            checked: dict[str, Any] = _plain(check_record(spec, record))
        except ValueError as e:
            label = next((f.label for f in spec.fields if f"“{f.label}”" in str(e)), spec.label)
            self._problem(sheet, n, label, f"第 {n} 行：{e}")
            return None
        return checked

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
