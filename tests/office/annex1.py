"""Annex 1 of the seed, and an exported evaluation table, as items of column texts.

The seed's table (威海市文登区创建质量强县（市、区）工作任务分解表) is text extracted from a Word
document: a row is a block of lines between blank lines, a cell starts with a tab, and a cell's
further lines carry no tab. Its page furniture is not part of the table: the header row printed
again on every page, and the first-level name restated at the top of a page (a merged cell
broken by the page). An item is one gate or one numbered indicator: the texts of its columns,
each the concatenation of its rows' cells (a clause broken over two rows is one text again),
with the first- and second-level names filled down from the item that opened them. Texts are
compared with whitespace removed, nothing else.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from docx import Document
from docx.oxml.ns import qn

SEED = Path(__file__).resolve().parents[2] / "docs" / "spec" / "wendeng-2023-plan.txt"
TITLE = "威海市文登区创建质量强县（市、区）工作任务分解表"
END = "相关说明："
HEADER = ["序号", "一级指标", "二级指标", "三级指标", "分值", "评价标准", "数据来源"]

Row = list[str]
Item = tuple[str, ...]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_rows() -> list[Row]:
    """Return the rows of Annex 1's table in the seed, cells as printed (header rows included)."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index(TITLE, text.index("附件：1."))
    body = text[start + len(TITLE) : text.index(END, start)]
    rows: list[Row] = []
    for block in re.split(r"\n(?: *\n)+", body):
        # a block's cells: a line with a tab opens one, a line without continues it
        cells: Row = []
        for line in block.split("\n"):
            if not line.strip("\n"):
                continue
            if "\t" in line:
                cells.append(line.split("\t", 1)[1])
            elif cells:
                cells[-1] += "\n" + line
        if any(c.strip() for c in cells):
            rows.append(cells)
    return rows


def items(rows: list[Row]) -> tuple[Row, list[Item]]:
    """Return the header and the table's items (see the module's docstring)."""
    header = [squeeze(c) for c in rows[0]]
    out: list[list[str]] = []
    first = second = ""
    for row in rows[1:]:
        cells = [squeeze(c) for c in row]
        if cells == header:
            continue  # the header again, at the top of a page
        if cells[0] and not cells[0].isdigit():  # a gate: one row, its cells
            out.append([c for c in cells if c])
            continue
        if cells[0]:  # a numbered indicator opens
            first = cells[1] or first
            second = cells[2] or second
            out.append(["" for _ in HEADER])
            out[-1][1], out[-1][2] = first, second
        for col, text in enumerate(cells):
            if col not in (1, 2):
                out[-1][col] += text
    return header, [tuple(x) for x in out]


def docx_rows(data: bytes) -> list[Row]:
    """Return the rows of the document's first table: one text per cell (a merge's top only)."""
    table = Document(io.BytesIO(data)).tables[0]
    rows: list[Row] = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            paragraphs = tc.findall(qn("w:p"))
            texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs]
            cells.append("\n".join(texts))
        rows.append(cells)
    return rows


def xlsx_rows(data: bytes) -> list[Row]:
    """Return the sheet's rows from its header down (a merged block's text in its top cell)."""
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    start = next(n for n, r in enumerate(rows) if [squeeze(c) for c in r] == HEADER)
    return rows[start:]
