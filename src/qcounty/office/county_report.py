"""The score report the province sends back to a county (评价得分报告), a Word document.

It lays out what the core computed for the county in a frozen cohort snapshot: the overall
result (points, status, ranks, gates, whether it is on the list), its first-level points against
the province's and its tier's medians, every indicator's points and why it lost some, and the
efficacy-coefficient working (group, x_s, x_h, d) of each part. Nothing here computes a point.
The frame it shares with the published lists (metadata, signature, traceability line) is
``publication_frame``'s.
"""

from __future__ import annotations

import math
from typing import Any

from qcounty.core.framework.model import Framework
from qcounty.core.messages import fmt
from qcounty.core.results import CountyResult, IndicatorResult, Status
from qcounty.core.wording import DEFAULT_UNIT, Wording, wording
from qcounty.office import docstyle
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
)
from qcounty.office.score_sheet import _lost, _n
from qcounty.office.words import government, grouped

_CN_DIGITS = "〇一二三四五六七八九"


def write_county_report(
    meta: ListMeta,
    result: CountyResult,
    cohort_median: list[float],
    tier_median: list[float],
    selected: bool,
    *,
    framework: Framework | None = None,
    ranked: int | None = None,
    tier_ranked: int | None = None,
    issuer: str = ISSUER,
) -> bytes:
    """Return the score report the province sends back to a county, as a .docx.

    `cohort_median` and `tier_median` are aligned with `result.first_level`. With the
    `framework`, indicators are grouped under their first level and the tier has its name;
    `ranked` and `tier_ranked` are the numbers of ranked counties, in the province and the tier.
    """
    _check_meta(meta)
    m = len(result.first_level)
    for medians in (cohort_median, tier_median):
        if len(medians) != m:
            raise PublicationError(f"中位数的个数（{len(medians)}）与一级指标的个数（{m}）不一致")
    who = f"{result.city}{result.name}"
    words = wording(framework)
    if selected and result.status is not Status.ELIGIBLE:
        raise PublicationError(f"{who}{words.status(result.status)}，未参与排名，不能列入名单")
    you = "你" + _you(result.name, words)
    # a scheme without comparison groups: no group, no group rank, no group medians
    tier = _tier_name(result.tier, framework) if framework is None or grouped(words) else ""

    title = f"{meta.campaign}\n{who}评价得分报告"
    document = docstyle.new_document(title)
    document.core_properties.title = title.replace("\n", "")
    addressee = f"{who}人民政府" if government(words) else who
    docstyle.add_paragraph(document, f"{addressee}：", indent=False)
    docstyle.add_paragraph(
        document,
        f"根据{meta.campaign}省级评价结果（评价依据{meta.framework_name}，"
        f"{meta.framework_version} 版），现将{you}评价得分情况反馈如下。",
    )

    _heading(document, "一、总体结果")
    facts = _facts(meta, result, selected, tier, (ranked, tier_ranked), words)
    table = docstyle.add_table(document, [4.0, 11.6], ["项目", "结果"])
    for label, text in facts:
        cells = _row(table, [4.0, 11.6])
        docstyle.set_cell(cells[0], [label], align="center")
        docstyle.set_cell(cells[1], text.split("\n"))

    _heading(document, "二、一级指标得分")
    compared = f"全省参评{words.unit}的中位数" + (f"、{tier}的中位数" if tier else "")
    docstyle.add_paragraph(document, f"下表将{you}各一级指标得分与{compared}比较。")
    _medians_table(document, result, (cohort_median, tier_median), you, tier)

    _heading(document, "三、各项指标得分")
    docstyle.add_paragraph(
        document,
        "下表列出每项三级指标的分值、得分和失分原因；按功效系数法计分的指标，"
        "计算所用的比较组、不允许值、满意值和功效系数见第四部分。",
    )
    _indicator_table(document, result, framework)

    _heading(document, "四、功效系数法计算明细")
    _efficacy_table(document, result, you, words.short)

    for line in _lines(meta.notice):
        docstyle.add_paragraph(document, line)
    _signature(document, issuer, meta.published_on)
    _trace(document, meta)
    return docstyle.to_bytes(document)


def _medians_table(
    document: Any,
    result: CountyResult,
    medians: tuple[list[float], list[float]],
    you: str,
    tier: str,
) -> None:
    """Add the first-level points against the province's medians (and the tier's, if any)."""
    cohort_median, tier_median = medians
    by_group = bool(tier)
    widths = [3.4, 1.6, 2.4, 2.6, 2.6, 3.0] if by_group else [4.4, 1.8, 2.8, 3.0, 3.6]
    header = [
        "一级指标",
        "分值",
        f"本{you[1:]}得分",
        "全省中位数",
        *([f"{tier}中位数"] if by_group else []),
        "与全省中位数比较",
    ]
    table = docstyle.add_table(document, widths, header)
    for s, whole, own in zip(result.first_level, cohort_median, tier_median, strict=True):
        cells = _row(table, widths)
        texts = [s.name, _n(s.max), f"{s.points:.2f}", _median(whole)]
        if by_group:
            texts.append(_median(own))
        diff = round(s.points, 2) - round(whole, 2)
        if not math.isfinite(whole):  # no eligible county in the cohort: no median
            texts.append("—")
        else:
            texts.append(f"{diff:+.2f}" if abs(diff) >= 0.005 else "持平")
        for n, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            docstyle.set_cell(cell, [text], align="left" if n == 0 else "center")
    cells = _row(table, widths)
    total_max = result.full_marks
    totals = ["合计", _n(total_max), f"{result.total:.2f}", *["—"] * (len(widths) - 3)]
    for n, text in enumerate(totals):
        docstyle.set_cell(cells[n], [text], align="left" if n == 0 else "center")


