"""The words and numbers of the county quality status report, as it writes them.

The summary (``summary_paragraphs``), the strongest and weakest indicators (``strengths``,
``weaknesses``), what a table cell says (the totals' label, a rank, why points were lost) and the
formatting of points, shares and changes. Everything is built from the numbers the caller passes
(the core's results): nothing here scores. The document itself is ``quality_report``'s, its
sections ``quality_report_sections``'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qcounty.core.framework.model import Framework
from qcounty.core.framework.structure import Block
from qcounty.core.results import CountyResult, IndicatorResult, LevelScore, Status
from qcounty.core.wording import Wording, wording
from qcounty.office.words import peers

if TYPE_CHECKING:
    from qcounty.office.quality_report import CampaignData, Published

TOP = 5  # indicators listed as strengths and as weaknesses
SAME = 0.005  # points closer than this show as equal at two decimals


@dataclass(frozen=True)
class BaseLevels:
    """A result's nodes within the base full marks: no bonus or deduction block, whose shares
    of their points say nothing of strength or weakness."""

    first: list[LevelScore]
    second: list[LevelScore]
    indicators: list[IndicatorResult]


def base_levels(framework: Framework, result: CountyResult) -> BaseLevels:
    """Return the result's first- and second-level nodes and indicators outside any block."""
    blocks = [f for f in framework.first_level if f.block != Block.BASE]
    firsts = {f.name for f in blocks}
    seconds = {s.name for f in blocks for s in f.second_level}
    numbers = {i.number for f in blocks for s in f.second_level for i in s.indicators}
    return BaseLevels(
        [s for s in result.first_level if s.name not in firsts],
        [s for s in result.second_level if s.name not in seconds],
        [i for i in result.indicators if i.number not in numbers],
    )


def summary_paragraphs(
    framework: Framework, county: str, city: str, campaigns: Sequence[CampaignData]
) -> list[str]:
    """Return the summary: each sentence built from the campaigns' numbers."""
    words = wording(framework)
    ordered = sorted(campaigns, key=lambda c: c.year)
    latest = ordered[-1]
    r = latest.result
    label = "核实后得分" if latest.adjudicated else "自评得分"
    first = f"{latest.year}年，{city}{county}{label} {_p(r.total)} 分（满分 {_n(framework.total_points)} 分）"
    if r.grade is not None:
        first += f"，等级为{r.grade}"
    if r.ceiling - r.floor >= SAME:
        first += (
            f"，部分指标按与其他{words.short}的比较计分，"
            f"得分可能在 {_p(r.floor)}—{_p(r.ceiling)} 分之间"
        )
    if len(ordered) > 1:
        before = ordered[-2]
        first += f"，{_change(r.total, before.result.total, f'{before.year}年')}"
    first += "。"
    if r.status is not Status.ELIGIBLE:
        failed = "；".join(g.name for g in r.gates if not g.passed)
        first += f"{failed}不达标（{words.status(r.status)}），不参与排名。"
    if latest.published is not None:
        first += (
            f"省级公布：{latest.published.text}；本报告的得分和名次是按参照数据的估算，"
            "以省级公布的为准。"
        )
    # how bonus and deduction blocks made the total, in the core's words (the grade is said above)
    first += "".join(m.render() for m in r.notes if not m.code.startswith("grade."))
    base = base_levels(framework, r)
    out = [first, _levels_sentence(base)]
    ref = latest.reference
    if ref is not None:
        text = (
            f"与参照数据中的 {ref.counties} 个{words.cohort}相比，"
            f"总分{_versus(r.total, ref.total, f'{peers(words)}中位数')}"
        )
        if ref.tier_total is not None:
            text += f"，{_versus(r.total, ref.tier_total, f'{ref.tier_name}中位数')}"
        text += "。"
        if r.rank is not None:
            text += f"按参照数据估算，在 {ref.ranked} 个{words.short}中约列第 {r.rank} 位"
            if r.tier_rank is not None and ref.tier_name:
                text += (
                    f"，在{ref.tier_name} {ref.tier_ranked} 个{words.short}中"
                    f"约列第 {r.tier_rank} 位"
                )
            text += "。"
        out.append(text)
    lost = sorted((i for i in base.indicators if i.lost >= SAME), key=lambda i: (-i.lost, i.number))
    if lost:
        seconds = {
            i.number: s.name
            for f in framework.first_level
            for s in f.second_level
            for i in s.indicators
        }
        names = "、".join(
            f"第{i.number}项（{seconds.get(i.number, '')}，失 {_p(i.lost)} 分）" for i in lost[:3]
        )
        out.append(
            f"失分最多的是{names}；全部指标共失 "
            f"{_p(framework.total_points - (r.total if r.base is None else r.base))} 分，"
            "失分较多的指标是下一步提升的重点。"
        )
    if latest.unreported:
        out.append(
            f"本期尚有 {len(latest.unreported)} 项数据未填报（共 {latest.inputs} 项），"
            "未填报的数据按不得分计，以上分析据已填报的数据作出。"
        )
    return out


