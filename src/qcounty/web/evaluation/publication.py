"""A publication's documents, regenerated from its stored figures by the office writers.

The lists are written from the figures frozen at publication (never from today's data); a
county's score report from the publication's snapshot, which reproduces them exactly.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qcounty.core.wording import wording
from qcounty.office.publication import (
    ListEntry,
    ListMeta,
    write_county_report,
    write_list_docx,
    write_list_xlsx,
)
from qcounty.office.publication_frame import issuer_of
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.figures import medians
from qcounty.web.evaluation.models import Publication
from qcounty.web.evaluation.snapshots import scored

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOLERANCE = 1e-6  # points: a float's noise, far below the 0.01 a list shows
TITLES: dict[str, StrOrPromise] = {  # by Publication.Kind
    Publication.Kind.PROPOSED: _("拟认定名单（公示）"),
    Publication.Kind.FINAL: _("认定名单"),
}


SHANDONG = wording(None)  # the words of lists published before schemes named their own


def _kind(publication: Publication) -> Literal["proposed", "final"]:
    if publication.kind == Publication.Kind.PROPOSED:
        return "proposed"
    if publication.kind == Publication.Kind.FINAL:
        return "final"
    raise ValueError(f"publication {publication.pk}: unknown kind {publication.kind!r}")


def meta(publication: Publication) -> ListMeta:
    data: dict[str, Any] = publication.figures["meta"]
    return ListMeta(
        campaign=data["campaign"],
        evaluation_year=data["evaluation_year"],
        framework_name=data["framework_name"],
        framework_version=data["framework_version"],
        kind=_kind(publication),
        version=publication.version,
        published_on=publication.published_on,
        titles=publication.figures["titles"],
        snapshot_id=data["snapshot_id"],
        snapshot_sha256=data["snapshot_sha256"],
        notice=publication.notice,
        # the scheme's words, as frozen when published (older lists: Shandong's)
        unit=data.get("unit", SHANDONG.unit),
        grouping=data.get("grouping", SHANDONG.grouping),
        publicity=_publicity(data.get("publicity")),
    )


def _publicity(data: dict[str, Any] | None) -> tuple[dt.date, dt.date, int] | None:
    if not data:
        return None
    start, end = dt.date.fromisoformat(data["start"]), dt.date.fromisoformat(data["end"])
    return start, end, int(data["working_days"])


def entries(publication: Publication) -> list[ListEntry]:
    return [
        ListEntry(
            rank=row["rank"],
            city=row["city"],
            county=row["county"],
            tier=row["tier"] or None,
            total=row["total"],
            first_level=[(name, points, most) for name, points, most in row["first_level"]],
            grade=row.get("grade", ""),  # lists published before grades were frozen: none
        )
        for row in publication.figures["selected"]
    ]


def tier_names(publication: Publication) -> dict[int, str]:
    """Return tier number → name ("第二梯队") as frozen in the publication's rows (the names of
    the snapshot's framework)."""
    return {r["tier"]: r["tier_name"] for r in publication.figures["rows"] if r.get("tier_name")}


def base_name(publication: Publication) -> str:
    return gettext("{campaign}{title}第{version}版").format(
        campaign=publication.campaign.name,
        title=TITLES[publication.kind],
        version=publication.version,
    )


def list_document(publication: Publication, fmt: str) -> tuple[bytes, str, str]:
    """Return (content, file name, content type) of the list in Word or Excel."""
    issuer = issuer_of(publication.campaign.framework)
    if fmt == "docx":
        return write_list_docx(meta(publication), entries(publication), issuer=issuer), "docx", DOCX
    content = write_list_xlsx(
        meta(publication),
        entries(publication),
        issuer=issuer,
        tier_names=tier_names(publication),
    )
    return content, "xlsx", XLSX


class ReportMismatch(ValueError):
    """The snapshot, rescored today, no longer gives a county the published total or rank."""


def _rank_text(rank: int | None) -> str:
    return gettext("第 {rank} 名").format(rank=rank) if rank else gettext("不参与排名")


def county_report(publication: Publication, position: int) -> bytes:
    """Return the score report of the county at this position of the snapshot (.docx).

    The report is written from the snapshot rescored by today's engine; it is refused
    (`ReportMismatch`) unless that gives the county the total and rank frozen in the
    publication, so that a report never contradicts the list it accompanies.
    """
    row = next((r for r in publication.figures["rows"] if r["position"] == position), None)
    if row is None:
        raise KeyError(position)
    s = scored(publication.snapshot)
    result = s.score.county(position)
    if not math.isclose(result.total, row["total"], abs_tol=TOLERANCE) or result.rank != (
        row["rank"] or None
    ):
        raise ReportMismatch(
            gettext(
                "按快照重新计算，{county}得 {total} 分、{rank}，与{name}发布的 {listed_total} 分、"
                "{listed_rank}不一致（计分程序可能已经更新）。为免得分报告与名单不符，"
                "不生成报告，请联系系统管理员。"
            ).format(
                county=row["city"] + row["county"],
                total=f"{result.total:.2f}",
                rank=_rank_text(result.rank),
                name=base_name(publication),
                listed_total=f"{row['total']:.2f}",
                listed_rank=_rank_text(row["rank"]),
            )
        )
    cohort, tier_median = medians(s, position)
    selected = {r["position"] for r in publication.figures["selected"]}
    ranked = [r for r in publication.figures["rows"] if r["rank"]]
    return write_county_report(
        meta(publication),
        result,
        cohort,
        tier_median,
        position in selected,
        framework=s.framework,
        issuer=issuer_of(s.framework),
        ranked=len(ranked),
        tier_ranked=sum(1 for r in ranked if r["tier"] == result.tier),
    )


def reports_of(application: Application) -> list[dict[str, Any]]:
    """Return the published lists the application is in, newest first, each with the
    county's frozen figures (its row of the publication): what its score report reports."""
    out = []
    publications = Publication.objects.filter(campaign_id=application.campaign_id).order_by(
        "-published_at", "-id"
    )
    for publication in publications:
        row = next(
            (r for r in publication.figures["rows"] if r["application_id"] == application.pk),
            None,
        )
        if row is not None:
            out.append({"publication": publication, "row": row, "title": TITLES[publication.kind]})
    return out
