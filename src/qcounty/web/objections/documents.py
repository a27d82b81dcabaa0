"""The objections' documents: the register of a campaign and the reply letter of one objection."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qcounty.core.wording import wording
from qcounty.office.objections import ObjectionRow, Reply, write_register_xlsx, write_reply_docx
from qcounty.office.publication_frame import issuer_of
from qcounty.web.campaigns.models import Campaign
from qcounty.web.objections.models import Objection
from qcounty.web.objections.publicity import today
from qcounty.web.words import words_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def indicator_text(objection: Objection) -> str:
    framework = objection.campaign.framework
    found = next((i for i in framework.indicators() if i.number == objection.indicator), None)
    name = f"{objection.indicator}. {found.name}" if found else str(objection.indicator)
    spec = framework.input_or_none(objection.key) if objection.key else None
    return f"{name}（{spec.label}）" if spec else name


def result_text(objection: Objection) -> str:
    """Return what became of the list after the objection ("" before it was settled)."""
    settlement = objection.settlements.filter(confirmed_at__isnull=False).order_by("-pk").first()
    if settlement is None:
        return ""
    changed = len(settlement.comparison["changed"])
    unit = words_of(objection.campaign).unit
    if settlement.republished is not None:
        return _("数据已更正，{n} 个{unit}得分或排名变化，已重新发布{what}。").format(
            n=changed, unit=unit, what=settlement.republished
        )
    return _("数据已更正，{n} 个{unit}得分或排名变化，拟认定名单及其得分不变。").format(
        n=changed, unit=unit
    )


def county_text(objection: Objection) -> str:
    county = objection.application.county
    return county.city_name + county.name


def register(campaign: Campaign) -> tuple[bytes, str]:
    """Return the campaign's 异议处理登记表 (.xlsx) and its file name."""
    objections = (
        Objection.objects.filter(campaign=campaign)
        .select_related("application__county__parent", "assignee", "campaign")
        .order_by("number")
    )
    rows = [
        ObjectionRow(
            number=o.number,
            received_on=o.received_on,
            channel=o.get_channel_display(),
            objector=o.objector,
            contact=o.contact,
            county=county_text(o),
            indicator=indicator_text(o),
            problem=o.problem,
            state=o.get_state_display(),
            assignee=str(o.assignee or ""),
            deadline=o.deadline,
            finding=o.finding,
            result=result_text(o),
            answer=o.answer,
            answered_on=o.answered_on,
        )
        for o in objections
    ]
    content = write_register_xlsx(
        campaign.name, rows, today(), unit=wording(campaign.framework).unit
    )
    return content, _("{campaign}异议处理登记表.xlsx").format(campaign=campaign.name)


def reply(objection: Objection) -> tuple[bytes, str]:
    """Return the reply letter of an answered objection (.docx) and its file name."""
    assert objection.answered_on is not None  # the view offers it once answered
    content = write_reply_docx(
        Reply(
            campaign=objection.campaign.name,
            number=objection.number,
            objector=objection.objector,
            received_on=objection.received_on,
            channel=objection.get_channel_display(),
            county=county_text(objection),
            indicator=indicator_text(objection),
            problem=objection.problem,
            upheld=bool(objection.upheld),
            finding=objection.finding,
            result=result_text(objection),
            answer=objection.answer,
            answered_on=objection.answered_on,
        ),
        issuer=issuer_of(objection.campaign.framework),
    )
    return content, _("异议第{number}号答复意见.docx").format(number=objection.number)
