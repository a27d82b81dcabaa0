"""The scheme's evaluation table (Annex 1 of the Shandong seed), written from the framework file.

Columns: 序号, 一级指标, 二级指标, 三级指标, 分值, 评价标准, 数据来源. The gates come first, one row
each (the name across 序号 to 二级指标, the standard across 分值 and 评价标准); then one row per
line of an indicator's standard, in the seed's order: the preamble that applies to every clause
(item 35), each criterion, and the cumulative cap ("累计不超过 N 分") when no criterion quotes
it. The indicator's cells (序号, 三级指标, 分值, 数据来源) are merged down over its rows and the
level cells over their indicators. 数据来源 is the node's `data_source` as the scheme prints it,
else the names of its units. No totals: the table holds the scheme's text and nothing else.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qcounty.core.framework.model import FirstLevel, Framework, Gate, Indicator, SecondLevel
from qcounty.core.framework.structure import Block, TotalMode
from qcounty.office import docstyle
from qcounty.office.docstyle import put

# header, Excel width, Word width (cm): 24.3 cm between the landscape margins
COLUMNS: list[tuple[str, float, float]] = [
    ("序号", 6, 1.2),
    ("一级指标", 10, 1.9),
    ("二级指标", 10, 1.9),
    ("三级指标", 30, 5.0),
    ("分值", 6, 1.2),
    ("评价标准", 62, 9.8),
    ("数据来源", 22, 3.3),
]
HEADER = [c[0] for c in COLUMNS]
WORD_HEADER = [h if len(h) <= 2 else f"{h[:2]}\n{h[2:]}" for h in HEADER]
CENTRED = {0, 1, 2, 4}
INDICATOR_COLUMNS = (0, 3, 4, 6)  # merged down over an indicator's rows

Merge = tuple[int, int, int, int]  # first col, last col, first row, last row (0-based)


@dataclass
class TableRow:
    """One row of the table; level and indicator keys say which cells merge down."""

    cells: list[str]
    gate: bool = False
    keys: dict[int, str] = field(default_factory=dict)  # column → merge key


# --------------------------------------------------------------------------- public


def scheme_title(framework: Framework) -> str:
    return framework.name


def scheme_subtitle(framework: Framework) -> str:
    return (
        f"发布：{framework.provider}；来源：{framework.source}；"
        f"版本 {framework.version}；满分 {points_text(framework.total_points)} 分"
        + _blocks_text(framework)
    )


def _blocks_text(framework: Framework) -> str:
    """Return what the bonus and deduction blocks do to the full marks ("" without blocks)."""
    blocks = [x for x in framework.first_level if x.block is not Block.BASE]
    if not blocks:
        return ""
    parts = "、".join(
        f"{x.name}最多{'加' if x.block is Block.BONUS else '扣'} {points_text(x.points)} 分"
        for x in blocks
    )
    beyond = framework.total_mode is TotalMode.BASE_PLUS_BONUS
    return f"（另设{parts}，总分{'可超过满分' if beyond else '以满分为限'}）"


def scheme_rows(framework: Framework) -> list[TableRow]:
    """Return the table's rows as text (the writers only lay them out)."""
    rows = [_gate_row(framework, g) for g in framework.gates]
    group_cap = {g.indicators[-1]: g.cap_text for g in framework.groups if g.cap_text}
    for first in framework.first_level:
        first_text = level_text(first)
        for second in first.second_level:
            second_text = level_text(second)
            for ind in second.indicators:
                keys = {1: first.name, 2: f"{first.name}/{second.name}"}
                keys |= {c: str(ind.number) for c in INDICATOR_COLUMNS}
                cells = [
                    str(ind.number),
                    first_text,
                    second_text,
                    ind.name,
                    points_text(ind.points),
                    "",
                    data_source(framework, ind),
                ]
                # a capped group's rule closes its last item, as 累计不超过 closes an indicator
                lines = standard_lines(ind) + [t for t in [group_cap.get(ind.number)] if t]
                for line in lines:
                    rows.append(TableRow([*cells[:5], line, cells[6]], keys=keys))
    return rows


def level_text(node: FirstLevel | SecondLevel) -> str:
    """Return a level's cell: its name, points and, when capped, the scheme's words for the cap."""
    text = f"{node.name}\n（{points_text(node.points)}分）"
    return f"{text}\n{node.cap_text}" if node.cap_text else text


def standard_lines(ind: Indicator) -> list[str]:
    """Return the lines of an indicator's 评价标准: preamble, criteria, cumulative cap."""
    lines = [c.standard for c in ind.criteria]
    if ind.preamble:
        lines.insert(0, ind.preamble)
    if ind.cumulative_cap and not any(ind.cumulative_cap in c.standard for c in ind.criteria):
        lines.append(ind.cumulative_cap)
    return lines


def data_source(framework: Framework, node: Indicator | Gate) -> str:
    """Return the node's 数据来源 as the scheme prints it, else its units' names."""
    if node.data_source:
        return node.data_source
    return "、".join(framework.unit_name(u) for u in node.units)


