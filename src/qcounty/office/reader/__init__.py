"""Read a filled-in reporting template (see qcounty.office.template) back into values.

Never raises for a bad file: every problem is a `Problem` with a Chinese message, and a file
that cannot be read safely yields no values at all. The file is screened before openpyxl sees
it (size, then qcounty.office.zipcheck: member names, count, the size every member really
inflates to, DTDs anywhere in an XML part, macros);
formulas are reported, never evaluated; rows and columns are found by the template's hidden
keys, so moved, deleted or merged rows do not matter. Every value goes through the core's
`check_value` / `check_record`, so the workbook accepts exactly what the web form and the
cohort files accept.

The package's modules: `screening` (`screen`), `workbook` (`read_workbook`, the meta sheet),
`sheets` (the sheets' rows by key), `values` (each input's value checked), `cells` (cells as
read, reading limits) and `results` (`ParsedWorkbook`, `Problem`, `Change`).
"""

from __future__ import annotations

from qcounty.office.reader.cells import MAX_RECORDS, MAX_ROWS, SCAN_ROWS
from qcounty.office.reader.results import Change, ParsedWorkbook, Problem
from qcounty.office.reader.screening import MAX_BYTES, NOT_XLSX, ZIP_LIMITS, screen
from qcounty.office.reader.workbook import MAX_PROBLEMS, NOT_TEMPLATE, log, read_workbook

__all__ = [
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_RECORDS",
    "MAX_ROWS",
    "NOT_TEMPLATE",
    "NOT_XLSX",
    "SCAN_ROWS",
    "ZIP_LIMITS",
    "Change",
    "ParsedWorkbook",
    "Problem",
    "log",
    "read_workbook",
    "screen",
]
