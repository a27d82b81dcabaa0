"""The numbers of the quality status report, the multi-year view and the leader's dashboard.

Nothing here computes a point: it reads an application's values, asks the core for the county's
result against the campaign's reference cohort (`selfassess.self_assess`, as the live
self-assessment does) and for the reference cohort's own points (`score_cohort`, kept per
campaign and reference version), and hands both to the office writer or a template.

Which values count: the county's own (`reporting.scoring.values_of`) while the application is
with the county; once it is with the province (submitted or accepted) the province's decisions
apply (`adjudication.effective.adjudicated_values`), so a corrected value counts as corrected.

Use from other code:

    scored(application)               → Scored (values, result, reference medians, unreported,
                                        the province's published figures)
    official_of(application)          → Official (published total, rank, list), or None
    reference_score(campaign)         → the reference cohort scored by the core, or None
    county_history(county, user)      → the county's applications the user may see, oldest first
    quality_report(application, user) → (docx bytes, filename); raises ReportError / NoCjkFont
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.cohort import County
from qcounty.core.framework.model import Framework
from qcounty.core.results import CountyResult
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.core.selfassess import self_assess
from qcounty.core.wording import wording
from qcounty.office.quality_report import (
    CampaignData,
    Published,
    Reference,
    reference_levels,
    write_quality_report,
)
from qcounty.web.accounts.models import User
from qcounty.web.caching import Cache
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import access
from qcounty.web.reporting.scoring import (
    county_from_values,
    fingerprint,
    reference_of,
    values_of,
)
from qcounty.web.review.board import readable
from qcounty.web.schemes.library import comparable_to

A = Application.Status
WITH_THE_PROVINCE = (A.SUBMITTED, A.ACCEPTED)
CACHED = 8  # reference cohorts kept scored per process

_scores: Cache[tuple[Any, ...], CohortScore | None] = Cache("reportdata.scores", CACHED)
SCORED_CACHED = 64  # applications' results kept per process (one per state of their values)
_scored: Cache[tuple[Any, ...], tuple[CountyResult, Any]] = Cache(
    "reportdata.scored", SCORED_CACHED
)


@dataclass(frozen=True)
class Official:
    """The county's figures in the newest list the province published with its application."""

    total: float
    rank: int | None  # None: not ranked (ineligible or vetoed)
    name: str  # the list and its version: 拟认定名单（公示）第1版
    published_on: dt.date

    @property
    def rank_text(self) -> str:
        if self.rank:
            return _("第 {rank} 名").format(rank=self.rank)
        return _("不参与排名")

    @property
    def text(self) -> str:
        """Return the figures in words: 省级公布：63.46 分，第 1 名（拟认定名单（公示）第1版）."""
        return _("省级公布：{total} 分，{rank}（{name}）").format(
            total=f"{self.total:.2f}", rank=self.rank_text, name=self.name
        )


def official_of(application: Application) -> Official | None:
    """Return the figures of the newest published list holding the application, if any.

    They are the province's, frozen at publication (`evaluation.publication.reports_of`); the
    cockpit's own figures are estimates against the reference cohort and are shown beside them.
    """
    from qcounty.web.evaluation.publication import reports_of

    found = reports_of(application)
    if not found:
        return None
    newest = found[0]
    publication, row = newest["publication"], newest["row"]
    return Official(
        total=float(row["total"]),
        rank=row["rank"] or None,
        name=_("{title}第{version}版").format(title=newest["title"], version=publication.version),
        published_on=publication.published_on,
    )


@dataclass
class Scored:
    """An application as the core scored it, with what the pages and the report need."""

    application: Application
    values: dict[str, Any]
    county: County
    result: CountyResult
    reference: Reference | None
    unreported: list[str]  # labels of scored inputs without a value
    inputs: int  # scored inputs of the framework
    adjudicated: bool  # the province's decisions applied
    official: Official | None = None  # the province's published figures

    @property
    def basis(self) -> str:
        """Return which values were scored, in words (translated when asked for)."""
        if self.adjudicated:
            return _("省级核实后的数据")
        return _("本%(unit)s填报的数据") % {
            "unit": wording(self.application.campaign.framework).short
        }

    @property
    def total_label(self) -> str:
        """Return what the total is: the county's self-assessment, or the checked values'."""
        return _("核实后得分") if self.adjudicated else _("自评总分")


def province_applies(application: Application) -> bool:
    """Return whether the province's decisions count (the application is with the province)."""
    return application.status in WITH_THE_PROVINCE


def counted_values(application: Application) -> tuple[dict[str, Any], bool]:
    """Return the values that count for the application, and whether the province's apply.

    Every cockpit page scores these (the dashboard, the report, the years, and through `gapdata`
    the gaps, the rank and the what-if), so one application shows one total everywhere.
    """
    if province_applies(application):
        from qcounty.web.adjudication.effective import adjudicated_values

        return adjudicated_values(application), True
    return values_of(application), False


