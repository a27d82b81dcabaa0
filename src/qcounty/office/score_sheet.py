"""The score sheet: Annex 1 (工作任务分解表) with the county's self-assessed points and reasons.

Columns: 序号, 一级指标, 二级指标, 三级指标, 分值, 评价标准, 数据来源, 自评得分, 指标得分, 失分,
失分原因. The prerequisite and the veto come first (达标 / 不达标); then one row per criterion
(评价分句) under its indicator, the indicator's cells (序号, 三级指标, 分值, 数据来源, 指标得分)
merged down over its criteria and the level cells over their indicators, as in the seed; a
subtotal row closes each first-level block and a 合计 row ends the table.

自评得分 and 失分 are the criterion's, after the criterion's own cap; 指标得分 is the indicator's,
after its cumulative cap (累计不超过 N 分), which is why a column of its own: where the cap binds
the criteria add up to more than the indicator gets. 失分原因 holds the criterion's explanation
lines where points were lost, with the self-assessment range of an efficacy-coefficient
criterion ("保底 x — 上限 y"); the indicator's notes (records not counted, the cap applied)
follow on its last criterion row.

Every cell holds a value: no formula anywhere (totals are computed here), and text that a
spreadsheet could take for a formula is stored as text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from qcounty.core.framework.model import Framework
from qcounty.core.results import CountyResult
from qcounty.core.wording import DEFAULT_UNIT, wording
from qcounty.office import docstyle
from qcounty.office.docstyle import put

# header, Excel width, Word width (cm): 24.3 cm between the landscape margins; a score column
# holds "28.05" (五号 Times New Roman, about 0.95 cm) and its cell margins on one line
COLUMNS: list[tuple[str, float, float]] = [
    ("序号", 5, 1.1),
    ("一级指标", 9, 1.5),
    ("二级指标", 9, 1.5),
    ("三级指标", 26, 3.0),
    ("分值", 6, 1.3),
    ("评价标准", 44, 5.4),
    ("数据来源", 16, 2.2),
    ("自评得分", 8, 1.4),
    ("指标得分", 8, 1.4),
    ("失分", 7, 1.3),
    ("失分原因", 44, 4.2),
]
# the Word header: two characters a line in the narrow columns ("一级/指标", never "一级指/标")
WORD_HEADER = [h if len(h) <= 2 or cm >= 2 else f"{h[:2]}\n{h[2:]}" for h, _, cm in COLUMNS]
HEADER = [c[0] for c in COLUMNS]
SCORE_COLUMNS = {"分值", "自评得分", "指标得分", "失分"}
# merged down over an indicator's criteria
INDICATOR_COLUMNS = (0, 3, 4, 6, 8)


@dataclass
class SheetRow:
    """One row of the sheet; `kind` is gate, criterion, subtotal or total."""

    kind: str
    cells: list[Any]  # one value per column (str, float or None)
    first: str = ""  # first-level name, for merging
    second: str = ""  # second-level name, for merging
    indicator: int = 0  # indicator number, for merging


# --------------------------------------------------------------------------- public


def score_sheet_xlsx(
    framework: Framework, result: CountyResult, departments: dict[str, list[str]]
) -> bytes:
    """Return the score sheet as an .xlsx (A4 landscape, fit to width, frozen header)."""
    rows = sheet_rows(framework, result, departments)
    wb = openpyxl.Workbook()
    ws = docstyle.active_sheet(wb)
    ws.title = "自评得分"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name="宋体", size=10)
    bold = Font(name="黑体", size=10)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    n_cols = len(COLUMNS)

    put(ws, 1, 1, sheet_title(result, framework)).font = Font(name="黑体", size=16)
    ws.cell(1, 1).alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
    ws.row_dimensions[1].height = 30
    put(ws, 2, 1, sheet_subtitle(framework, result)).font = Font(name="宋体", size=10)
    ws.cell(2, 1).alignment = centre
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n_cols)
    ws.row_dimensions[2].height = 28
    for col, (text, width, _) in enumerate(COLUMNS, start=1):
        cell = put(ws, 3, col, text)
        cell.font, cell.alignment, cell.border = bold, centre, border
        ws.column_dimensions[get_column_letter(col)].width = width

    start = 4
    for n, row in enumerate(rows):
        r = start + n
        for col, value in enumerate(row.cells, start=1):
            header = HEADER[col - 1]
            number_format = None
            if isinstance(value, float):
                number_format = "General" if header == "分值" else "0.00"
            cell = put(ws, r, col, value, number_format=number_format)
            cell.border = border
            cell.font = bold if row.kind in ("subtotal", "total") else body
            cell.alignment = (
                centre
                if header in SCORE_COLUMNS or header in ("序号", "一级指标", "二级指标")
                else wrap
            )
            if row.kind in ("subtotal", "total"):
                cell.fill = total_fill
    for n, height in enumerate(_heights(rows)):
        ws.row_dimensions[start + n].height = height
    for c0, c1, r0, r1 in _merges(rows):
        ws.merge_cells(
            start_row=start + r0, start_column=c0 + 1, end_row=start + r1, end_column=c1 + 1
        )
    ws.freeze_panes = "A4"
    docstyle.a4_print(ws, landscape=True, title_rows="3:3")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def score_sheet_docx(
    framework: Framework, result: CountyResult, departments: dict[str, list[str]]
) -> bytes:
    """Return the score sheet as a .docx (A4 landscape, GB/T 9704 fonts, header repeated)."""
    rows = sheet_rows(framework, result, departments)
    document = docstyle.new_document(sheet_title(result, framework))
    docstyle.landscape(document)
    # two lines, each whole: the scheme, then the total and the status
    lines = sheet_subtitle(framework, result).replace("；自评总分", "\n自评总分", 1)
    subtitle = docstyle.add_paragraph(document, lines, size=12, indent=False, align="center")
    subtitle.paragraph_format.keep_with_next = True  # with the table's header row
    widths = [c[2] for c in COLUMNS]
    table = docstyle.add_table(document, widths, WORD_HEADER)
    covered = _covered(rows)
    merges = _merges(rows)
    # a row that opens a level's block holds the level's name: it never breaks across pages
    # (so "环境质量（4分）" stays whole); the others may, or tall merged blocks would leave
    # pages half empty
    opening = {r0 for c0, _c1, r0, r1 in merges if c0 in (1, 2) and r1 > r0}
    for n, row in enumerate(rows):
        cells = docstyle.add_row(table, widths, split=n not in opening)
        strong = row.kind in ("subtotal", "total")
        for col, value in enumerate(row.cells):
            if (n, col) in covered:
                continue  # under a merge: left empty so the merge keeps the first cell's text
            header = HEADER[col]
            text = _n(value) if header == "分值" and isinstance(value, float) else _shown(value)
            align = "center" if header in SCORE_COLUMNS or col < 3 else "left"
            font = docstyle.HEADING_FONT if strong else docstyle.BODY_FONT
            docstyle.set_cell(cells[col], text.split("\n"), align=align, font=font)
    grid = docstyle.cell_grid(table)
    for c0, c1, r0, r1 in merges:
        docstyle.merge_block(grid, 1 + r0, c0, 1 + r1, c1)
    return docstyle.to_bytes(document)


def sheet_title(result: CountyResult, framework: Framework) -> str:
    if wording(framework).unit == DEFAULT_UNIT:
        return f"{result.city}{result.name}创建质量强县（市、区）工作任务分解表（自评）"
    return f"{result.city}{result.name}自评得分表（{framework.name}）"


def sheet_subtitle(framework: Framework, result: CountyResult) -> str:
    status = wording(framework).status(result.status)
    grade = f"；评价等级：{result.grade}" if result.grade is not None else ""
    return (
        f"评价体系：{framework.name}（{framework.version}）；自评总分 {result.total:.2f} 分"
        f"（保底 {result.floor:.2f} — 上限 {result.ceiling:.2f}）；评价状态：{status}{grade}"
    )


def sheet_rows(
    framework: Framework, result: CountyResult, departments: dict[str, list[str]]
) -> list[SheetRow]:
    """Return the rows of the sheet as values (the writers only lay them out)."""
    rows: list[SheetRow] = []
    gates = {g.id: g for g in result.gates}
    for gate in framework.gates:
        g = gates.get(gate.id)
        passed = None if g is None else g.passed
        why = "" if g is None or g.passed else "\n".join(m.render() for m in g.messages)
        rows.append(
            SheetRow(
                "gate",
                [
                    gate.name,
                    "",
                    "",
                    gate.statement,
                    None,
                    gate.standard,
                    _sources(framework, gate.units, departments),
                    {True: "达标", False: "不达标", None: "—"}[passed],
                    None,
                    None,
                    why,
                ],
            )
        )
    results = {ind.number: ind for ind in result.indicators}
    levels = {s.name: s for s in result.first_level}
    for first in framework.first_level:
        first_text = f"{first.name}\n（{_n(first.points)}分）"
        for second in first.second_level:
            second_text = f"{second.name}\n（{_n(second.points)}分）"
            for ind in second.indicators:
                ir = results[ind.number]
                by_id = {c.id: c for c in ir.criteria}
                for k, crit in enumerate(ind.criteria):
                    c = by_id[crit.id]
                    standard = crit.standard
                    if k == 0 and ind.preamble:
                        standard = f"{ind.preamble}\n{standard}"
                    last = k == len(ind.criteria) - 1
                    if last and ind.cumulative_cap and ind.cumulative_cap not in standard:
                        standard = f"{standard}\n{ind.cumulative_cap}"
                    lost = _lost(c.max, c.points)
                    reasons: list[str] = []
                    if lost > 0 or any(m.review for m in c.messages):
                        reasons = [m.render() for m in c.messages]
                        if c.floor is not None and c.ceiling is not None:
                            reasons.append(f"保底 {c.floor:.2f} — 上限 {c.ceiling:.2f}")
                    if last:
                        reasons += [m.render() for m in ir.notes]
                    rows.append(
                        SheetRow(
                            "criterion",
                            [
                                str(ind.number),
                                first_text,
                                second_text,
                                ind.name,
                                float(ind.points),
                                standard,
                                _sources(framework, ind.units, departments),
                                round(float(c.points), 2),
                                round(float(ir.points), 2),
                                lost,
                                "\n".join(reasons),
                            ],
                            first=first.name,
                            second=f"{first.name}/{second.name}",
                            indicator=ind.number,
                        )
                    )
        level = levels[first.name]
        rows.append(
            SheetRow(
                "subtotal",
                [
                    f"{first.name} 小计",
                    "",
                    "",
                    "",
                    float(first.points),
                    "",
                    "",
                    round(float(level.points), 2),
                    None,
                    _lost(first.points, level.points),
                    "",
                ],
            )
        )
    shown = wording(framework).status(result.status)
    status = "" if result.status.value == "eligible" else f"状态：{shown}"
    rows.append(
        SheetRow(
            "total",
            [
                "合计",
                "",
                "",
                "",
                float(framework.total_points),
                "",
                "",
                round(float(result.total), 2),
                None,
                _lost(framework.total_points, result.total),
                "\n".join(
                    x
                    for x in (
                        f"保底 {result.floor:.2f} — 上限 {result.ceiling:.2f}",
                        status,
                        f"等级：{result.grade}" if result.grade is not None else "",
                        *(m.render() for m in result.notes),  # caps, blocks, the grade's reason
                    )
                    if x
                ),
            ],
        )
    )
    return rows


# --------------------------------------------------------------------------- helpers


def _sources(framework: Framework, units: list[str], departments: dict[str, list[str]]) -> str:
    """Return the county's departments for these units (the role's name where none is given)."""
    names: list[str] = []
    for unit in units:
        mine = [d for d in departments.get(unit, []) if d and d.strip()]
        for name in mine or [framework.unit_name(unit)]:
            if name not in names:
                names.append(name)
    return "、".join(names)


def _lost(most: float, points: float) -> float:
    lost = round(float(most) - float(points), 2)
    return 0.0 if lost <= 0 else lost


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _merges(rows: list[SheetRow]) -> list[tuple[int, int, int, int]]:
    """Return (first col, last col, first row, last row) of every merged block (0-based)."""
    out: list[tuple[int, int, int, int]] = []
    for n, row in enumerate(rows):
        if row.kind == "gate":
            out.append((0, 2, n, n))  # the gate's name across 序号, 一级指标, 二级指标
        elif row.kind in ("subtotal", "total"):
            out.append((0, 3, n, n))
            out.append((5, 6, n, n))
    for col, key in (
        (1, lambda r: r.first),
        (2, lambda r: r.second),
        *((c, lambda r: r.indicator) for c in INDICATOR_COLUMNS),
    ):
        for r0, r1 in _runs(rows, key):
            if r1 > r0:
                out.append((col, col, r0, r1))
    return out


def _runs(rows: list[SheetRow], key: Any) -> list[tuple[int, int]]:
    """Return runs of consecutive criterion rows with the same key."""
    out: list[tuple[int, int]] = []
    n = 0
    while n < len(rows):
        if rows[n].kind != "criterion":
            n += 1
            continue
        end = n
        while end + 1 < len(rows) and rows[end + 1].kind == "criterion":
            if key(rows[end + 1]) != key(rows[n]):
                break
            end += 1
        out.append((n, end))
        n = end + 1
    return out


def _heights(rows: list[SheetRow]) -> list[float]:
    """Return each row's height (pt) for its wrapped text, merged blocks included."""
    merges = _merges(rows)
    covered = _covered(rows)
    firsts = {(r0, c0) for c0, _, r0, _ in merges}
    widths = [c[1] for c in COLUMNS]
    heights = [
        docstyle.row_height(
            [
                (_shown(v), widths[c])
                for c, v in enumerate(row.cells)
                if (n, c) not in covered and (n, c) not in firsts
            ],
            points=10,
        )
        for n, row in enumerate(rows)
    ]
    for c0, c1, r0, r1 in merges:
        text = _shown(rows[r0].cells[c0])
        needed = docstyle.row_height([(text, sum(widths[c0 : c1 + 1]))], points=10)
        have = sum(heights[r0 : r1 + 1])
        if needed > have:
            heights[r1] += needed - have
    return heights


def _covered(rows: list[SheetRow]) -> set[tuple[int, int]]:
    """Return the (row, col) cells inside a merged block other than its first cell."""
    out: set[tuple[int, int]] = set()
    for c0, c1, r0, r1 in _merges(rows):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    out.add((r, c))
    return out
