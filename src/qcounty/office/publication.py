"""Publication documents: the 拟认定 list for 公示, the final 认定 list, the county's score report.

The lists (Word and Excel) and the per-county report (Word) lay out what the core computed for
a frozen cohort snapshot; nothing here computes a point. Word documents follow GB/T 9704 through
``docstyle``: A4, title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号, tables in 五号, headings
in 黑体, page numbers "— 1 —". There is no seal on a generated document, so the signature
follows GB/T 9704 7.3.5.2 (不加盖印章): one blank line under the body, the issuing body two
characters from the right margin, the date on the next line starting two characters to the
right of the body's first character (the body moves left when the date is longer). A line in
small type names the snapshot, its SHA-256 and the framework version, so that a printed list
can be traced to the data it was computed from.

The issuing body is the office of the provincial leading group that the seed names as the
author of the campaign's implementation plan (山东省质量强省及品牌战略推进工作领导小组, 鲁质强发
〔2022〕2号); callers may pass another.

The per-county score report is written by ``county_report``; the frame the two share (metadata,
checks, signature, traceability line) lives in ``publication_frame``; both are re-exported here.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import openpyxl
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qcounty.core.framework.model import Framework
from qcounty.core.results import CountyResult
from qcounty.core.wording import DEFAULT_UNIT, wording
from qcounty.office import docstyle
from qcounty.office.county_report import efficacy_rows, write_county_report
from qcounty.office.docstyle import put
from qcounty.office.publication_frame import (
    ISSUER,
    KIND_ZH,
    SMALL,
    ListMeta,
    PublicationError,
    _check_meta,
    _lines,
    _row,
    _signature,
    _trace,
    campaign_base,
    chinese_date,
    publicity_text,
    trace_line,
)
from qcounty.office.score_sheet import _n

__all__ = [
    "BASIS",
    "ISSUER",
    "KIND_ZH",
    "LEVEL_WIDTH",
    "LIST_COLUMNS",
    "ROUNDING_NOTE",
    "SMALL",
    "ListEntry",
    "ListMeta",
    "PublicationError",
    "campaign_base",
    "chinese_date",
    "efficacy_rows",
    "entries_from_results",
    "list_title",
    "trace_line",
    "write_county_report",
    "write_list_docx",
    "write_list_xlsx",
]

BASIS = (
    "《山东省质量强省及品牌战略推进工作领导小组关于印发山东省质量强县（市、区）"
    "创建实施方案的通知》（鲁质强发〔2022〕2号）"
)
# the document that issued each scheme, cited at the head of its lists (by the scheme's name)
BASES = {"山东省质量强县（市、区）创建评价指标体系": BASIS}
ROUNDING_NOTE = "注：得分和一级指标得分均保留两位小数，个别合计与得分的尾差系四舍五入所致。"

# list table: header, Word width (cm), Excel width; the first-level columns follow
LIST_COLUMNS: list[tuple[str, float, float]] = [
    ("序号", 0.9, 6),
    ("排名", 0.9, 6),
    ("市", 1.5, 10),
    ("县（市、区）", 2.3, 16),
    ("得分", 1.3, 9),
]
LEVEL_WIDTH = (15.6 - sum(c[1] for c in LIST_COLUMNS), 16)  # shared by the level columns
GRADE_WIDTH = 1.1  # Word, cm: the grade's column of a scheme with grades (from the levels')


@dataclass(frozen=True)
class ListEntry:
    """One county on a published list, with the points the core gave it."""

    rank: int  # overall rank (competition rank, 1, 2, 2, 4)
    city: str
    county: str
    tier: int | None  # city tier (1–3 in Shandong)
    total: float
    first_level: list[tuple[str, float, float]]  # (name, points, max) of the first levels
    grade: str = ""  # the scheme's grade (A级), "" for a scheme without grades


# --------------------------------------------------------------------------- titles and text


def list_title(meta: ListMeta) -> str:
    """Return "2023年山东省质量强县（市、区）拟认定名单（公示）", "（第2版）" from version 2 on."""
    return "".join(_title_lines(meta))


def entries_from_results(
    results: Sequence[CountyResult], framework: Framework | None = None
) -> list[ListEntry]:
    """Return list entries for ranked county results, in the order given."""
    out = []
    words = wording(framework)
    for r in results:
        if r.rank is None:
            raise PublicationError(
                f"{r.city}{r.name}{words.status(r.status)}，未参与排名，不能列入名单"
            )
        levels = [(s.name, s.points, s.max) for s in r.first_level]
        out.append(
            ListEntry(r.rank, r.city, r.name, r.tier or None, r.total, levels, r.grade or "")
        )
    return out


def _headers(meta: ListMeta) -> list[str]:
    """Return the list's fixed headers, the unit's column named as the scheme names it."""
    return [meta.unit if h == "县（市、区）" else h for h, _, _ in LIST_COLUMNS]


def _title_lines(meta: ListMeta) -> list[str]:
    again = f"（第{meta.version}版）" if meta.version > 1 else ""
    return [campaign_base(meta.campaign), KIND_ZH[meta.kind] + again]


def _opening(meta: ListMeta, entries: list[ListEntry], basis: str) -> str:
    according = f"根据{basis}，" if basis else ""
    named = f"{campaign_base(meta.campaign)}{KIND_ZH[meta.kind].removesuffix('（公示）')}"
    n = len(entries)
    if meta.kind == "proposed":
        text = (
            f"{according}经{meta.unit}申报、省级评价，{named}共 {n} 个{meta.unit}，"
            "按评价得分排序如下，现予以公示。"
        )
        if meta.publicity is not None:
            text += f"公示期为{publicity_text(meta)}。"

    else:
        text = (
            f"{according}经{meta.unit}申报、省级评价和公示，{named}共 {n} 个{meta.unit}，"
            "按评价得分排序公布如下。"
        )
    if n != meta.titles:
        last = max(e.rank for e in entries)
        tie = n > meta.titles and last <= meta.titles
        text += f"本次认定名额 {meta.titles} 个" + (
            f"，第 {last} 名得分并列，一并列入" if tie else ""
        )
        text += "。"
    return text


# --------------------------------------------------------------------------- checks


def _checked(meta: ListMeta, entries: list[ListEntry]) -> list[ListEntry]:
    """Return the entries in rank order (stable) after checking them and the metadata."""
    _check_meta(meta)
    if not entries:
        kind = KIND_ZH[meta.kind]
        raise PublicationError(f"名单为空：没有可列入的{meta.unit}，不能生成{kind}")
    seen: set[tuple[str, str]] = set()
    names = [name for name, _, _ in entries[0].first_level]
    for e in entries:
        who = f"{e.city}{e.county}"
        if (e.city, e.county) in seen:
            raise PublicationError(f"名单中{who}出现了不止一次")
        seen.add((e.city, e.county))
        if e.rank < 1:
            raise PublicationError(f"{who}的排名 {e.rank} 无效：排名必须是正整数")
        numbers = [e.total, *(x for _, p, m in e.first_level for x in (p, m))]
        if not all(math.isfinite(x) for x in numbers):
            raise PublicationError(f"{who}的得分不是有效数字")
        if [name for name, _, _ in e.first_level] != names:
            raise PublicationError(f"{who}的一级指标与名单中其他{meta.unit}不一致")
    return sorted(entries, key=lambda e: e.rank)


# --------------------------------------------------------------------------- the list


def write_list_docx(
    meta: ListMeta, entries: list[ListEntry], *, issuer: str = ISSUER, basis: str | None = None
) -> bytes:
    """Return the list as a .docx (A4 portrait, GB/T 9704): title, opening, table, signature.

    The opening cites `basis`, by default the document that issued the scheme (none known: no
    citation)."""
    entries = _checked(meta, entries)
    if basis is None:
        basis = BASES.get(meta.framework_name, "")
    document = docstyle.new_document("\n".join(_title_lines(meta)))
    document.core_properties.title = list_title(meta)
    docstyle.add_paragraph(document, _opening(meta, entries, basis))
    levels = entries[0].first_level
    graded = any(e.grade for e in entries)  # a scheme with grades: 等级 after 得分
    grade_width, grade_head = ([GRADE_WIDTH], ["等级"]) if graded else ([], [])
    level_width = (LEVEL_WIDTH[0] - sum(grade_width)) / len(levels)
    widths = [c[1] for c in LIST_COLUMNS] + grade_width + [level_width] * len(levels)
    header = _headers(meta) + grade_head + [f"{name}\n（{_n(most)}分）" for name, _, most in levels]
    table = docstyle.add_table(document, widths, header, size=SMALL)
    for n, e in enumerate(entries, start=1):
        cells = _row(table, widths)
        texts = [str(n), str(e.rank), e.city, e.county, f"{e.total:.2f}"]
        texts += [e.grade] if graded else []
        texts += [f"{points:.2f}" for _, points, _ in e.first_level]
        for cell, text in zip(cells, texts, strict=True):
            docstyle.set_cell(cell, [text], align="center")
    # the table's last two rows, the notes, the notice and the signature stay on one page:
    # never a notice alone with its signature on the last page
    for tr in table._tbl.tr_lst[-2:]:
        for p in tr.iter(qn("w:p")):
            Paragraph(p, table).paragraph_format.keep_with_next = True
    if _rounding_shows(entries):
        note = docstyle.add_paragraph(
            document, ROUNDING_NOTE, size=docstyle.TABLE_SIZE, indent=False
        )
        note.paragraph_format.keep_with_next = True
    for line in _lines(meta.notice):
        docstyle.add_paragraph(document, line).paragraph_format.keep_with_next = True
    _signature(document, issuer, meta.published_on)
    _trace(document, meta)
    return docstyle.to_bytes(document)


def write_list_xlsx(
    meta: ListMeta,
    entries: list[ListEntry],
    *,
    issuer: str = ISSUER,
    tier_names: Mapping[int, str] | None = None,
) -> bytes:
    """Return the list as an .xlsx: title row, frozen header, numbers, metadata rows below.

    With `tier_names` (tier number → name, as the framework's `tiers` name them: "第二梯队"),
    the tier column shows the name; without it, or for a tier it does not name, the number.
    A scheme without comparison groups (`meta.grouping` empty) has no such column.
    """
    entries = _checked(meta, entries)
    names = tier_names or {}
    levels = entries[0].first_level
    graded = any(e.grade for e in entries)
    columns = _xlsx_columns(meta, levels, graded)
    n_cols = len(columns)
    wb = openpyxl.Workbook()
    ws = docstyle.active_sheet(wb)
    ws.title = "拟认定名单" if meta.kind == "proposed" else "认定名单"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body, bold = Font(name="宋体", size=11), Font(name="黑体", size=11)
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    left = Alignment(wrap_text=True, vertical="top", horizontal="left")

    put(ws, 1, 1, list_title(meta)).font = Font(name="黑体", size=16)
    ws.cell(1, 1).alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
    ws.row_dimensions[1].height = 32
    for col, (text, width) in enumerate(columns, start=1):
        cell = put(ws, 2, col, text)
        cell.font, cell.alignment, cell.border = bold, centre, border
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[2].height = docstyle.row_height([(h, w) for h, w in columns], points=11)
    for n, e in enumerate(entries, start=1):
        r = 2 + n
        tier = names.get(e.tier, e.tier) if e.tier is not None else None
        values: list[Any] = [n, e.rank, e.city, e.county]
        values += [tier, round(e.total, 2)] if meta.grouping else [round(e.total, 2)]
        values += [e.grade] if graded else []
        values += [round(points, 2) for _, points, _ in e.first_level]
        for col, value in enumerate(values, start=1):
            two = isinstance(value, float)
            cell = put(ws, r, col, value, number_format="0.00" if two else None)
            cell.font, cell.alignment, cell.border = body, centre, border

    rows = _metadata(meta, issuer)
    if _rounding_shows(entries):
        rows.append(("注", ROUNDING_NOTE.removeprefix("注：")))
    first = 2 + len(entries) + 2  # one blank row between the table and the metadata
    for n, (label, value) in enumerate(rows):
        r = first + n
        cell = put(ws, r, 1, label)
        cell.font, cell.alignment = bold, left
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        number_format = 'yyyy"年"m"月"d"日"' if isinstance(value, date) else None
        cell = put(ws, r, 4, value, number_format=number_format)
        cell.font, cell.alignment = body, left
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=n_cols)
        span = sum(w for _, w in columns[3:])
        ws.row_dimensions[r].height = docstyle.row_height([(str(value), span)], points=11)
    ws.freeze_panes = "A3"
    docstyle.a4_print(ws, landscape=True, title_rows="2:2")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_columns(
    meta: ListMeta, levels: list[tuple[str, float, float]], graded: bool
) -> list[tuple[str, float]]:
    """Return the Excel list's headers and widths: the group column only for a grouped scheme,
    the grade's only for one with grades."""
    heads = _headers(meta)
    columns = [(heads[k], w) for k, (_, _, w) in enumerate(LIST_COLUMNS[:4])]
    if meta.grouping:
        columns.append((meta.grouping, 7.0))
    columns.append(("得分", 9.0))
    if graded:
        columns.append(("等级", 7.0))
    return columns + [(f"{name}\n（{_n(most)}分）", LEVEL_WIDTH[1]) for name, _, most in levels]


def _metadata(meta: ListMeta, issuer: str) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("创建周期" if meta.unit == DEFAULT_UNIT else "评价周期", meta.campaign),
        ("名单类型", KIND_ZH[meta.kind]),
        ("版本", meta.version),
        ("发布日期", meta.published_on),
        *([("公示期", publicity_text(meta))] if meta.publicity is not None else []),
        ("发布单位", issuer),
        ("评价年度", meta.evaluation_year),
        ("评价体系", f"{meta.framework_name}（{meta.framework_version} 版）"),
        ("认定名额", meta.titles),
        ("评价快照编号", meta.snapshot_id),
        ("评价快照 SHA-256", meta.snapshot_sha256),
    ]
    if meta.notice.strip():
        rows.append(("说明", meta.notice.strip()))
    return rows


def _rounding_shows(entries: list[ListEntry]) -> bool:
    """Whether some row's first-level points, as shown, do not add up to its total as shown."""
    return any(
        abs(sum(round(p, 2) for _, p, _ in e.first_level) - round(e.total, 2)) > 0.001
        for e in entries
    )
