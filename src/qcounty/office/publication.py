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
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import openpyxl
from docx.oxml import OxmlElement
from docx.shared import Pt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qcounty.core.framework.model import Framework
from qcounty.core.messages import fmt
from qcounty.core.results import STATUS_ZH, CountyResult, IndicatorResult, Status
from qcounty.office import docstyle
from qcounty.office.docstyle import put
from qcounty.office.score_sheet import _lost, _n

ISSUER = "山东省质量强省及品牌战略推进工作领导小组办公室"
BASIS = (
    "《山东省质量强省及品牌战略推进工作领导小组关于印发山东省质量强县（市、区）"
    "创建实施方案的通知》（鲁质强发〔2022〕2号）"
)
KIND_ZH = {"proposed": "拟认定名单（公示）", "final": "认定名单"}
ROUNDING_NOTE = "注：得分和一级指标得分均保留两位小数，个别合计与得分的尾差系四舍五入所致。"
SMALL = 9.0  # 小五: the traceability line and the list's table header

# list table: header, Word width (cm), Excel width; the first-level columns follow
LIST_COLUMNS: list[tuple[str, float, float]] = [
    ("序号", 0.9, 6),
    ("排名", 0.9, 6),
    ("市", 1.5, 10),
    ("县（市、区）", 2.3, 16),
    ("得分", 1.3, 9),
]
LEVEL_WIDTH = (15.6 - sum(c[1] for c in LIST_COLUMNS), 16)  # shared by the level columns
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CN_DIGITS = "〇一二三四五六七八九"


class PublicationError(ValueError):
    """Data a publication cannot be made from; the message is a Chinese sentence."""


@dataclass(frozen=True)
class ListEntry:
    """One county on a published list, with the points the core gave it."""

    rank: int  # overall rank (competition rank, 1, 2, 2, 4)
    city: str
    county: str
    tier: int | None  # city tier (1–3 in Shandong)
    total: float
    first_level: list[tuple[str, float, float]]  # (name, points, max) of the first levels


@dataclass(frozen=True)
class ListMeta:
    """What a published list is: campaign, version, date, and the snapshot it was computed on."""

    campaign: str  # e.g. "2023年山东省质量强县（市、区）创建"
    evaluation_year: int
    framework_name: str
    framework_version: str
    kind: Literal["proposed", "final"]  # proposed: 拟认定名单（公示）; final: 认定名单
    version: int  # publication version: a re-issue never overwrites the old one
    published_on: date
    titles: int  # the campaign's number of titles
    snapshot_id: int
    snapshot_sha256: str  # fingerprint of the frozen cohort
    notice: str = ""  # e.g. the 公示 period and where to send objections


# --------------------------------------------------------------------------- titles and text


def campaign_base(campaign: str) -> str:
    """Return the campaign name without a trailing "创建" (the list is of the title itself)."""
    name = campaign.strip()
    return name[: -len("创建")] if name.endswith("创建") and len(name) > 2 else name


def list_title(meta: ListMeta) -> str:
    """Return "2023年山东省质量强县（市、区）拟认定名单（公示）", "（第2版）" from version 2 on."""
    return "".join(_title_lines(meta))


def chinese_date(day: date) -> str:
    """Return the date as GB/T 9704 writes it: "2026年11月27日"."""
    return f"{day.year}年{day.month}月{day.day}日"


def trace_line(meta: ListMeta) -> str:
    """Return the traceability line: snapshot, first 12 characters of its SHA-256, versions."""
    later = "，此前版本存档备查" if meta.version > 1 else ""
    return (
        f"数据溯源：评价快照 #{meta.snapshot_id}（SHA-256 {meta.snapshot_sha256[:12]}）；"
        f"评价体系 {meta.framework_name}（{meta.framework_version} 版）；"
        f"评价年度 {meta.evaluation_year} 年；本文件第 {meta.version} 版{later}。"
    )