def _facts(
    meta: ListMeta,
    result: CountyResult,
    selected: bool,
    tier: str,
    counted: tuple[int | None, int | None],
    words: Wording,
) -> list[tuple[str, str]]:
    ranked, tier_ranked = counted  # ranked units in the province and in the tier
    total_max = result.full_marks
    status = words.status(result.status)
    facts = [
        ("评价得分", f"{result.total:.2f} 分（满分 {_n(total_max)} 分）"),
        ("评价状态", status),
    ]
    if result.grade is not None:  # a scheme with grades: the grade, and why (a forced grade)
        facts.append(("评价等级", "\n".join([result.grade, *(m.render() for m in result.notes)])))
    elif result.notes:  # caps above the indicator, bonus and deduction blocks
        facts.append(("得分说明", "\n".join(m.render() for m in result.notes)))
    if result.rank is None:
        facts.append(("全省排名", f"不参与排名（{status}）"))
    else:
        of = f"（共 {ranked} 个{words.unit}参与排名）" if ranked else ""
        facts.append(("全省排名", f"第 {result.rank} 名{of}"))
    if tier and result.tier_rank is None:  # no tier: a scheme without comparison groups
        facts.append((f"{tier}内排名", "不参与排名"))
    elif tier:
        of = f"（共 {tier_ranked} 个）" if tier_ranked else ""
        facts.append((f"{tier}内排名", f"第 {result.tier_rank} 名{of}"))
    for gate in result.gates:
        if gate.passed:
            facts.append((gate.name, "达标"))
        else:
            failed = [msg.render() for msg in gate.messages if msg.code == "gate.fail"]
            facts.append((gate.name, "\n".join(["不达标", *failed])))
    listed = KIND_ZH[meta.kind].removesuffix("（公示）")
    base = campaign_base(meta.campaign)
    verdict = "列入" if selected else "未列入"
    again = f"（第 {meta.version} 版）" if meta.version > 1 else ""
    facts.append(("名单", f"{verdict}{base}{listed}{again}"))
    return facts


def _indicator_table(document: Any, result: CountyResult, framework: Framework | None) -> None:
    widths = [1.0, 4.6, 1.1, 1.3, 1.1, 6.5]
    header = ["序号", "三级指标", "分值", "得分", "失分", "失分原因"]
    table = docstyle.add_table(document, widths, header)
    by_number = {ind.number: ind for ind in result.indicators}
    if framework is None:
        groups: list[tuple[str, list[IndicatorResult]]] = [("", list(result.indicators))]
    else:
        levels = {s.name: s for s in result.first_level}
        groups = []
        for first in framework.first_level:
            inds = [by_number[i.number] for s in first.second_level for i in s.indicators]
            got = levels[first.name].points
            label = f"{first.name}（{_n(first.points)}分），得 {got:.2f} 分"
            groups.append((label, inds))
    for label, inds in groups:
        if label:
            cells = _row(table, widths)
            merged = cells[0].merge(cells[-1])
            docstyle.set_cell(merged, [label], font=docstyle.HEADING_FONT)
        for ind in inds:
            cells = _row(table, widths)
            texts = [str(ind.number), ind.name, _n(ind.max), f"{ind.points:.2f}"]
            lost = _lost(ind.max, ind.points)
            texts.append(f"{lost:.2f}" if lost else "—")
            for n, text in enumerate(texts):
                docstyle.set_cell(cells[n], [text], align="left" if n == 1 else "center")
            docstyle.set_cell(cells[5], _reasons(ind) if lost else [])


def _reasons(ind: IndicatorResult) -> list[str]:
    """Return why an indicator lost points: its criteria's reasons, then its own notes."""
    lines: list[str] = []
    for c in ind.criteria:
        if _lost(c.max, c.points) <= 0:
            continue
        # the bounds and d of an efficacy part are in the efficacy table
        lines += [m.render() for m in c.messages if m.code not in ("ec.part", "ec.target")]
    return lines + [m.render() for m in ind.notes]


_PART_NOTE = {
    "outside_group": "本{unit}不在比较组内，d 限定在 60–100",
    "missing": "未填报，不进入比较组",
    "below_threshold": "未达到门槛，不得分",
    "zero_raw": "为 0，不得分",
    "zero_base": "基期为 0，按政策计",
    "zero_range": "组内数值全部相同，按政策计",
    "no_group": "比较组为空，按政策计",
    "target": "按目标值计算",
    "no_target": "没有目标值，按 d = 60 估计",
}


