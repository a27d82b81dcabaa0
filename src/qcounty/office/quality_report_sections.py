"""The sections of the county quality status report: its tables, charts and their captions.

``write_quality_report`` draws the charts first (no CJK font, no document), then adds these
sections in order; their sentences and numbers come from ``quality_report_text``. The layout
helpers live in ``quality_report_layout`` and the trend section in ``quality_report_trend``;
this module re-exports what the report and the manual import from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qcounty.core.framework.model import Framework
from qcounty.core.framework.structure import Block
from qcounty.core.wording import Wording
from qcounty.office import charts, docstyle
from qcounty.office.quality_report_text import (
    SAME,
    _n,
    _p,
    _pct,
    _reasons,
    _second_parents,
    _share,
    _share_of,
    _signed,
    _versus,
    base_levels,
    strengths,
    weaknesses,
)

if TYPE_CHECKING:
    from qcounty.office.quality_report import CampaignData
from qcounty.office.quality_report_layout import (
    TEXT_WIDTH_CM,
    _caption,
    _Figures,
    _heading,
    _heading_styles,
    _Numbering,
    _picture,
)
from qcounty.office.quality_report_trend import _trend_section
from qcounty.office.words import cycle, grouped, peers, ranked_units


def _figures(
    ordered: list[CampaignData], county: str, framework: Framework, words: Wording
) -> _Figures:
    latest = ordered[-1]
    r = latest.result
    base = base_levels(framework, r)
    trend = None
    if len(ordered) > 1:
        series = [charts.Series(f"{county}总分", [c.result.total for c in ordered])]
        if any(c.reference for c in ordered):
            series.append(
                charts.Series(
                    f"{peers(words)}中位数",
                    [c.reference.total if c.reference else None for c in ordered],
                    charts.MEDIAN_COLOUR,
                    "--",
                )
            )
            if grouped(words):
                series.append(
                    charts.Series(
                        f"本{words.grouping}中位数",
                        [c.reference.tier_total if c.reference else None for c in ordered],
                        charts.TIER_COLOUR,
                        ":",
                    )
                )
        trend = charts.line_chart(
            [f"{c.year}年" for c in ordered],
            series,
            ylabel="得分（分）",
            # the scheme's full marks (100 in Shandong, 400 in Guangdong's 质量评价), or more
            # where bonus points take a total above them
            ymax=max(
                sum(s.max for s in r.first_level if s.block != Block.DEDUCTION),
                *(c.result.total for c in ordered),
            ),
            band=([c.result.floor for c in ordered], [c.result.ceiling for c in ordered]),
            band_label="保底—上限",
        )
    ref = latest.reference
    names = [s.name for s in base.second]
    second_series = [charts.Series(county, [_share(s) for s in base.second])]
    if ref is not None:
        second_series.append(
            charts.Series(
                f"{peers(words)}中位数",
                [_share_of(ref.second.get(s.name), s.max) for s in base.second],
                charts.MEDIAN_COLOUR,
            )
        )
    second = charts.bar_chart(names, second_series, xlabel="得分率（%）", xmax=100)
    first = None
    if ref is not None:
        first_series = [
            charts.Series(county, [_share(s) for s in base.first]),
            charts.Series(
                f"{peers(words)}中位数",
                [_share_of(ref.first.get(s.name), s.max) for s in base.first],
                charts.MEDIAN_COLOUR,
            ),
        ]
        if ref.tier_total is not None:
            first_series.append(
                charts.Series(
                    f"{ref.tier_name}中位数",
                    [_share_of(ref.tier_first.get(s.name), s.max) for s in base.first],
                    charts.TIER_COLOUR,
                )
            )
        first = charts.bar_chart(
            [s.name for s in base.first], first_series, xlabel="得分率（%）", xmax=100
        )
    return _Figures(trend, second, first)


def _strengths_section(
    document: Any,
    framework: Framework,
    latest: CampaignData,
    words: Wording,
    figures: _Figures,
    numbering: _Numbering,
) -> None:
    r = latest.result
    base = base_levels(framework, r)
    ranked = sorted(base.second, key=lambda s: -_share(s))
    strong = [s for s in ranked if _share(s) >= 80]
    weak = [s for s in ranked if _share(s) < 60]
    text = (
        f"按{latest.year}年的得分率（得分 ÷ 分值）看，{len(base.second)}个二级指标中"
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
        + (f"（与{peers(words)}中位数比较）" if latest.reference else ""),
    )

    _heading(document, "（一）优势指标", 2)
    best = strengths(r, among=base.indicators)
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
    worst = [i for i in weaknesses(r, among=base.indicators) if i.lost >= SAME]
    if not worst:
        docstyle.add_paragraph(document, "各三级指标均得满分，没有失分。")
        return
    total_lost = sum(i.lost for i in base.indicators)
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
        docstyle.set_cell(cells[5], _reasons(ind, words) or ["—"], size=9)


def _reference_section(
    document: Any,
    framework: Framework,
    latest: CampaignData,
    county: str,
    words: Wording,
    figures: _Figures,
    numbering: _Numbering,
) -> None:
    ref = latest.reference
    r = latest.result
    peer = peers(words)
    if ref is None:
        docstyle.add_paragraph(
            document,
            f"{latest.year}年的{cycle(words)}没有设置参照数据（{words.cohort}数据），"
            f"无法与{peer}比较。",
        )
        return
    tier = ref.tier_name or f"本{words.grouping}"
    text = f"参照数据为{ref.year}年的 {ref.counties} 个{words.cohort}"
    if ref.tier_total is not None:
        text += (
            f"（其中{tier} {ref.tier_counties} 个），总分中位数为 {_p(ref.total)} 分，"
            f"{tier}中位数为 {_p(ref.tier_total)} 分。"
        )
    else:
        text += f"，总分中位数为 {_p(ref.total)} 分。"
        if ref.tier_name:
            text += (
                f"参照数据中没有{ref.tier_name}的{words.cohort}{ranked_units(words)}，"
                f"无法与{ref.tier_name}中位数比较。"
            )
    this, short = f"本{words.short}", words.short
    text += f"{this}总分 {_p(r.total)} 分，{_versus(r.total, ref.total, f'{peer}中位数')}。"
    if r.rank is not None:
        text += f"按参照数据估算，{this}在 {ref.ranked} 个{short}中约列第 {r.rank} 位"
        if r.tier_rank is not None and ref.tier_name:
            text += f"，在{ref.tier_name} {ref.tier_ranked} 个{short}中约列第 {r.tier_rank} 位"
        text += f"；部分指标按与其他{short}的比较计分，随{words.cohort}的数据变化，名次只是估计。"
    else:
        text += f"{this}{words.status(r.status)}，不参与排名。"
    above = [s.name for s in r.second_level if s.points - ref.second.get(s.name, s.points) >= SAME]
    below = [s.name for s in r.second_level if ref.second.get(s.name, s.points) - s.points >= SAME]
    text += (
        f"{len(r.second_level)}个二级指标中，高于{peer}中位数的有 {len(above)} 个，"
        f"低于中位数的有 {len(below)} 个"
    )
    text += f"（{'、'.join(below)}）。" if below else "。"
    docstyle.add_paragraph(document, text)

    n = numbering.next_table()
    _caption(document, f"表{n}  {this}与{peer}中位数（分）")
    by_group = grouped(words)
    widths = [5.0, 1.4, 2.0, 2.4, 2.4, 2.4] if by_group else [6.2, 1.6, 2.6, 2.6, 2.6]
    header = ["指标", "分值", county, f"{peer}中位数", f"{tier}中位数", "与中位数之差"]
    if not by_group:
        del header[4]
    table = docstyle.add_table(document, widths, header)
    rows: list[tuple[str, float, float, float | None, float | None, bool]] = [
        ("总分", r.full_marks, r.total, ref.total, ref.tier_total, True)
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
        if not by_group:
            del row[4]
        font = docstyle.HEADING_FONT if strong else docstyle.BODY_FONT
        for k, (cell, value) in enumerate(zip(cells, row, strict=True)):
            docstyle.set_cell(cell, [value], align="left" if k == 0 else "center", font=font)
    if figures.first is not None:
        _picture(
            document,
            figures.first,
            f"图{numbering.next_figure()}  一级指标得分率：{this}与{peer}中位数",
        )


def _notes_section(
    document: Any, framework: Framework, ordered: list[CampaignData], words: Wording
) -> None:
    peer, cohort = peers(words), words.cohort
    lines = [
        f"1. 评价体系：{framework.name}（{framework.version}），满分 {_n(framework.total_points)} 分；"
        "各项得分由系统的计分引擎按评价标准逐条计算，每一分的依据可在系统的自评得分表中查看。",
        f"2. 部分指标按与其他{cohort}的比较计分（功效系数法），比较的基准取自参照数据（{cohort}数据），"
        "得分是估计值：“保底”为这些指标均得保底分时的总分，“上限”为均得满分时的总分。"
        f"{peer}中位数取参照数据中{cohort}{ranked_units(words)}的得分中位数。",
    ]
    for k, c in enumerate(ordered, start=3):
        text = f"{k}. {c.year}年：{c.campaign}，申报状态“{c.status}”，按{c.basis}计分"
        if c.reference is not None:
            text += f"；参照数据为{c.reference.year}年 {c.reference.counties} 个{cohort}"
        else:
            text += f"；未设参照数据，与其他{words.short}比较计分的指标仅按本{words.short}计算"
        if c.unreported:
            shown = "、".join(c.unreported[:10])
            more = f"等 {len(c.unreported)} 项" if len(c.unreported) > 10 else ""
            text += f"；未填报 {len(c.unreported)} 项（{shown}{more}），按不得分计"
        text += "。"
        lines.append(text)
    for line in lines:
        docstyle.add_paragraph(document, line)


__all__ = [
    "TEXT_WIDTH_CM",
    "_Figures",
    "_Numbering",
    "_figures",
    "_heading",
    "_heading_styles",
    "_notes_section",
    "_picture",
    "_reference_section",
    "_strengths_section",
    "_trend_section",
]