def entries_from_results(results: Sequence[CountyResult]) -> list[ListEntry]:
    """Return list entries for ranked county results, in the order given."""
    out = []
    for r in results:
        if r.rank is None:
            raise PublicationError(
                f"{r.city}{r.name}{STATUS_ZH[r.status]}，未参与排名，不能列入名单"
            )
        levels = [(s.name, s.points, s.max) for s in r.first_level]
        out.append(ListEntry(r.rank, r.city, r.name, r.tier or None, r.total, levels))
    return out


def _title_lines(meta: ListMeta) -> list[str]:
    again = f"（第{meta.version}版）" if meta.version > 1 else ""
    return [campaign_base(meta.campaign), KIND_ZH[meta.kind] + again]


def _opening(meta: ListMeta, entries: list[ListEntry], basis: str) -> str:
    according = f"根据{basis}，" if basis else ""
    named = f"{campaign_base(meta.campaign)}{KIND_ZH[meta.kind].removesuffix('（公示）')}"
    n = len(entries)
    if meta.kind == "proposed":
        text = (
            f"{according}经县（市、区）申报、省级评价，{named}共 {n} 个县（市、区），"
            "按评价得分排序如下，现予以公示。"
        )
    else:
        text = (
            f"{according}经县（市、区）申报、省级评价和公示，{named}共 {n} 个县（市、区），"
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


def _check_meta(meta: ListMeta) -> None:
    if meta.kind not in KIND_ZH:
        raise PublicationError("名单类型只能是拟认定名单（proposed）或认定名单（final）")
    if meta.version < 1:
        raise PublicationError(f"名单版本 {meta.version} 无效：版本从 1 开始")
    if meta.titles < 1:
        raise PublicationError(f"认定名额 {meta.titles} 无效：必须是正整数")
    if not _SHA256.fullmatch(meta.snapshot_sha256.lower()):
        raise PublicationError("数据快照指纹无效：应为 64 位十六进制的 SHA-256")
    if not campaign_base(meta.campaign):
        raise PublicationError("创建周期名称为空，不能生成名单标题")


def _checked(meta: ListMeta, entries: list[ListEntry]) -> list[ListEntry]:
    """Return the entries in rank order (stable) after checking them and the metadata."""
    _check_meta(meta)
    if not entries:
        kind = KIND_ZH[meta.kind]
        raise PublicationError(f"名单为空：没有可列入的县（市、区），不能生成{kind}")
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
            raise PublicationError(f"{who}的一级指标与名单中其他县（市、区）不一致")
    return sorted(entries, key=lambda e: e.rank)


# --------------------------------------------------------------------------- the list


def write_list_docx(
    meta: ListMeta, entries: list[ListEntry], *, issuer: str = ISSUER, basis: str = BASIS
) -> bytes:
    """Return the list as a .docx (A4 portrait, GB/T 9704): title, opening, table, signature."""
    entries = _checked(meta, entries)
    document = docstyle.new_document("\n".join(_title_lines(meta)))
    document.core_properties.title = list_title(meta)
    docstyle.add_paragraph(document, _opening(meta, entries, basis))
    levels = entries[0].first_level
    widths = [c[1] for c in LIST_COLUMNS] + [LEVEL_WIDTH[0] / len(levels)] * len(levels)
    header = [c[0] for c in LIST_COLUMNS] + [
        f"{name}\n（{_n(most)}分）" for name, _, most in levels
    ]
    table = docstyle.add_table(document, widths, header, size=SMALL)
    for n, e in enumerate(entries, start=1):
        cells = _row(table, widths)
        texts = [str(n), str(e.rank), e.city, e.county, f"{e.total:.2f}"]
        texts += [f"{points:.2f}" for _, points, _ in e.first_level]
        for cell, text in zip(cells, texts, strict=True):
            docstyle.set_cell(cell, [text], align="center")
    if _rounding_shows(entries):
        docstyle.add_paragraph(document, ROUNDING_NOTE, size=docstyle.TABLE_SIZE, indent=False)
    for line in _lines(meta.notice):
        docstyle.add_paragraph(document, line)
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
    """
    entries = _checked(meta, entries)
    names = tier_names or {}
    levels = entries[0].first_level
    columns = [(h, w) for h, _, w in LIST_COLUMNS[:4]] + [("梯队", 7.0), ("得分", 9.0)]
    columns += [(f"{name}\n（{_n(most)}分）", LEVEL_WIDTH[1]) for name, _, most in levels]
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
        values: list[Any] = [n, e.rank, e.city, e.county, tier, round(e.total, 2)]
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


def _metadata(meta: ListMeta, issuer: str) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("创建周期", meta.campaign),
        ("名单类型", KIND_ZH[meta.kind]),
        ("版本", meta.version),
        ("发布日期", meta.published_on),
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


# --------------------------------------------------------------------------- the county report


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
    if selected and result.status is not Status.ELIGIBLE:
        raise PublicationError(f"{who}{STATUS_ZH[result.status]}，未参与排名，不能列入名单")
    you = "你" + (
        result.name[-1] if result.name[-1:] in ("区", "县", "市", "旗") else "县（市、区）"
    )
    tier = _tier_name(result.tier, framework)

    title = f"{meta.campaign}\n{who}评价得分报告"
    document = docstyle.new_document(title)
    document.core_properties.title = title.replace("\n", "")
    docstyle.add_paragraph(document, f"{who}人民政府：", indent=False)
    docstyle.add_paragraph(
        document,
        f"根据{meta.campaign}省级评价结果（评价依据{meta.framework_name}，"
        f"{meta.framework_version} 版），现将{you}评价得分情况反馈如下。",
    )

    _heading(document, "一、总体结果")
    facts = _facts(meta, result, selected, tier, ranked, tier_ranked)
    table = docstyle.add_table(document, [4.0, 11.6], ["项目", "结果"])
    for label, text in facts:
        cells = _row(table, [4.0, 11.6])
        docstyle.set_cell(cells[0], [label], align="center")
        docstyle.set_cell(cells[1], text.split("\n"))

    _heading(document, "二、一级指标得分")
    docstyle.add_paragraph(
        document,
        f"下表将{you}各一级指标得分与全省参评县（市、区）的中位数、{tier}的中位数比较。",
    )
    widths = [3.4, 1.6, 2.4, 2.6, 2.6, 3.0]
    header = [
        "一级指标",
        "分值",
        f"本{you[1:]}得分",
        "全省中位数",
        f"{tier}中位数",
        "与全省中位数比较",
    ]
    table = docstyle.add_table(document, widths, header)
    for s, whole, own in zip(result.first_level, cohort_median, tier_median, strict=True):
        cells = _row(table, widths)
        texts = [s.name, _n(s.max), f"{s.points:.2f}", _median(whole), _median(own)]
        diff = round(s.points, 2) - round(whole, 2)
        if not math.isfinite(whole):  # no eligible county in the cohort: no median
            texts.append("—")
        else:
            texts.append(f"{diff:+.2f}" if abs(diff) >= 0.005 else "持平")
        for n, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            docstyle.set_cell(cell, [text], align="left" if n == 0 else "center")
    cells = _row(table, widths)
    total_max = sum(s.max for s in result.first_level)
    for n, text in enumerate(["合计", _n(total_max), f"{result.total:.2f}", "—", "—", "—"]):
        docstyle.set_cell(cells[n], [text], align="left" if n == 0 else "center")

    _heading(document, "三、各项指标得分")
    docstyle.add_paragraph(
        document,
        "下表列出每项三级指标的分值、得分和失分原因；按功效系数法计分的指标，"
        "计算所用的比较组、不允许值、满意值和功效系数见第四部分。",
    )
    _indicator_table(document, result, framework)

    _heading(document, "四、功效系数法计算明细")
    _efficacy_table(document, result, you)

    for line in _lines(meta.notice):
        docstyle.add_paragraph(document, line)
    _signature(document, issuer, meta.published_on)
    _trace(document, meta)
    return docstyle.to_bytes(document)


def _facts(
    meta: ListMeta,
    result: CountyResult,
    selected: bool,
    tier: str,
    ranked: int | None,
    tier_ranked: int | None,
) -> list[tuple[str, str]]:
    total_max = sum(s.max for s in result.first_level)
    status = STATUS_ZH[result.status]
    facts = [
        ("评价得分", f"{result.total:.2f} 分（满分 {_n(total_max)} 分）"),
        ("评价状态", status),
    ]
    if result.rank is None:
        facts.append(("全省排名", f"不参与排名（{status}）"))
    else:
        of = f"（共 {ranked} 个县（市、区）参与排名）" if ranked else ""
        facts.append(("全省排名", f"第 {result.rank} 名{of}"))
    if result.tier_rank is None:
        facts.append((f"{tier}内排名", "不参与排名"))
    else:
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
    "outside_group": "本县不在比较组内，d 限定在 60–100",
    "missing": "未填报，不进入比较组",
    "below_threshold": "未达到门槛，不得分",
    "zero_raw": "为 0，不得分",
    "zero_base": "基期为 0，按政策计",
    "zero_range": "组内数值全部相同，按政策计",
    "no_group": "比较组为空，按政策计",
    "target": "按目标值计算",
    "no_target": "没有目标值，按 d = 60 估计",
}


def _efficacy_table(document: Any, result: CountyResult, you: str) -> None:
    rows = efficacy_rows(result)
    if not rows:
        docstyle.add_paragraph(document, "本次评价没有按功效系数法计分的指标。")
        return
    docstyle.add_paragraph(
        document,
        f"按功效系数法计分的每个数据项：{you}数值 x，比较组及其县数，不允许值 x_s、满意值 x_h，"
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
    n = 0
    while n < len(rows):
        end = n
        while end + 1 < len(rows) and not rows[end + 1][8]:
            end += 1
        docstyle.merge_down(table, 0, start + n, start + end)
        docstyle.merge_down(table, 8, start + n, start + end)
        n = end + 1


def efficacy_rows(result: CountyResult) -> list[list[str]]:
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
                note = _PART_NOTE.get(str(part["status"]), "")
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


def _tier_name(tier: int, framework: Framework | None) -> str:
    if framework is not None:
        for t in framework.tiers:
            if t.tier == tier:
                return t.name
    if 0 < tier < 10:
        return f"第{_CN_DIGITS[tier]}梯队"
    return f"第{tier}梯队" if tier > 0 else "同梯队"


# --------------------------------------------------------------------------- layout helpers


def _median(x: float) -> str:
    return f"{x:.2f}" if math.isfinite(x) else "—"


def _row(table: Any, widths: list[float]) -> list[Any]:
    """Add a table row that a page break never splits; return its cells."""
    cells = docstyle.add_row(table, widths)
    tr_pr = cells[0]._tc.getparent().get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    return cells


def _heading(document: Any, text: str) -> None:
    """Add a first-level heading ("一、…"): 黑体 三号, indented two characters."""
    docstyle.add_paragraph(document, text, font=docstyle.HEADING_FONT)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _width(text: str) -> float:
    """Return the text's width in characters of the body font (Latin letters and digits: ½)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _signature(document: Any, issuer: str, day: date) -> None:
    """Add the issuing body and the date as GB/T 9704 7.3.5.2 places them (no seal)."""
    shown = chinese_date(day)
    body, when = _width(issuer), _width(shown)
    # the date starts two characters right of the body's first character, two from the edge
    body_right = 2.0
    date_right = body_right + body - 2.0 - when
    if date_right < 2.0:  # the date is the longer: it keeps two characters, the body moves left
        body_right += 2.0 - date_right
        date_right = 2.0
    # the last body paragraph, the signature and the trace line stay on one page
    if document.paragraphs and document.paragraphs[-1].text.strip():
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    docstyle.add_paragraph(document, "", indent=False).paragraph_format.keep_with_next = True
    for text, right in ((issuer, body_right), (shown, date_right)):
        p = docstyle.add_paragraph(document, text, indent=False, align="right")
        p.paragraph_format.right_indent = Pt(right * docstyle.BODY_SIZE)
        p.paragraph_format.keep_with_next = True


def _trace(document: Any, meta: ListMeta) -> None:
    p = docstyle.add_paragraph(document, trace_line(meta), size=SMALL, indent=False, align="left")
    p.paragraph_format.space_before = Pt(SMALL)
    p.paragraph_format.keep_together = True
