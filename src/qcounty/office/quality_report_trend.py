"""The report's trend section: the county's scores year by year, in words, tables and a chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qcounty.core.framework.model import Framework
from qcounty.core.wording import Wording
from qcounty.office import docstyle
from qcounty.office.quality_report_text import (
    SAME,
    _delta,
    _n,
    _p,
    _pct,
    _published_rank,
    _rank_text,
    _second_parents,
    _signed,
    _total_label,
    _years,
    base_levels,
)

if TYPE_CHECKING:
    from qcounty.office.quality_report import CampaignData
from qcounty.office.quality_report_layout import (
    _caption,
    _Figures,
    _Numbering,
    _picture,
    _table_row,
    _widths,
)
from qcounty.office.words import cycle, peers


def _trend_section(
    document: Any,
    framework: Framework,
    ordered: list[CampaignData],
    county: str,
    words: Wording,
    figures: _Figures,
    numbering: _Numbering,
) -> None:
    """Add the trend: the change in words, the scores by year, the chart, the second level."""
    _trend_paragraph(document, ordered, words)
    _scores_table(document, framework, ordered, words, numbering)
    if figures.trend is not None:
        _picture(
            document,
            figures.trend,
            f"图{numbering.next_figure()}  {county}历年{_total_label(ordered)}",
        )
    _second_level_table(document, framework, ordered, numbering)


def _trend_paragraph(document: Any, ordered: list[CampaignData], words: Wording) -> None:
    """Say the totals by year and which first-level indicator rose or fell most."""
    latest = ordered[-1]
    if len(ordered) == 1:
        docstyle.add_paragraph(
            document,
            f"本{words.short}目前只有{latest.year}年一个{cycle(words)}的数据，尚不能分析变化趋势；"
            "以后各期申报后，本节将列出历年得分及其变化。",
        )
        return
    before = ordered[-2]
    moves = []
    for j, s in enumerate(latest.result.first_level):
        old = _node_points(before, "first", j, s.name)
        if old is not None:
            moves.append((s.points - old, s.name))
    text = (
        f"{_years(ordered)}，本{words.short}{_total_label(ordered)}依次为"
        f"{'、'.join(f'{_p(c.result.total)} 分' for c in ordered)}。"
    )
    if moves:
        text += _moves_text(moves, before.year)
    docstyle.add_paragraph(document, text)


def _moves_text(moves: list[tuple[float, str]], year: int) -> str:
    """Return the sentence on the largest rise and fall since the year before."""
    up = max(moves)
    down = min(moves)
    text = ""
    if up[0] >= SAME:
        text += f"与{year}年相比，“{up[1]}”提高最多（{_signed(up[0])} 分）"
        text += "；" if down[0] <= -SAME else "。"
    if down[0] <= -SAME:
        text += f"“{down[1]}”下降最多（{_signed(down[0])} 分）。"
    if up[0] < SAME and down[0] > -SAME:
        text += f"与{year}年相比，各一级指标得分均持平。"
    return text


def _scores_table(
    document: Any,
    framework: Framework,
    ordered: list[CampaignData],
    words: Wording,
    numbering: _Numbering,
) -> None:
    """Add the table of the total and first-level scores by year, ranges, medians and ranks."""
    latest = ordered[-1]
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
    compares: dict[int, list[bool]] = {}  # row → whether each year's node compares
    for j, first in enumerate(latest.result.first_level):
        compares[len(rows)] = [_compares(c, "first", j) for c in ordered]
        values = [_node_points(c, "first", j, first.name) for c in ordered]
        rows.append((first.name, _n(first.max), values, False))
    for k, (label, most, values, strong) in enumerate(rows):
        last = _delta(values) if change else None
        _table_row(
            table,
            widths,
            [
                label,
                most,
                *_texts(values, compares.get(k)),
                *([_signed(last)] if change else []),
            ],
            strong=strong,
        )
    blank = [""] if change else []
    ranges = [f"{_p(c.result.floor)}—{_p(c.result.ceiling)}" for c in ordered]
    _table_row(table, widths, ["保底—上限", "", *ranges, *blank])
    medians = [c.reference.total if c.reference else None for c in ordered]
    last = _delta(medians) if change else None
    _table_row(
        table,
        widths,
        [
            f"{peers(words)}总分中位数",
            "",
            *(_p(m) for m in medians),
            *([_signed(last)] if change else []),
        ],
    )
    ranks = [_rank_text(c, words) for c in ordered]
    _table_row(table, widths, ["估算名次", "", *ranks, *blank])
    if any(c.published for c in ordered):
        totals = [_p(c.published.total) if c.published else "—" for c in ordered]
        _table_row(table, widths, ["省级公布得分", "", *totals, *blank])
        listed = [_published_rank(c.published) for c in ordered]
        _table_row(table, widths, ["省级公布名次", "", *listed, *blank])


def _second_level_table(
    document: Any, framework: Framework, ordered: list[CampaignData], numbering: _Numbering
) -> None:
    """Add the table of the second-level scores by year, first-level cells merged down."""
    latest = ordered[-1]
    base = base_levels(framework, latest.result).second
    change = len(ordered) > 1
    years = [f"{c.year}年" for c in ordered]
    n = numbering.next_table()
    _caption(document, f"表{n}  二级指标历年得分（分）")
    header = ["一级指标", "二级指标", "分值", *years, *(["变化"] if change else ["得分率"])]
    widths = _widths([2.6, 3.6, 1.2], len(years), [1.6])
    table = docstyle.add_table(document, widths, header)
    runs: dict[str, list[int]] = {}
    for row_number, (parent, s) in enumerate(_second_parents(framework, latest.result), start=1):
        j = row_number - 1
        values = [_node_points(c, "second", j, s.name) for c in ordered]
        texts = _texts(values, [_compares(c, "second", j) for c in ordered])
        tail = _signed(_delta(values)) if change else _pct(s)
        tail = tail if change or s in base else "—"  # a block's share means nothing
        first_of_run = parent not in runs
        runs.setdefault(parent, []).append(row_number)
        _table_row(
            table,
            widths,
            [parent if first_of_run else "", s.name, _n(s.max), *texts, tail],
            left=2,
        )
    grid = docstyle.cell_grid(table)
    for numbers in runs.values():
        if len(numbers) > 1:
            docstyle.merge_block(grid, numbers[0], 0, numbers[-1], 0)


def _node_points(c: CampaignData, level: str, j: int, name: str) -> float | None:
    """Return the year's points of the newest scheme's j-th first- or second-level node.

    Through the versions' mapping when the data builder gives it (None where the year's node
    does not compare), else by the node's name (one scheme throughout).
    """
    scores = c.result.first_level if level == "first" else c.result.second_level
    if c.levels is None:
        return next((s.points for s in scores if s.name == name), None)
    at = (c.levels.first if level == "first" else c.levels.second)[j]
    return None if at is None else scores[at].points


def _compares(c: CampaignData, level: str, j: int) -> bool:
    """Return whether the year's node compares with the newest scheme's j-th node."""
    if c.levels is None:
        return True
    return (c.levels.first if level == "first" else c.levels.second)[j] is not None


def _texts(values: list[float | None], compares: list[bool] | None) -> list[str]:
    """Return the cells of a row: the points, or 不可比 for a year whose node does not compare."""
    if compares is None:
        return [_p(v) for v in values]
    return [_p(v) if ok else "不可比" for v, ok in zip(values, compares, strict=True)]
