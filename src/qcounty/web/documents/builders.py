"""Build an application's documents from its data; every number comes from qcounty.core.

The slow ones (the Word documents, the evidence package, the quality status report) are built by the worker
(`jobs.run_job`); the views call the quick ones (the Excel files) directly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, BinaryIO, cast

from django.utils import timezone

from qcounty.core.wording import wording
from qcounty.office.annex2 import annex2_docx, form_label
from qcounty.office.package import PackageFile, evidence_package
from qcounty.office.score_sheet import score_sheet_docx
from qcounty.office.words import counties
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import reportdata
from qcounty.web.documents.data import departments_by_unit, values_of
from qcounty.web.documents.models import DocumentJob
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting.scoring import assess

Kind = DocumentJob.Kind
Progress = Callable[[int, int], None]  # (steps done, steps in all)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
CONTENT_TYPES: dict[str, str] = {  # by DocumentJob.Kind
    Kind.ANNEX2_DOCX: DOCX,
    Kind.SCORE_SHEET_DOCX: DOCX,
    Kind.PACKAGE: ZIP,
    Kind.QUALITY_REPORT: DOCX,
}


def annex2_args(application: Application) -> tuple[Any, ...]:
    """Return the arguments of the Annex 2 writers for the application."""
    county = application.county
    return (
        application.campaign.framework,
        county.name,
        county.city_name,
        application.campaign.evaluation_year,
        values_of(application),
    )


def score_sheet_args(application: Application) -> tuple[Any, ...]:
    """Return the arguments of the score sheet writers for the application."""
    return (application.campaign.framework, assess(application), departments_by_unit(application))


def annex2_name(application: Application) -> str:
    """Return the form's file name: the seed's "附件2" only for a scheme with that form."""
    label = form_label(application.campaign.framework)
    return "-".join(filter(None, [application.county.name, label, "重要指标"]))


def score_sheet_name(application: Application) -> str:
    """Return the score sheet's file name after its title: the seed's 工作任务分解表 for counties."""
    if counties(wording(application.campaign.framework)):
        return f"{application.county.name}-工作任务分解表-自评得分"
    return f"{application.county.name}-自评得分表"


def package_files(application: Application) -> list[PackageFile]:
    """Return the application's evidence files as the package writer reads them."""
    second_of = {
        i.number: s.name
        for f in application.campaign.framework.first_level
        for s in f.second_level
        for i in s.indicators
    }
    rows = Evidence.objects.filter(application=application).select_related("uploaded_by", "record")
    return [
        PackageFile(
            indicator=e.indicator,
            folder_name=f"{e.indicator}-{second_of.get(e.indicator, '')}",
            file_name=e.original_name,
            sha256=e.sha256,
            size=e.size,
            uploaded_by=str(e.uploaded_by or ""),
            # local time, as the county knows it (the index shows its wall-clock minute)
            uploaded_at=timezone.localtime(e.uploaded_at).isoformat(timespec="seconds"),
            record=f"#{e.record_id}" if e.record_id else "",
            open=_opener(e),
        )
        for e in rows
    ]


def _opener(evidence: Evidence) -> Callable[[], BinaryIO]:
    """Return a function that opens the evidence's stored file for reading."""

    def open_() -> BinaryIO:
        # a stored file opened "rb" reads bytes: the binary stream the package writer expects
        return cast(BinaryIO, evidence.file.open("rb"))

    return open_


def _annex2(application: Application, user: User, out: BinaryIO, progress: Progress) -> str:
    progress(0, 2)
    args = annex2_args(application)
    progress(1, 2)
    out.write(annex2_docx(*args))
    return f"{annex2_name(application)}.docx"


def _score_sheet(application: Application, user: User, out: BinaryIO, progress: Progress) -> str:
    progress(0, 2)
    args = score_sheet_args(application)  # the assessment: half of the time
    progress(1, 2)
    out.write(score_sheet_docx(*args))
    return f"{score_sheet_name(application)}.docx"


def _package(application: Application, user: User, out: BinaryIO, progress: Progress) -> str:
    files = package_files(application)
    total = len(files) + 1  # each file, then the index and the manifest
    progress(0, total)

    def counted(f: PackageFile, n: int) -> PackageFile:
        def open_() -> BinaryIO:
            progress(n, total)  # the writer opens the files one by one, in order
            return f.open()

        return dataclasses.replace(f, open=open_)

    files = [counted(f, n) for n, f in enumerate(files)]
    evidence_package(application.county.name, application.campaign.name, files, out)
    return f"{application.county.name}-佐证材料.zip"


def _quality_report(application: Application, user: User, out: BinaryIO, progress: Progress) -> str:
    """The county's quality status report, as the user may see the county's applications."""
    progress(0, 1)
    content, file_name = reportdata.quality_report(application, user)
    out.write(content)
    return file_name


BUILDERS: dict[str, Callable[[Application, User, BinaryIO, Progress], str]] = {
    Kind.ANNEX2_DOCX: _annex2,
    Kind.SCORE_SHEET_DOCX: _score_sheet,
    Kind.PACKAGE: _package,
    Kind.QUALITY_REPORT: _quality_report,
}


def build(
    kind: str, application: Application, user: User, out: BinaryIO, progress: Progress
) -> str:
    """Write the document of this kind to `out`; return its file name for the download."""
    return BUILDERS[kind](application, user, out, progress)
