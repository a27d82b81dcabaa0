"""Faster Word tables, same documents: every Word writer against the old code path.

Before issue 12 the writers found every cell to merge or clear with python-docx's
`table.cell(row, col)`, which walks the whole table on each call (the score sheet took seconds),
and formatted every paragraph of every cell through python-docx's setters. They now take the
grid once (`docstyle.cell_grid`, `docstyle.merge_block`), add rows without re-reading them, and
copy one formatted paragraph per look (`docstyle.set_cell`). The reference here is the same
writer with those four replaced by the code they replaced: the old path. Both are built for
Wendeng as the demo has it, and must agree part for part, byte for byte, and (for a readable
failure) in the text and span of every cell and paragraph.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from qcounty.core.evaluate import select
from qcounty.office import docstyle
from qcounty.office.annex2 import annex2_docx
from qcounty.office.county_report import write_county_report
from qcounty.office.publication import entries_from_results, write_list_docx
from qcounty.office.publication_frame import ListMeta
from qcounty.office.quality_report import write_quality_report
from qcounty.office.score_sheet import score_sheet_docx
from tests.office.wendeng import CITY, GENERATED, NAME, wendeng


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
    merged = table.cell(first_row, first_col).merge(table.cell(last_row, last_col))
    if last_row > first_row:
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return merged


def _old_add_row(table: Any, widths_cm: list[float], *, split: bool = False) -> list[Any]:
    row = table.add_row()
    if not split:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, w in zip(row.cells, widths_cm, strict=True):
        cell.width = Cm(w)
    return list(row.cells)


def _old_set_cell(
    cell: Any,
    lines: Iterable[str],
    *,
    size: float = docstyle.TABLE_SIZE,
    font: str = docstyle.BODY_FONT,
    bold: bool = False,
    align: str = "left",
) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraphs = cell.paragraphs
    for n, line in enumerate(list(lines) or [""]):
        p = paragraphs[0] if n == 0 and paragraphs else cell.add_paragraph()
        docstyle._format_cell_paragraph(p, align, font, size, bold, line)


def _old_path(build: Callable[[], bytes]) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(docstyle, "cell_grid", _OldGrid)
        mp.setattr(docstyle, "merge_block", _old_merge)
        mp.setattr(docstyle, "add_row", _old_add_row)
        mp.setattr(docstyle, "set_cell", _old_set_cell)
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


def _meta(kind: str) -> ListMeta:
    w = wendeng()
    return ListMeta(
        campaign=w.campaigns[-1].campaign,
        evaluation_year=w.year,
        framework_name=w.framework.name,
        framework_version=w.framework.version,
        kind=kind,  # type: ignore[arg-type]
        version=1,
        published_on=date(2023, 11, 27),
        titles=10,
        snapshot_id=17,
        snapshot_sha256="3f5a0c9e1b7d" + "0" * 52,
        notice="公示期为2023年11月27日至12月3日。",
    )


def _builders() -> dict[str, Callable[[], bytes]]:
    w = wendeng()
    fw, score = w.framework, w.reference
    mine = score.county(score.index(NAME))
    listed = [score.county(i) for i in select(score, 10).selected]
    return {
        "score sheet": lambda: score_sheet_docx(fw, w.result, w.departments),
        "annex 2": lambda: annex2_docx(fw, NAME, CITY, w.year, w.values),
        "quality report": lambda: write_quality_report(
            fw, NAME, CITY, w.campaigns, generated=GENERATED
        ),
        "county report": lambda: write_county_report(
            _meta("final"),
            mine,
            score.medians().first,
            score.medians(mine.tier).first,
            mine in listed,
            framework=fw,
            ranked=len(listed),
        ),
        "list": lambda: write_list_docx(_meta("proposed"), entries_from_results(listed)),
    }


@pytest.mark.parametrize(
    "name", ["score sheet", "annex 2", "quality report", "county report", "list"]
)
def test_the_writer_writes_what_the_old_path_wrote(name):
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


def test_set_cell_writes_what_the_old_path_wrote_for_awkward_text():
    """Spaces kept, tabs, empty and control characters, other looks, a cell written twice."""
    writes = [
        (["  前后空格  ", "a\tb", "", "控制\x07字符"], {}),
        ([], {"align": "center", "bold": True}),
        (["黑体", "第二行"], {"font": docstyle.HEADING_FONT, "size": 9.0, "align": "justify"}),
    ]

    def build() -> bytes:
        document, table = _table(3, 3)
        grid = docstyle.cell_grid(table)
        for n, (lines, kw) in enumerate(writes):
            docstyle.set_cell(grid[1][n], lines, **kw)
        docstyle.set_cell(grid[2][0], ["第一次", "两行"])
        docstyle.set_cell(grid[2][0], ["第二次"], align="right")  # over its own paragraphs
        return docstyle.to_bytes(document)

    new, old = build(), _old_path(build)
    assert content(new) == content(old)
    assert _parts(new)["word/document.xml"] == _parts(old)["word/document.xml"]
