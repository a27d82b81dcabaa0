"""Write the template workbook: the main sheet, then the record sheets and the meta sheet."""

from __future__ import annotations

from collections.abc import Collection
from io import BytesIO
from typing import Any

from qcounty.core.framework.inputs import (
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.office.template.layout import (
    FORMAT,
    LISTS_SHEET,
    MAIN_SHEET,
    META_FIELDS,
    META_SHEET,
    TemplateMeta,
    safe_text,
)
from qcounty.office.template.layout import read_only_note as default_note
from qcounty.office.template.main_sheet import _MainSheetWriter
from qcounty.office.template.record_sheet import RecordSheet, write_record_sheet


def write_template(
    framework: Framework,
    meta: TemplateMeta,
    keys: set[str] | None,
    values: dict[str, Any] | None = None,
    read_only: Collection[str] = (),
    read_only_note: str | None = None,
) -> bytes:
    """Return an .xlsx with the Annex 2 items of these input keys (None: all), in the
    framework's order, pre-filled with values (JSON form as in a county file; records as lists
    of dicts); the read_only keys locked and grey, with the note saying why (by default whom to
    ask, in the scheme's words)."""
    note = read_only_note if read_only_note is not None else default_note(framework)
    return _Writer(framework, meta, keys, values or {}, set(read_only), note).write()


class _Writer(_MainSheetWriter):
    """Write the whole workbook: the main sheet, a sheet per record list, the meta sheet."""

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

    # ------------------------------------------------------------------- record sheets

    def _records_sheet(self, spec: RecordsInput) -> None:
        title = spec.label + (f"：{spec.annex2}" if spec.annex2 else "")
        if spec.window:
            window = self.fw.windows[spec.window]
            title += f"（{window.label}：{window.span(self.meta.evaluation_year)}）"
        records = self.values.get(spec.key)
        records = [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
        write_record_sheet(
            self.wb.create_sheet(self.sheet_names[spec.key]),
            self.lists,
            RecordSheet(spec, title, records, spec.key in self.read_only, self.read_only_note),
        )

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
