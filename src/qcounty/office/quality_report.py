"""The county quality status report (县域质量发展状况分析报告), a Word document.

Item 27 of the Shandong scheme asks a county to analyse its quality development regularly, write
it up and publish it. This writer drafts that report from the engine's results, for the office
to edit and publish: a title; a summary built from the numbers (total and its floor–ceiling,
the change since the last campaign, the strongest and weakest first- and second-level
indicators, the position against the reference cohort, the indicators losing most points);
the scores of every campaign with a table and a line chart; strengths and weaknesses by
indicator (share of the maximum); the comparison with the reference cohort's medians; and how
the numbers were obtained.

Every number comes from the caller: `CountyResult` per campaign (the core's self-assessment)
and the reference cohort's medians (the core's points of the reference counties). The writer
sorts, subtracts and formats; it scores nothing. The document is real paragraphs and tables in
the GB/T 9704 look of `docstyle`, with the charts as pictures between them, so it stays editable
in Word and WPS.

Without data (no campaign, or nothing reported in the latest one) `ReportError` lists what is
missing; without a CJK font for the charts `charts.NoCjkFont` says so. No empty or
half-drawn document is ever returned.

The summary and the other sentences are built in ``quality_report_text``, the sections, tables
and charts laid out in ``quality_report_sections``; their public names are re-exported here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from qcounty.core.framework.lineage import Levels
from qcounty.core.framework.model import Framework
from qcounty.core.results import CountyResult, Status
from qcounty.core.scoring import CohortScore
from qcounty.core.wording import Wording, wording
from qcounty.office import docstyle
from qcounty.office.quality_report_sections import (
    TEXT_WIDTH_CM,
    _figures,
    _heading,
    _heading_styles,
    _notes_section,
    _Numbering,
    _reference_section,
    _strengths_section,
    _trend_section,
)
from qcounty.office.quality_report_text import (
    SAME,
    TOP,
    _p,
    _years,
    strengths,
    summary_paragraphs,
    weaknesses,
)
from qcounty.office.words import cycle, grouped, peers, system_name

__all__ = [
    "SAME",
    "TEXT_WIDTH_CM",
    "TOP",
    "CampaignData",
    "Published",
    "Reference",
    "ReportError",
    "check_report_data",
    "reference_levels",
    "report_title",
    "strengths",
    "summary_paragraphs",
    "weaknesses",
    "write_quality_report",
]


class ReportError(Exception):
    """The data cannot make a report; `problems` say what is missing, in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass(frozen=True)
class Reference:
    """A campaign's reference cohort as the core scored it (medians of its eligible counties)."""

    year: int
    counties: int  # eligible counties of the reference: the group of the medians
    tier_name: str  # the county's group (第二梯队, 食品制造业), "" when it has none
    tier_counties: int  # of them, in the county's tier
    total: float  # median total
    tier_total: float | None  # None: no eligible county in the tier
    first: dict[str, float]  # first-level name → median points
    tier_first: dict[str, float]
    second: dict[str, float]  # second-level name → median points
    tier_second: dict[str, float]
    ranked: int  # counties ranked in the county's estimated rank (with the county)
    tier_ranked: int


@dataclass(frozen=True)
class Published:
    """The county's figures in a list the province published (frozen at publication)."""

    total: float
    rank: int | None  # None: not ranked
    name: str  # the list and its version: 拟认定名单（公示）第1版

    @property
    def text(self) -> str:
        """Return 63.46 分，第 1 名（拟认定名单（公示）第1版）."""
        rank = f"第 {self.rank} 名" if self.rank else "不参与排名"
        return f"{_p(self.total)} 分，{rank}（{self.name}）"


@dataclass(frozen=True)
class CampaignData:
    """One campaign's application of the county, as the core scored it."""

    year: int  # evaluation year
    campaign: str
    status: str  # the application's state as users read it (省级已接收)
    result: CountyResult
    inputs: int  # inputs of the framework
    unreported: list[str] = field(default_factory=list)  # labels of inputs without a value
    basis: str = "本县填报的数据"  # whose values were scored
    reference: Reference | None = None
    adjudicated: bool = False  # the province's checked values: not a self-assessment
    published: Published | None = None  # the province's published figures, if any
    # which of its first- and second-level nodes compare with the newest scheme's (versions'
    # mapping); None: the same scheme throughout, nodes matched by name
    levels: Levels | None = None

    @property
    def total_label(self) -> str:
        return "核实后得分" if self.adjudicated else "自评总分"


