"""The rows and cells of a sheet as the reader sees them, and how far it reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from qcounty.core.framework.inputs import (
    RecordsInput,
)

MAX_ROWS = 100_000  # rows with something in them looked at on one sheet


MAX_RECORDS = 2_000  # records of one list


SCAN_ROWS = 30  # the header or key row is within this many rows of the top


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


class _Skip(Exception):
    """The value was not imported; its problem is already recorded."""


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