def _levels_sentence(base: BaseLevels) -> str:
    """Return which first- and second-level nodes score the highest and lowest share (a level
    of one node is compared with nothing: its sentence says how it scored)."""
    best1, worst1 = _extremes(base.first)
    best2, worst2 = _extremes(base.second)
    if len(base.first) > 1:
        first = (
            f"{len(base.first)}个一级指标中，“{best1.name}”得分率最高"
            f"（{_p(best1.points)}/{_n(best1.max)} 分，{_pct(best1)}），"
            f"“{worst1.name}”最低（{_p(worst1.points)}/{_n(worst1.max)} 分，{_pct(worst1)}）"
        )
    else:
        first = (
            f"一级指标“{best1.name}”得分率 {_pct(best1)}（{_p(best1.points)}/{_n(best1.max)} 分）"
        )
    if len(base.second) > 1:
        second = (
            f"{len(base.second)}个二级指标中，“{best2.name}”得分率最高（{_pct(best2)}），"
            f"“{worst2.name}”最低（{_pct(worst2)}）"
        )
    else:
        second = f"二级指标“{best2.name}”得分率 {_pct(best2)}"
    return f"{first}；{second}。"


def strengths(
    result: CountyResult, n: int = TOP, among: Sequence[IndicatorResult] | None = None
) -> list[IndicatorResult]:
    """Return the n indicators with the highest share of their maximum (larger ones first),
    of `among` if given (the base's: `base_levels`)."""
    pool = result.indicators if among is None else among
    return sorted(pool, key=lambda i: (-i.points / i.max, -i.max, i.number))[:n]


def weaknesses(
    result: CountyResult, n: int = TOP, among: Sequence[IndicatorResult] | None = None
) -> list[IndicatorResult]:
    """Return the n indicators with the lowest share of their maximum (most points lost first),
    of `among` if given."""
    pool = result.indicators if among is None else among
    return sorted(pool, key=lambda i: (i.points / i.max, -i.lost, i.number))[:n]


# --------------------------------------------------------------------------- cell texts


def _total_label(campaigns: Sequence[CampaignData]) -> str:
    """Return what the totals are: 自评总分, 核实后得分, or both when the campaigns differ."""
    return "／".join(dict.fromkeys(c.total_label for c in campaigns))


def _published_rank(published: Published | None) -> str:
    if published is None:
        return "—"
    return f"第 {published.rank} 名" if published.rank else "不参与排名"


def _rank_text(c: CampaignData, words: Wording) -> str:
    """Return "rank/of" of the estimate, or why there is none."""
    if c.result.status is not Status.ELIGIBLE:
        return words.status(c.result.status)
    if c.result.rank is None or c.reference is None:
        return "—"
    return f"{c.result.rank}/{c.reference.ranked}"


def _second_parents(framework: Framework, result: CountyResult) -> list[tuple[str, LevelScore]]:
    """Return (first-level name, second-level score) in the result's order."""
    parents = {s.name: f.name for f in framework.first_level for s in f.second_level}
    return [(parents.get(s.name, ""), s) for s in result.second_level]


def _reasons(ind: IndicatorResult, words: Wording) -> list[str]:
    """Return why points were lost: the core's explanation of each criterion that lost some."""
    out: list[str] = []
    for c in ind.criteria:
        if c.max - c.points < SAME:
            continue
        if c.floor is not None and c.ceiling is not None:
            lines = [
                m.render()
                for m in c.messages
                if m.code not in ("ec.part", "ec.total", "ec.target", "cap.criterion")
            ]
            lines.append(
                f"按与其他{words.short}的比较估计得 {_p(c.points)} 分"
                f"（可能在 {_p(c.floor)}—{_p(c.ceiling)} 分之间）"
            )
        else:
            lines = [m.render() for m in c.messages if m.code != "cond.true"]
        out += lines
    out += [m.render() for m in ind.notes]
    return out


# --------------------------------------------------------------------------- text helpers


def _years(ordered: Sequence[CampaignData]) -> str:
    years = [f"{c.year}年" for c in ordered]
    return "、".join(years)


def _extremes(levels: list[LevelScore]) -> tuple[LevelScore, LevelScore]:
    best = max(levels, key=lambda s: _share(s))
    worst = min(levels, key=lambda s: _share(s))
    return best, worst


def _share(s: LevelScore | IndicatorResult) -> float:
    return 100.0 * s.points / s.max if s.max else 0.0


def _share_of(points: float | None, most: float) -> float | None:
    return None if points is None or not most else 100.0 * points / most


def _pct(s: LevelScore | IndicatorResult) -> str:
    return f"{_share(s):.1f}%"


def _p(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _delta(values: Sequence[float | None]) -> float | None:
    """Return the last value minus the one before it (None when either is missing)."""
    if len(values) < 2:
        return None
    now, before = values[-1], values[-2]
    return None if now is None or before is None else now - before


def _signed(x: float | None) -> str:
    if x is None:
        return "—"
    if abs(x) < SAME:
        return "0.00"
    return f"{x:+.2f}"


def _change(now: float, before: float, when: str) -> str:
    delta = now - before
    if abs(delta) < SAME:
        return f"与{when}的 {_p(before)} 分持平"
    word = "提高" if delta > 0 else "下降"
    return f"比{when}的 {_p(before)} 分{word} {_p(abs(delta))} 分"


def _versus(points: float, median: float, what: str) -> str:
    delta = points - median
    if abs(delta) < SAME:
        return f"与{what}（{_p(median)} 分）持平"
    word = "高于" if delta > 0 else "低于"
    return f"{word}{what}（{_p(median)} 分）{_p(abs(delta))} 分"
