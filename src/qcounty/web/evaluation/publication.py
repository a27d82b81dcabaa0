"""A publication's documents, regenerated from its stored figures by the office writers.

The lists are written from the figures frozen at publication (never from today's data); a
county's score report from the publication's snapshot, which reproduces them exactly.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qcounty.office.publication import (
    ListEntry,
    ListMeta,
    write_county_report,
    write_list_docx,
    write_list_xlsx,
)
from qcounty.web.evaluation.figures import medians
from qcounty.web.evaluation.models import Publication
from qcounty.web.evaluation.snapshots import scored

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLES = {Publication.Kind.PROPOSED: _("拟认定名单（公示）"), Publication.Kind.FINAL: _("认定名单")}


def meta(publication: Publication) -> ListMeta:
    data: dict[str, Any] = publication.figures["meta"]
    return ListMeta(
        campaign=data["campaign"],
        evaluation_year=data["evaluation_year"],
        framework_name=data["framework_name"],
        framework_version=data["framework_version"],
        kind=publication.kind,  # type: ignore[arg-type]
        version=publication.version,
        published_on=publication.published_on,
        titles=publication.figures["titles"],
        snapshot_id=data["snapshot_id"],
        snapshot_sha256=data["snapshot_sha256"],
        notice=publication.notice,
    )


def entries(publication: Publication) -> list[ListEntry]:
    return [
        ListEntry(
            rank=row["rank"],
            city=row["city"],
            county=row["county"],
            tier=row["tier"] or None,
            total=row["total"],
            first_level=[(name, points, most) for name, points, most in row["first_level"]],
        )
        for row in publication.figures["selected"]
    ]


def base_name(publication: Publication) -> str:
    return gettext("{campaign}{title}第{version}版").format(
        campaign=publication.campaign.name,
        title=TITLES[publication.kind],
        version=publication.version,
    )


def list_document(publication: Publication, fmt: str) -> tuple[bytes, str, str]:
    """Return (content, file name, content type) of the list in Word or Excel."""
    if fmt == "docx":
        return write_list_docx(meta(publication), entries(publication)), "docx", DOCX
    return write_list_xlsx(meta(publication), entries(publication)), "xlsx", XLSX


def county_report(publication: Publication, position: int) -> bytes:
    """Return the score report of the county at this position of the snapshot (.docx)."""
    s = scored(publication.snapshot)
    result = s.score.county(position)
    cohort, tier_median = medians(s, position)
    selected = {row["position"] for row in publication.figures["selected"]}
    ranked = [row for row in publication.figures["rows"] if row["rank"]]
    tier = result.tier
    return write_county_report(
        meta(publication),
        result,
        cohort,
        tier_median,
        position in selected,
        framework=s.framework,
        ranked=len(ranked),
        tier_ranked=sum(1 for row in ranked if row["tier"] == tier),
    )
