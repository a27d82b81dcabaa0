"""Faster Word tables, same documents: the writers against python-docx's own cell lookups.

Before issue 12 the writers found every cell to merge or clear with python-docx's
`table.cell(row, col)`, which walks the whole table on each call (the score sheet took seconds).
They now take the grid once (`docstyle.cell_grid`) and merge with `docstyle.merge_block`. The
reference here is the same writer with those two replaced by `table.cell()` at every access:
the old code path. Both are built for Wendeng as the demo has it, and must agree part for part,
byte for byte, and (for a readable failure) in the text and span of every cell and paragraph.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from qcounty.office import docstyle
from qcounty.office.annex2 import annex2_docx
from qcounty.office.score_sheet import score_sheet_docx
from tests.office.wendeng import CITY, NAME, wendeng


class _OldGrid:
    """The grid as the old code path read it: `table.cell()` at every access."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def __getitem__(self, row: int) -> Any:
        return _OldRow(self.table, row)


class _OldRow:
    def __init__(self, table: Any, row: int) -> None:
        self.table, self.row = table, row

    def __getitem__(self, col: int) -> Any:
        return self.table.cell(self.row, col)


def _old_merge(grid: Any, first_row: int, first_col: int, last_row: int, last_col: int) -> Any:
    table = grid.table
    return table.cell(first_row, first_col).merge(table.cell(last_row, last_col))


def _old_path(build: Callable[[], bytes]) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(docstyle, "cell_grid", _OldGrid)
        mp.setattr(docstyle, "merge_block", _old_merge)
        return build()


def content(data: bytes) -> list[Any]:
    """Return the body in order: each paragraph's text, each table as rows of cells.

    A cell is (text, grid span, vertical merge): a cell under a merge shows as such, not as a
    copy of the merged cell's text.
    """
    document = docx.Document(io.BytesIO(data))
    out: list[Any] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            out.append(
                [
                    [
                        (docx.table._Cell(tc, block).text, tc.grid_span, tc.vMerge)
                        for tc in tr.tc_lst
                    ]
                    for tr in block._tbl.tr_lst
                ]
            )
        else:
            out.append(block.text)
    return out


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _builders() -> dict[str, Callable[[], bytes]]:
    w = wendeng()
    return {
        "score sheet": lambda: score_sheet_docx(w.framework, w.result, w.departments),
        "annex 2": lambda: annex2_docx(w.framework, NAME, CITY, w.year, w.values),
    }


@pytest.mark.parametrize("name", ["score sheet", "annex 2"])
def test_the_writer_writes_what_the_old_cell_lookups_wrote(name):
    build = _builders()[name]
    new, old = build(), _old_path(build)
    assert content(new) == content(old)
    assert _parts(new) == _parts(old)


def test_wendengs_score_sheet_merges_its_blocks():
    """The comparison means something: the sheet has its merges (2 gates, 4 subtotals, 合计)."""
    table = docx.Document(io.BytesIO(_builders()["score sheet"]())).tables[0]
    spans = [tc.grid_span for tr in table._tbl.tr_lst for tc in tr.tc_lst if tc.grid_span > 1]
    # a gate row spans 序号..二级指标 (3); a subtotal and 合计 span 序号..三级指标 (4) and 评价标准..数据来源 (2)
    assert spans.count(3) == 2 and spans.count(4) == 5 and spans.count(2) == 5
    continued = [tc for tr in table._tbl.tr_lst for tc in tr.tc_lst if tc.vMerge == "continue"]
    assert continued and all(docx.table._Cell(tc, table).text == "" for tc in continued)


def _table(rows: int, cols: int) -> Any:
    document = docstyle.new_document("表")
    table = docstyle.add_table(document, [2.0] * cols, [str(c) for c in range(cols)])
    for r in range(1, rows):
        for c, cell in enumerate(docstyle.add_row(table, [2.0] * cols)):
            if (r + c) % 3:  # some cells left empty, as under a merge
                docstyle.set_cell(cell, [f"{r},{c}"])
    return document, table


def test_merge_block_follows_earlier_merges_as_table_cell_does():
    """Blocks whose corners lie under earlier merges: the grid keeps up as `table.cell` does."""
    # (first row, first col, last row, last col); each second block takes in the one before,
    # with a corner in a spanned or a vertically merged cell
    blocks = [(1, 0, 1, 1), (1, 0, 2, 1), (2, 3, 3, 3), (1, 2, 3, 3)]
    blocks += [(5, 0, 6, 0), (5, 0, 6, 1), (4, 2, 5, 2), (4, 2, 5, 3)]

    def build(merge: Callable[..., Any], grid_of: Callable[[Any], Any]) -> bytes:
        document, table = _table(7, 4)
        grid = grid_of(table)
        for block in blocks:
            merge(grid, *block)
        return docstyle.to_bytes(document)

    new = build(docstyle.merge_block, docstyle.cell_grid)
    old = build(_old_merge, _OldGrid)
    assert content(new) == content(old)
    assert _parts(new)["word/document.xml"] == _parts(old)["word/document.xml"]


def test_cell_grid_has_one_row_per_table_row_and_repeats_spanned_cells():
    _document, table = _table(3, 3)
    grid = docstyle.cell_grid(table)
    merged = docstyle.merge_block(grid, 1, 0, 2, 1)
    assert [len(r) for r in grid] == [3, 3, 3]
    assert {grid[r][c]._tc for r in (1, 2) for c in (0, 1)} == {merged._tc}
    assert grid[1][2]._tc is not merged._tc
    assert merged._tc.grid_span == 2
    assert merged._tc.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
