"""The frame every publication shares: its metadata, the checks on it, the signature and trace.

A published list (``publication``) and a county's score report (``county_report``) are both
GB/T 9704 documents laid out from a frozen cohort snapshot. What they share lives here:
`ListMeta` (campaign, version, date, snapshot) and `PublicationError`; the campaign's name, the
date and the traceability line as the documents write them; the check of the metadata; and the
layout around the body: table rows a page break never splits, the signature (GB/T 9704
7.3.5.2, 不加盖印章) and the small-type line naming the snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from docx.shared import Pt

from qcounty.core.framework.model import Framework
from qcounty.office import docstyle

ISSUER = "山东省质量强省及品牌战略推进工作领导小组办公室"


def issuer_of(framework: Framework | None) -> str:
    """Return who signs the province's documents: the office of the scheme's provider."""
    if framework is None:
        return ISSUER
    provider = framework.provider.strip()
    return provider if provider.endswith("办公室") else f"{provider}办公室"


KIND_ZH = {"proposed": "拟认定名单（公示）", "final": "认定名单"}
SMALL = 9.0  # 小五: the traceability line and the list's table header
_SHA256 = re.compile(r"[0-9a-f]{64}")


class PublicationError(ValueError):
    """Data a publication cannot be made from; the message is a Chinese sentence."""


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
    unit: str = "县（市、区）"  # what the scheme evaluates, as it names it (the list's column)
    grouping: str = "梯队"  # what its comparison groups are called (the list's column)
    publicity: tuple[date, date, int] | None = None  # the 公示 period: first, last, working days


def publicity_text(meta: ListMeta) -> str:
    """Return the 公示 period as the list states it ("" without one)."""
    if meta.publicity is None:
        return ""
    start, end, days = meta.publicity
    return f"{chinese_date(start)}至{chinese_date(end)}（{days}个工作日）"


# --------------------------------------------------------------------------- titles and text


def campaign_base(campaign: str) -> str:
    """Return the campaign name without a trailing "创建" (the list is of the title itself)."""
    name = campaign.strip()
    return name[: -len("创建")] if name.endswith("创建") and len(name) > 2 else name


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


# --------------------------------------------------------------------------- layout helpers


def _row(table: Any, widths: list[float]) -> list[Any]:
    """Add a table row that a page break never splits; return its cells."""
    return docstyle.add_row(table, widths)


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