def points_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def scheme_table_xlsx(framework: Framework) -> bytes:
    """Return the table as an .xlsx (A4 landscape, fit to width, header repeated and frozen)."""
    rows = scheme_rows(framework)
    merges = table_merges(rows)
    covered = _covered(merges)
    wb = openpyxl.Workbook()
    ws = docstyle.active_sheet(wb)
    ws.title = "评价指标体系"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body, bold = Font(name="宋体", size=10), Font(name="黑体", size=10)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    n_cols = len(COLUMNS)
    for r, (text, size, title_height) in enumerate(
        ((scheme_title(framework), 16, 30), (scheme_subtitle(framework), 10, 28)), start=1
    ):
        cell = put(ws, r, 1, text)
        cell.font, cell.alignment = Font(name="黑体" if r == 1 else "宋体", size=size), centre
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_cols)
        ws.row_dimensions[r].height = title_height
    for col, (text, width, _) in enumerate(COLUMNS, start=1):
        cell = put(ws, 3, col, text)
        cell.font, cell.alignment, cell.border = bold, centre, border
        ws.column_dimensions[get_column_letter(col)].width = width
    start = 4
    for n, row in enumerate(rows):
        for col, text in enumerate(row.cells):
            if (n, col) in covered:
                cell = ws.cell(start + n, col + 1)  # under a merge: no value of its own
            else:
                cell = put(ws, start + n, col + 1, text)
            cell.border, cell.font = border, body
            cell.alignment = centre if _centred(row, col) else wrap
    for n, height in enumerate(_heights(rows, merges, covered)):
        ws.row_dimensions[start + n].height = height
    for c0, c1, r0, r1 in merges:
        ws.merge_cells(
            start_row=start + r0, start_column=c0 + 1, end_row=start + r1, end_column=c1 + 1
        )
    ws.freeze_panes = "A4"
    docstyle.a4_print(ws, landscape=True, title_rows="3:3")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def scheme_table_docx(framework: Framework) -> bytes:
    """Return the table as a .docx (A4 landscape, GB/T 9704 fonts, header repeated)."""
    rows = scheme_rows(framework)
    merges = table_merges(rows)
    covered = _covered(merges)
    document = docstyle.new_document(scheme_title(framework))
    docstyle.landscape(document)
    subtitle = docstyle.add_paragraph(
        document, scheme_subtitle(framework), size=12, indent=False, align="center"
    )
    subtitle.paragraph_format.keep_with_next = True  # with the table's header row
    widths = [c[2] for c in COLUMNS]
    table = docstyle.add_table(document, widths, WORD_HEADER)
    # a row that opens a level's block holds the level's name: it never breaks across pages
    opening = {r0 for c0, _c1, r0, r1 in merges if c0 in (1, 2) and r1 > r0}
    for n, row in enumerate(rows):
        cells = docstyle.add_row(table, widths, split=n not in opening)
        for col, text in enumerate(row.cells):
            if (n, col) not in covered:
                align = "center" if _centred(row, col) else "left"
                docstyle.set_cell(cells[col], text.split("\n"), align=align)
    grid = docstyle.cell_grid(table)
    for c0, c1, r0, r1 in merges:
        docstyle.merge_block(grid, 1 + r0, c0, 1 + r1, c1)
    return docstyle.to_bytes(document)


# --------------------------------------------------------------------------- layout


def _gate_row(framework: Framework, gate: Gate) -> TableRow:
    source = data_source(framework, gate)
    # the standard stands in 分值, the first cell of its span across 分值 and 评价标准
    return TableRow([gate.name, "", "", gate.statement, gate.standard, "", source], gate=True)


def table_merges(rows: list[TableRow]) -> list[Merge]:
    """Return every merged block: a gate's spans, and runs of rows sharing a column's key."""
    out: list[Merge] = []
    for n, row in enumerate(rows):
        if row.gate:
            out += [(0, 2, n, n), (4, 5, n, n)]
    for col in (1, 2, *INDICATOR_COLUMNS):
        n = 0
        while n < len(rows):
            key = rows[n].keys.get(col)
            end = n
            while key and end + 1 < len(rows) and rows[end + 1].keys.get(col) == key:
                end += 1
            if end > n:
                out.append((col, col, n, end))
            n = end + 1
    return out


def _centred(row: TableRow, col: int) -> bool:
    return col in CENTRED and not (row.gate and col == 4)


def _covered(merges: list[Merge]) -> set[tuple[int, int]]:
    """Return the (row, col) cells inside a merged block other than its first cell."""
    return {
        (r, c)
        for c0, c1, r0, r1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }


def _heights(
    rows: list[TableRow], merges: list[Merge], covered: set[tuple[int, int]]
) -> list[float]:
    """Return each row's height (pt) for its wrapped text, merged blocks included."""
    widths = [c[1] for c in COLUMNS]
    firsts = {(r0, c0): (c0, c1, r0, r1) for c0, c1, r0, r1 in merges}
    heights = []
    for n, row in enumerate(rows):
        texts = []
        for c, text in enumerate(row.cells):
            merge = firsts.get((n, c))
            if (n, c) in covered or (merge and merge[3] > n):
                continue  # a block over several rows is fitted below
            width = sum(widths[c : (merge[1] if merge else c) + 1])
            texts.append((text, width))
        heights.append(docstyle.row_height(texts, points=10))
    for c0, c1, r0, r1 in merges:
        if r1 > r0:
            needed = docstyle.row_height(
                [(rows[r0].cells[c0], sum(widths[c0 : c1 + 1]))], points=10
            )
            have = sum(heights[r0 : r1 + 1])
            if needed > have:
                heights[r1] += needed - have
    return heights