def reference_score(campaign: Campaign) -> CohortScore | None:
    """Return the campaign's reference cohort as the core scores it (once per version)."""
    key = (campaign.pk, campaign.created_at, campaign.reference_version)

    def score() -> CohortScore | None:
        reference = reference_of(campaign)
        if reference is None:
            return None
        return score_cohort(campaign.framework, reference.counties, campaign.evaluation_year)

    return _scores.get_or_set(key, score)


def years_chart(columns: list[Scored]) -> dict[str, Any]:
    """Return the multi-year chart's data: each campaign's first-level points and total."""
    first = columns[0].result.first_level if columns else []
    return {
        "years": [str(c.application.campaign.evaluation_year) for c in columns],
        "levels": [s.name for s in first],
        "most": [s.max for s in first],
        "points": [[round(s.points, 2) for s in c.result.first_level] for c in columns],
        "totals": [round(c.result.total, 2) for c in columns],
    }


def scored(application: Application) -> Scored:
    """Return the application's result against its campaign's reference, and the medians."""
    campaign = application.campaign
    framework = campaign.framework
    values, adjudicated = counted_values(application)
    county = county_from_values(application, values)
    # scored once per state of the values: the dashboard and the years page ask on every load
    key = (
        application.pk,
        campaign.created_at,
        campaign.reference_version,
        campaign.framework_id,
        campaign.framework_version,
        campaign.evaluation_year,
        county.name,
        county.city,
        county.tier,
        fingerprint(values),
    )

    def score() -> tuple[CountyResult, Any]:
        reference = reference_of(campaign)
        if reference is None:
            alone = score_cohort(framework, [county], campaign.evaluation_year).county(0)
            alone.rank = alone.tier_rank = None  # alone, a rank means nothing
            return alone, None
        result = self_assess(framework, county, campaign.evaluation_year, reference)
        cohort = reference_score(campaign)
        return result, (reference_levels(cohort, result) if cohort is not None else None)

    result, levels = _scored.get_or_set(key, score)
    scored_inputs = [x for x in framework.inputs() if not x.informational]
    # a records input answered "none" holds [], not None: reported
    unreported = [x.label for x in scored_inputs if values.get(x.key) is None]
    return Scored(
        application=application,
        values=values,
        county=county,
        result=result,
        reference=levels,
        unreported=unreported,
        inputs=len(scored_inputs),
        adjudicated=adjudicated,
        official=official_of(application),
    )


def county_history(county: Organisation, user: User) -> list[Application]:
    """Return the county's applications the user may see, oldest evaluation year first."""
    rows = access.applications().filter(county=county).order_by("campaign__evaluation_year", "id")
    return [a for a in rows if access.can_view(user, a)]


def campaign_data(s: Scored) -> CampaignData:
    application = s.application
    return CampaignData(
        year=application.campaign.evaluation_year,
        campaign=application.campaign.name,
        status=str(application.get_status_display()),
        result=s.result,
        inputs=s.inputs,
        unreported=s.unreported,
        basis=s.basis,
        reference=s.reference,
        adjudicated=s.adjudicated,
        published=Published(s.official.total, s.official.rank, s.official.name)
        if s.official
        else None,
    )


def quality_report(application: Application, user: User) -> tuple[bytes, str]:
    """Return the county's quality status report up to this application's campaign.

    The earlier campaigns are the county's applications the user may see with an earlier
    evaluation year. Raises `ReportError` (nothing to analyse) or `charts.NoCjkFont`.
    """
    year = application.campaign.evaluation_year
    history = [
        a
        for a in county_history(application.county, user)
        if a.campaign.evaluation_year < year and a.pk != application.pk
    ]
    campaigns = [campaign_data(scored(a)) for a in [*history, application]]
    county = application.county
    city = county.parent.name if county.parent else ""
    content = write_quality_report(
        application.campaign.framework,
        county.name,
        city,
        campaigns,
        generated=timezone.localdate(),
    )
    filename = _("{city}{county}质量发展状况分析报告（{year}年）.docx").format(
        city=city, county=county.name, year=year
    )
    return content, filename


# --------------------------------------------------------------------------- multi-year view


@dataclass
class Cell:
    """One year's value of a line, as users read it."""

    text: str
    delta: float | None = None  # points: change since the year before (None: not comparable)
    changed: bool = False  # differs from the year before

    @property
    def direction(self) -> str:
        if self.delta is None or abs(self.delta) < SAME:
            return ""
        return "up" if self.delta > 0 else "down"


@dataclass
class Line:
    """A line of the multi-year table: a score or an input, one cell per year."""

    kind: str  # heading, total, range, status, rank, first, second, indicator, input
    label: str
    most: str  # the maximum points, for score lines
    cells: list[Cell]
    anchor: str = ""  # the indicator's anchor in the reporting form


SAME = 0.005  # points closer than this show the same at two decimals