def reference_levels(score: CohortScore, county: CountyResult) -> Reference | None:
    """Return the medians of the reference's eligible counties, as the core computes them.

    `score` is the reference cohort scored by the core (`score_cohort`), `county` the county's
    self-assessed result against it. The medians are the core's (`CohortScore.medians`), as on
    the province's evaluation pages: over the eligible counties (the comparison group of the
    efficacy coefficient), and the tier's over those of the county's tier. The county's own entry
    in the reference, if it has one, is counted in the medians but not twice in the number of
    counties its rank is among. None when the reference has no eligible county; when the
    county's tier has none, no tier medians (`tier_total` None, the dicts empty: the report says
    so in words).
    """
    framework = score.framework
    overall = score.medians()
    if not overall.counties:
        return None
    words = wording(framework)
    tier = score.medians(tier=county.tier)
    if not grouped(words):  # a scheme without groups: no group medians, nothing said of them
        tier = dataclasses.replace(tier, counties=0)
    first_names = [f.name for f in framework.first_level]
    second_names = [s.name for f in framework.first_level for s in f.second_level]

    def named(names: list[str], values: list[float], counties: int) -> dict[str, float]:
        return dict(zip(names, values, strict=True)) if counties else {}

    eligible = score.status == Status.ELIGIBLE.value
    itself = np.array([(c.city, c.name) == (county.city, county.name) for c in score.counties])
    tiers = np.array([c.tier for c in score.counties])
    joined = 1 if county.status is Status.ELIGIBLE else 0
    if words.by_tier:
        tier_name = next((t.name for t in framework.tiers if t.tier == county.tier), "")
    else:
        tier_name = words.group(county.tier)
    return Reference(
        year=score.table.year,
        counties=overall.counties,
        tier_name=tier_name,
        tier_counties=tier.counties,
        total=overall.total,
        tier_total=tier.total if tier.counties else None,
        first=named(first_names, overall.first, overall.counties),
        tier_first=named(first_names, tier.first, tier.counties),
        second=named(second_names, overall.second, overall.counties),
        tier_second=named(second_names, tier.second, tier.counties),
        ranked=int((eligible & ~itself).sum()) + joined,
        tier_ranked=int((eligible & (tiers == county.tier) & ~itself).sum()) + joined
        if grouped(words)
        else 0,
    )


# --------------------------------------------------------------------------- checks


def check_report_data(campaigns: Sequence[CampaignData], words: Wording | None = None) -> list[str]:
    """Return what is missing for a report (empty when a report can be written)."""
    words = words or wording(None)
    if not campaigns:
        return [f"本{words.short}还没有任何{cycle(words)}的申报，没有可分析的数据。"]
    latest = max(campaigns, key=lambda c: c.year)
    if latest.inputs and len(latest.unreported) >= latest.inputs:
        return [
            f"{latest.year}年申报（{latest.campaign}）尚未填报任何数据："
            f"全部 {latest.inputs} 项均未填报，请先填报后再生成报告。"
        ]
    return []


# --------------------------------------------------------------------------- public


def write_quality_report(
    framework: Framework,
    county: str,
    city: str,
    campaigns: Sequence[CampaignData],
    *,
    generated: date,
) -> bytes:
    """Return the county quality status report as .docx bytes, or raise ReportError."""
    words = wording(framework)
    problems = check_report_data(campaigns, words)
    if problems:
        raise ReportError(problems)
    ordered = sorted(campaigns, key=lambda c: c.year)
    latest = ordered[-1]
    figures = _figures(ordered, county, framework, words)  # drawn first: no font, no document

    document = docstyle.new_document(report_title(county, city))
    _heading_styles(document)
    docstyle.add_paragraph(document, f"（{latest.year}年）", indent=False, align="center")
    docstyle.add_paragraph(
        document,
        f"本报告依据《{framework.name}》（{framework.version}），"
        f"由{system_name(words)}根据{_years(ordered)}的申报数据"
        f"于{generated.year}年{generated.month}月{generated.day}日生成，"
        "发布前请核实、修改。",
        size=12,
        indent=False,
    )
    numbering = _Numbering()

    _heading(document, "一、总体情况", 1)
    for text in summary_paragraphs(framework, county, city, ordered):
        docstyle.add_paragraph(document, text)

    _heading(document, "二、得分及变化趋势", 1)
    _trend_section(document, framework, ordered, county, words, figures, numbering)

    _heading(document, "三、优势与短板", 1)
    _strengths_section(document, framework, latest, words, figures, numbering)

    _heading(document, f"四、与{peers(words)}比较", 1)
    _reference_section(document, framework, latest, county, words, figures, numbering)

    _heading(document, "五、数据说明", 1)
    _notes_section(document, framework, ordered, words)
    return docstyle.to_bytes(document)


def report_title(county: str, city: str) -> str:
    return f"{city}{county}质量发展状况分析报告"
