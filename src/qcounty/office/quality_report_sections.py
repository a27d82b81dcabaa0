"""The sections of the county quality status report: its tables, charts and their captions.

``write_quality_report`` draws the charts first (no CJK font, no document), then adds these
sections in order; their sentences and numbers come from ``quality_report_text``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qcounty.core.framework.model import Framework
from qcounty.core.results import STATUS_ZH
from qcounty.office import charts, docstyle
from qcounty.office.quality_report_text import (
    SAME,
    _delta,
    _n,
    _p,
    _pct,
    _published_rank,
    _rank_text,
    _reasons,
    _second_parents,
    _share,
    _share_of,
    _signed,
    _total_label,
    _versus,
    _years,
    strengths,
    weaknesses,
)

if TYPE_CHECKING:
    from qcounty.office.quality_report import CampaignData

TEXT_WIDTH_CM = 15.6  # A4 minus GB/T 9704 side margins (210 − 28 − 26 mm)


# --------------------------------------------------------------------------- sections


@dataclass
class _Figures:
    trend: bytes | None
    second: bytes
    first: bytes | None


class _Numbering:
    def __init__(self) -> None:
        self.table = 0
        self.figure = 0

    def next_table(self) -> int:
        self.table += 1
        return self.table

    def next_figure(self) -> int:
        self.figure += 1
        return self.figure


def _figures(ordered: list[CampaignData], county: str) -> _Figures:
    latest = ordered[-1]
    r = latest.result
    trend = None
    if len(ordered) > 1:
        series = [charts.Series(f"{county}总分", [c.result.total for c in ordered])]
        if any(c.reference for c in ordered):
            series.append(
                charts.Series(
                    "参照县中位数",
                    [c.reference.total if c.reference else None for c in ordered],
                    charts.MEDIAN_COLOUR,
                    "--",
                )
            )
            series.append(
                charts.Series(
                    "本梯队中位数",
                    [c.reference.tier_total if c.reference else None for c in ordered],
                    charts.TIER_COLOUR,
                    ":",
                )
            )
        trend = charts.line_chart(
            [f"{c.year}年" for c in ordered],
            series,
            ylabel="得分（分）",
            ymax=100,
            band=([c.result.floor for c in ordered], [c.result.ceiling for c in ordered]),
            band_label="保底—上限",
        )
    ref = latest.reference
    names = [s.name for s in r.second_level]
    second_series = [charts.Series(county, [_share(s) for s in r.second_level])]
    if ref is not None:
        second_series.append(
            charts.Series(
                "参照县中位数",
                [_share_of(ref.second.get(s.name), s.max) for s in r.second_level],
                charts.MEDIAN_COLOUR,
            )
        )
    second = charts.bar_chart(names, second_series, xlabel="得分率（%）", xmax=100)
    first = None
    if ref is not None:
        first_series = [
            charts.Series(county, [_share(s) for s in r.first_level]),
            charts.Series(
                "参照县中位数",
                [_share_of(ref.first.get(s.name), s.max) for s in r.first_level],
                charts.MEDIAN_COLOUR,
            ),
        ]
        if ref.tier_total is not None:
            first_series.append(
                charts.Series(
                    f"{ref.tier_name}中位数",
                    [_share_of(ref.tier_first.get(s.name), s.max) for s in r.first_level],
                    charts.TIER_COLOUR,
                )
            )
        first = charts.bar_chart(
            [s.name for s in r.first_level], first_series, xlabel="得分率（%）", xmax=100
        )
    return _Figures(trend, second, first)


def _trend_section(
    document: Any,
    framework: Framework,
    ordered: list[CampaignData],
    county: str,
    figures: _Figures,
    numbering: _Numbering,
) -> None:
    latest = ordered[-1]
    if len(ordered) == 1:
        docstyle.add_paragraph(
            document,
            f"本县目前只有{latest.year}年一个创建周期的数据，尚不能分析变化趋势；"
            "以后各期申报后，本节将列出历年得分及其变化。",
        )
    else:
        before = ordered[-2]
        moves = []
        old = {s.name: s.points for s in before.result.first_level}
        for s in latest.result.first_level:
            if s.name in old:
                moves.append((s.points - old[s.name], s.name))
        text = (
            f"{_years(ordered)}，本县{_total_label(ordered)}依次为"
            f"{'、'.join(f'{_p(c.result.total)} 分' for c in ordered)}。"
        )
        if moves:
            up = max(moves)
            down = min(moves)
            if up[0] >= SAME:
                text += f"与{before.year}年相比，“{up[1]}”提高最多（{_signed(up[0])} 分）"
                text += "；" if down[0] <= -SAME else "。"
            if down[0] <= -SAME:
                text += f"“{down[1]}”下降最多（{_signed(down[0])} 分）。"
            if up[0] < SAME and down[0] > -SAME:
                text += f"与{before.year}年相比，各一级指标得分均持平。"
        docstyle.add_paragraph(document, text)

    n = numbering.next_table()
    _caption(document, f"表{n}  历年得分（分）")
    years = [f"{c.year}年" for c in ordered]
    change = len(ordered) > 1
    header = ["项目", "分值", *years, *(["变化"] if change else [])]
    widths = _widths([4.2, 1.4], len(years), [1.8] if change else [])
    table = docstyle.add_table(document, widths, header)
    rows: list[tuple[str, str, list[float | None], bool]] = [
        (
            _total_label(ordered),
            _n(framework.total_points),
            [c.result.total for c in ordered],
            True,
        ),
    ]
    for first in latest.result.first_level:
        by_year = [{s.name: s.points for s in c.result.first_level} for c in ordered]
        rows.append((first.name, _n(first.max), [by.get(first.name) for by in by_year], False))
    for label, most, values, strong in rows:
        last = _delta(values) if change else None
        _table_row(
            table,
            widths,
            [label, most, *(_p(v) for v in values), *([_signed(last)] if change else [])],
            strong=strong,
        )
    ranges = [f"{_p(c.result.floor)}—{_p(c.result.ceiling)}" for c in ordered]
    _table_row(table, widths, ["保底—上限", "", *ranges, *([""] if change else [])])
    medians = [c.reference.total if c.reference else None for c in ordered]
    last = _delta(medians) if change else None
    _table_row(
        table,
        widths,
        ["参照县总分中位数", "", *(_p(m) for m in medians), *([_signed(last)] if change else [])],
    )
    ranks = [_rank_text(c) for c in ordered]
    _table_row(table, widths, ["估算名次", "", *ranks, *([""] if change else [])])
    if any(c.published for c in ordered):
        totals = [_p(c.published.total) if c.published else "—" for c in ordered]
        _table_row(table, widths, ["省级公布得分", "", *totals, *([""] if change else [])])
        listed = [_published_rank(c.published) for c in ordered]
        _table_row(table, widths, ["省级公布名次", "", *listed, *([""] if change else [])])

    if figures.trend is not None:
        _picture(
            document,
            figures.trend,
            f"图{numbering.next_figure()}  {county}历年{_total_label(ordered)}",
        )

    n = numbering.next_table()
    _caption(document, f"表{n}  二级指标历年得分（分）")
    header = ["一级指标", "二级指标", "分值", *years, *(["变化"] if change else ["得分率"])]
    widths = _widths([2.6, 3.6, 1.2], len(years), [1.6])
    table = docstyle.add_table(document, widths, header)
    by_year = [{s.name: s.points for s in c.result.second_level} for c in ordered]
    runs: dict[str, list[int]] = {}
    for row_number, (parent, s) in enumerate(_second_parents(framework, latest.result), start=1):
        values = [by.get(s.name) for by in by_year]
        tail = _signed(_delta(values)) if change else _pct(s)
        first_of_run = parent not in runs
        runs.setdefault(parent, []).append(row_number)
        _table_row(
            table,
            widths,
            [parent if first_of_run else "", s.name, _n(s.max), *(_p(v) for v in values), tail],
            left=2,
        )
    grid = docstyle.cell_grid(table)
    for numbers in runs.values():
        if len(numbers) > 1:
            docstyle.merge_block(grid, numbers[0], 0, numbers[-1], 0)


def _strengths_section(
    document: Any, latest: CampaignData, county: str, figures: _Figures, numbering: _Numbering
) -> None:
    r = latest.result
    ranked = sorted(r.second_level, key=lambda s: -_share(s))
    strong = [s for s in ranked if _share(s) >= 80]
    weak = [s for s in ranked if _share(s) < 60]
    text = (
        f"按{latest.year}年的得分率（得分 ÷ 分值）看，{len(r.second_level)}个二级指标中"
        f"得分率在 80% 及以上的有 {len(strong)} 个"
    )
    if strong:
        text += f"（{'、'.join(s.name for s in strong)}）"
    text += f"，低于 60% 的有 {len(weak)} 个"
    if weak:
        text += f"（{'、'.join(s.name for s in weak)}）"
    text += "。"
    docstyle.add_paragraph(document, text)
    _picture(
        document,
        figures.second,
        f"图{numbering.next_figure()}  {latest.year}年二级指标得分率"
        + ("（与参照县中位数比较）" if latest.reference else ""),
    )

    _heading(document, "（一）优势指标", 2)
    best = strengths(r)
    docstyle.add_paragraph(
        document,
        f"得分率最高的 {len(best)} 个三级指标如下，这些方面的做法可以总结推广、保持优势。",
    )
    n = numbering.next_table()
    _caption(document, f"表{n}  优势指标")
    widths = [1.2, 9.4, 1.6, 1.6, 1.8]
    table = docstyle.add_table(document, widths, ["序号", "三级指标", "得分", "分值", "得分率"])
    for ind in best:
        cells = docstyle.add_row(table, widths)
        row = [str(ind.number), ind.name, _p(ind.points), _n(ind.max), _pct(ind)]
        for k, (cell, text) in enumerate(zip(cells, row, strict=True)):
            docstyle.set_cell(cell, [text], align="left" if k == 1 else "center")

    _heading(document, "（二）短板指标", 2)
    worst = [i for i in weaknesses(r) if i.lost >= SAME]
    if not worst:
        docstyle.add_paragraph(document, "各三级指标均得满分，没有失分。")
        return
    total_lost = sum(i.lost for i in r.indicators)
    docstyle.add_paragraph(
        document,
        f"得分率最低的 {len(worst)} 个三级指标共失 {_p(sum(i.lost for i in worst))} 分，"
        f"占全部失分（{_p(total_lost)} 分）的 {100 * sum(i.lost for i in worst) / total_lost:.1f}%，"
        "失分原因如下，是下一步工作的重点。",
    )
    n = numbering.next_table()
    _caption(document, f"表{n}  短板指标及失分原因")
    widths = [1.0, 4.0, 1.3, 1.1, 1.3, 6.9]
    table = docstyle.add_table(
        document, widths, ["序号", "三级指标", "得分", "分值", "失分", "失分原因"]
    )
    for ind in worst:
        cells = docstyle.add_row(table, widths)
        row = [str(ind.number), ind.name, _p(ind.points), _n(ind.max), _p(ind.lost)]
        for k, (cell, text) in enumerate(zip(cells[:5], row, strict=True)):
            docstyle.set_cell(cell, [text], align="left" if k == 1 else "center")
        docstyle.set_cell(cells[5], _reasons(ind) or ["—"], size=9)


def _reference_section(
    document: Any,
    framework: Framework,
    latest: CampaignData,
    county: str,
    figures: _Figures,
    numbering: _Numbering,
) -> None:
    ref = latest.reference
    r = latest.result
    if ref is None:
        docstyle.add_paragraph(
            document,
            f"{latest.year}年的创建周期没有设置参照数据（参评县数据），无法与参照县比较。",
        )
        return
    tier = ref.tier_name or "本梯队"
    text = f"参照数据为{ref.year}年的 {ref.counties} 个参评县"
    if ref.tier_total is not None:
        text += (
            f"（其中{tier} {ref.tier_counties} 个），总分中位数为 {_p(ref.total)} 分，"
            f"{tier}中位数为 {_p(ref.tier_total)} 分。"
        )
    else:
        text += f"，总分中位数为 {_p(ref.total)} 分。"
        if ref.tier_name:
            text += (
                f"参照数据中没有{ref.tier_name}的参评县（通过前置指标且未被一票否决的县），"
                f"无法与{ref.tier_name}中位数比较。"
            )
    text += f"本县总分 {_p(r.total)} 分，{_versus(r.total, ref.total)}。"
    if r.rank is not None:
        text += f"按参照数据估算，本县在 {ref.ranked} 个县中约列第 {r.rank} 位"
        if r.tier_rank is not None and ref.tier_name:
            text += f"，在{ref.tier_name} {ref.tier_ranked} 个县中约列第 {r.tier_rank} 位"
        text += "；部分指标按与其他县的比较计分，随参评县的数据变化，名次只是估计。"
    else:
        text += f"本县{STATUS_ZH[r.status]}，不参与排名。"
    above = [s.name for s in r.second_level if s.points - ref.second.get(s.name, s.points) >= SAME]
    below = [s.name for s in r.second_level if ref.second.get(s.name, s.points) - s.points >= SAME]
    text += (
        f"{len(r.second_level)}个二级指标中，高于参照县中位数的有 {len(above)} 个，"
        f"低于中位数的有 {len(below)} 个"
    )
    text += f"（{'、'.join(below)}）。" if below else "。"
    docstyle.add_paragraph(document, text)

    n = numbering.next_table()
    _caption(document, f"表{n}  本县与参照县中位数（分）")
    widths = [5.0, 1.4, 2.0, 2.4, 2.4, 2.4]
    header = ["指标", "分值", county, "参照县中位数", f"{tier}中位数", "与中位数之差"]
    table = docstyle.add_table(document, widths, header)
    rows: list[tuple[str, float, float, float | None, float | None, bool]] = [
        ("总分", sum(s.max for s in r.first_level), r.total, ref.total, ref.tier_total, True)
    ]
    for parent in r.first_level:
        rows.append(
            (
                parent.name,
                parent.max,
                parent.points,
                ref.first.get(parent.name),
                ref.tier_first.get(parent.name),
                True,
            )
        )
        for name, s in _second_parents(framework, r):
            if name == parent.name:
                rows.append(
                    (
                        f"  {s.name}",
                        s.max,
                        s.points,
                        ref.second.get(s.name),
                        ref.tier_second.get(s.name),
                        False,
                    )
                )
    for name, most, points, median, tier_median, strong in rows:
        cells = docstyle.add_row(table, widths)
        diff = "—" if median is None else _signed(points - median)
        row = [name, _n(most), _p(points), _p(median), _p(tier_median), diff]
        font = docstyle.HEADING_FONT if strong else docstyle.BODY_FONT
        for k, (cell, value) in enumerate(zip(cells, row, strict=True)):
            docstyle.set_cell(cell, [value], align="left" if k == 0 else "center", font=font)
    if figures.first is not None:
        _picture(
            document,
            figures.first,
            f"图{numbering.next_figure()}  一级指标得分率：本县与参照县中位数",
        )


def _notes_section(document: Any, framework: Framework, ordered: list[CampaignData]) -> None:
    lines = [
        f"1. 评价体系：{framework.name}（{framework.version}），满分 {_n(framework.total_points)} 分；"
        "各项得分由系统的计分引擎按评价标准逐条计算，每一分的依据可在系统的自评得分表中查看。",
        "2. 部分指标按与其他参评县的比较计分（功效系数法），比较的基准取自参照数据（参评县数据），"
        "得分是估计值：“保底”为这些指标均得保底分时的总分，“上限”为均得满分时的总分。"
        "参照县中位数取参照数据中参评县（通过前置指标且未被一票否决的县）的得分中位数。",
    ]
    for k, c in enumerate(ordered, start=3):
        text = f"{k}. {c.year}年：{c.campaign}，申报状态“{c.status}”，按{c.basis}计分"
        if c.reference is not None:
            text += f"；参照数据为{c.reference.year}年 {c.reference.counties} 个参评县"
        else:
            text += "；未设参照数据，与其他县比较计分的指标仅按本县计算"
        if c.unreported:
            shown = "、".join(c.unreported[:10])
            more = f"等 {len(c.unreported)} 项" if len(c.unreported) > 10 else ""
            text += f"；未填报 {len(c.unreported)} 项（{shown}{more}），按不得分计"
        text += "。"
        lines.append(text)
    for line in lines:
        docstyle.add_paragraph(document, line)


# --------------------------------------------------------------------------- layout helpers


def _heading_styles(document: Any) -> None:
    """Make Heading 1 / 2 plain black headings that keep their outline level (Word's navigation).

    Their fonts (黑体 for 一、, 仿宋 bold for （一）) are named on each run by `_heading`; the
    theme fonts of python-docx's template are dropped so that they cannot override them.
    """
    for name, bold in (("Heading 1", False), ("Heading 2", True)):
        style = document.styles[name]
        style.font.size = Pt(docstyle.BODY_SIZE)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{attr}"), None)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(docstyle.BODY_PITCH)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(2 * docstyle.BODY_SIZE)
        fmt.keep_with_next = True


def _heading(document: Any, text: str, level: int) -> None:
    p = document.add_paragraph(style=f"Heading {level}")
    font = docstyle.HEADING_FONT if level == 1 else docstyle.BODY_FONT
    docstyle.add_run(p, text, font, docstyle.BODY_SIZE, bold=level > 1)


def _caption(document: Any, text: str) -> None:
    p = docstyle.add_paragraph(
        document, text, size=12, font=docstyle.HEADING_FONT, indent=False, align="center"
    )
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True


def _picture(document: Any, png: bytes, caption: str) -> None:
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact pitch would crop the picture
    fmt.space_before = Pt(6)
    fmt.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM - 0.6))
    docstyle.add_paragraph(
        document, caption, size=12, font=docstyle.HEADING_FONT, indent=False, align="center"
    )


def _table_row(
    table: Any, widths: list[float], texts: list[str], *, strong: bool = False, left: int = 1
) -> None:
    """Add a row: the first `left` cells aligned left, the others centred (numbers)."""
    cells = docstyle.add_row(table, widths)
    font = docstyle.HEADING_FONT if strong else docstyle.BODY_FONT
    for k, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        docstyle.set_cell(cell, [text], align="left" if k < left else "center", font=font)


def _widths(start: list[float], n: int, end: list[float]) -> list[float]:
    """Return column widths: fixed ones, then n equal ones filling the text width."""
    rest = TEXT_WIDTH_CM - sum(start) - sum(end)
    return [*start, *([round(rest / max(n, 1), 2)] * n), *end]