def years_lines(columns: list[Scored]) -> list[Line]:
    """Return the lines of the multi-year table: scores, then every input, year by year."""
    if not columns:
        return []
    framework = columns[-1].application.campaign.framework
    # the county's own values give a self-assessment; the province's checked values do not
    labels = list(dict.fromkeys(c.total_label for c in columns))
    lines: list[Line] = [
        _points_line(
            "total", _("／").join(labels), framework.total_points, [c.result.total for c in columns]
        ),
        Line(
            "range",
            _("保底—上限"),
            "",
            [Cell(f"{c.result.floor:.2f}—{c.result.ceiling:.2f}") for c in columns],
        ),
        _text_line(
            "status", _("资格"), [wording(framework).status(c.result.status) for c in columns]
        ),
        _text_line("rank", _("估算名次"), [_rank(c) for c in columns]),
    ]
    if any(c.official for c in columns):
        lines.append(
            _text_line(
                "official",
                _("省级公布"),
                [
                    _("{total} 分，{rank}（{name}）").format(
                        total=f"{c.official.total:.2f}",
                        rank=c.official.rank_text,
                        name=c.official.name,
                    )
                    if c.official
                    else "—"
                    for c in columns
                ],
            )
        )
    lines.append(_heading(_("一级指标")))
    for f in framework.first_level:
        lines.append(
            _points_line(
                "first", f.name, f.points, [_level(c.result.first_level, f.name) for c in columns]
            )
        )
    lines.append(_heading(_("二级指标")))
    for f in framework.first_level:
        for s in f.second_level:
            lines.append(
                _points_line(
                    "second",
                    s.name,
                    s.points,
                    [_level(c.result.second_level, s.name) for c in columns],
                )
            )
    lines.append(_heading(_("各项指标的得分与填报数据")))
    for gate in framework.gates:
        passed = [
            next((g.passed for g in c.result.gates if g.id == gate.id), None) for c in columns
        ]
        texts = ["—" if ok is None else (_("达标") if ok else _("不达标")) for ok in passed]
        line = _text_line("indicator", gate.name, texts)
        line.anchor = "gates"
        lines.append(line)
        for spec in gate.inputs:
            lines.append(_input_line(spec, columns))
    numbers = _comparable_numbers(framework, columns)
    for ind in framework.indicators():
        points = [
            _indicator(c.result, n) if n is not None else None
            for c, n in zip(columns, numbers[ind.number], strict=True)
        ]
        line = _points_line("indicator", f"{ind.number}. {ind.name}", ind.points, points)
        for cell, n in zip(line.cells, numbers[ind.number], strict=True):
            if n is None:
                cell.text = _("不可比")
        if any(n is not None and n != ind.number for n in numbers[ind.number]):
            line.label += _("（往年编号：{numbers}）").format(
                numbers="、".join(str(n) if n is not None else "—" for n in numbers[ind.number])
            )
        line.anchor = f"indicator-{ind.number}"
        lines.append(line)
        for spec in ind.inputs:
            lines.append(_input_line(spec, columns))
    return lines


def scheme_versions(columns: list[Scored]) -> list[str]:
    """Return the scheme versions the years were scored under, oldest first, each once."""
    out = [
        f"{c.application.campaign.framework_id} {c.application.campaign.framework_version}"
        for c in columns
    ]
    return list(dict.fromkeys(out))


def _comparable_numbers(framework: Framework, columns: list[Scored]) -> dict[int, list[int | None]]:
    """Return, per indicator of the newest scheme, each year's comparable indicator number.

    A year scored under another scheme version compares only through the newest version's
    predecessor mapping (a renumbered indicator under its old number); the rest is 不可比.
    """
    out: dict[int, list[int | None]] = {i.number: [] for i in framework.indicators()}
    for c in columns:
        old = c.application.campaign.framework
        if (old.id, old.version) == (framework.id, framework.version):
            seen: dict[int, int | None] = {n: n for n in out}
        else:
            seen = comparable_to(framework, old)
        for n in out:
            out[n].append(seen.get(n))
    return out


def _heading(label: str) -> Line:
    return Line("heading", label, "", [])


def _points_line(kind: str, label: str, most: float, values: list[float | None]) -> Line:
    cells = []
    for k, v in enumerate(values):
        before = values[k - 1] if k else None
        delta = None if v is None or before is None else v - before
        cells.append(
            Cell(
                "—" if v is None else f"{v:.2f}",
                delta,
                delta is not None and abs(delta) >= SAME,
            )
        )
    return Line(kind, label, f"{most:g}", cells)


def _text_line(kind: str, label: str, texts: list[str]) -> Line:
    cells = [Cell(t, changed=k > 0 and t != texts[k - 1]) for k, t in enumerate(texts)]
    return Line(kind, label, "", cells)


def _input_line(spec: Any, columns: list[Scored]) -> Line:
    texts = [
        _("未填报") if c.values.get(spec.key) is None else readable(spec, c.values.get(spec.key))
        for c in columns
    ]
    return _text_line("input", spec.label, texts)


def _level(levels: list[Any], name: str) -> float | None:
    return next((s.points for s in levels if s.name == name), None)


def _indicator(result: CountyResult, number: int) -> float | None:
    return next((i.points for i in result.indicators if i.number == number), None)


def _rank(s: Scored) -> str:
    if s.result.rank is None or s.reference is None:
        return "—"
    return f"{s.result.rank}/{s.reference.ranked}"