def _efficacy_table(document: Any, result: CountyResult, you: str, unit: str) -> None:
    rows = efficacy_rows(result, unit)
    if not rows:
        docstyle.add_paragraph(document, "本次评价没有按功效系数法计分的指标。")
        return
    docstyle.add_paragraph(
        document,
        f"按功效系数法计分的每个数据项：{you}数值 x，比较组及其{unit}数，不允许值 x_s、满意值 x_h，"
        "功效系数 d = 60 + 40 × (x − x_s) / (x_h − x_s)；多项时按权重合计 d 后折算本条得分。",
    )
    widths = [0.9, 2.8, 1.6, 2.6, 1.7, 1.7, 1.4, 1.5, 1.4]
    header = ["序号", "数据项", "x", "比较组", "x_s", "x_h", "d", "权重", "得分"]
    table = docstyle.add_table(document, widths, header, size=SMALL)
    start = len(table.rows)
    for row in rows:
        cells = _row(table, widths)
        for n, text in enumerate(row):
            if text or n not in (0, 8):  # under a merge: left without a run, the merge keeps one
                align = "left" if n in (1, 3) else "center"
                docstyle.set_cell(cells[n], text.split("\n"), size=SMALL, align=align)
    # a criterion of several parts: its points once, over its parts
    grid = docstyle.cell_grid(table)
    n = 0
    while n < len(rows):
        end = n
        while end + 1 < len(rows) and not rows[end + 1][8]:
            end += 1
        if end > n:
            docstyle.merge_block(grid, start + n, 0, start + end, 0)
            docstyle.merge_block(grid, start + n, 8, start + end, 8)
        n = end + 1


def efficacy_rows(result: CountyResult, unit: str = "县") -> list[list[str]]:
    """Return one row per efficacy part: 序号, 数据项, x, 比较组, x_s, x_h, d, 权重, 本条得分.

    The numbers are the core's (``criterion.efficacy``) shown as its explanations show them;
    the label, x and group come from the part's own explanation line. Later parts of a
    criterion leave 序号 and 本条得分 empty (the Word table merges them down).
    """
    rows: list[list[str]] = []
    for ind in result.indicators:
        for c in ind.criteria:
            parts = c.efficacy
            if not parts:
                continue
            lines = [m for m in c.messages if m.code not in ("ec.outside_group", "ec.total")]
            lines = [m for m in lines if m.code.startswith("ec.")]
            if len(lines) != len(parts):
                lines = []
            for k, part in enumerate(parts):
                params = lines[k].params if lines else {}
                label = str(params.get("label", part["value"]))
                x = _shown(params.get("x", "未填报" if part["status"] == "missing" else "—"))
                group = str(params.get("group", "")) or "比较组"
                shown = f"{group}（{part['group_size']} 个）" if part["group_size"] else "—"
                note = _PART_NOTE.get(str(part["status"]), "").format(unit=unit)
                if note and part["status"] in ("missing", "below_threshold", "zero_raw"):
                    shown = note
                elif note:
                    shown = f"{shown}\n{note}"
                rows.append(
                    [
                        str(ind.number) if k == 0 else "",
                        label,
                        x,
                        shown,
                        _shown(part["xs"]),
                        _shown(part["xh"]),
                        _shown(part["d"]),
                        fmt(part["weight"]),
                        f"{c.points:.2f}" if k == 0 else "",
                    ]
                )
    return rows


def _shown(value: float | str | None) -> str:
    """Return a number to 2 places (4 below 1, as the explanations show small numbers)."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
    elif value is None:
        return "—"
    else:
        number = value
    return fmt(number) if abs(number) < 1 else fmt(number, 0)


def _you(name: str, words: Wording) -> str:
    """Return what follows 你 in addressing the unit: 区, 县, 市, or the scheme's unit."""
    if words.unit == DEFAULT_UNIT and name[-1:] in ("区", "县", "市", "旗"):
        return name[-1]
    return words.unit if words.unit == DEFAULT_UNIT else words.short


def _tier_name(tier: int, framework: Framework | None) -> str:
    if framework is not None:
        named = wording(framework).group_names.get(tier)
        if named:
            return named
    if 0 < tier < 10:
        return f"第{_CN_DIGITS[tier]}梯队"
    return f"第{tier}梯队" if tier > 0 else "同梯队"


# --------------------------------------------------------------------------- layout helpers


def _median(x: float) -> str:
    return f"{x:.2f}" if math.isfinite(x) else "—"


def _heading(document: Any, text: str) -> None:
    """Add a first-level heading ("一、…"): 黑体 三号, indented two characters."""
    p = docstyle.add_paragraph(document, text, font=docstyle.HEADING_FONT)
    p.paragraph_format.keep_with_next = True  # never the last line of a page
