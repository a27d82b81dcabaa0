"""The review's statuses and actions, and the inputs each section of an application holds."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import AuditEntry, Section
from qcounty.web.review.sections import (
    Missing,
    Owned,
    department_units,
    missing_inputs,
    owned_inputs,
)

Role = User.Role


S = Section.Status


A = Application.Status


Action = AuditEntry.Action


SUBMITTED_STATES = {S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED}


CHANGES = (Action.VALUE, Action.RECORD_ADDED, Action.RECORD_CHANGED, Action.RECORD_REMOVED)


def action_labels() -> dict[str, str]:
    """Return the label of each named action (translated when called)."""
    return {
        "submit_section": _("提交"),
        "resubmit_section": _("重新提交"),
        "return_section": _("退回"),
        "accept_section": _("接收"),
        "reopen_section": _("重新打开"),
        "submit_application": _("提交至省"),
        "return_application": _("省级退回"),
        "accept_application": _("省级接收"),
        "reopen_application": _("省级重新打开"),
        "grant_extension": _("延期"),
        "accept_value": _("省级核实无误"),
        "correct_value": _("省级更正"),
        "correct_records": _("省级更正记录"),
        "reconcile_scores": _("专家评审认定"),
        "objection_filed": _("收到异议"),
        "objection_checking": _("开始核查异议"),
        "objection_uphold": _("异议成立"),
        "objection_reject": _("异议不成立"),
        "objection_compared": _("异议更正后对比名单"),
        "objection_settled": _("确认异议处理结果"),
        "objection_answered": _("答复异议"),
    }


def inputs_by_section(
    application: Application,
    sections: list[Section],
    units: dict[int, set[str]] | None = None,
) -> dict[int, list[Owned]]:
    """Return section id → its inputs (as review.sections.section_inputs, in one pass;
    `units`: the application's `department_units`, when the caller has them)."""
    units = department_units(application) if units is None else units
    owned = owned_inputs(application.campaign.framework)
    return {
        s.pk: [o for o in owned if o.units & units.get(s.department_id, set())] for s in sections
    }


def missing_by_section(
    application: Application, inputs: dict[int, list[Owned]]
) -> dict[int, list[Missing]]:
    """Return section id → its missing inputs, reading the stored values once."""
    every = {o.spec.key: o for owned in inputs.values() for o in owned}
    missing = {m.key for m in missing_inputs(application, list(every.values()))}
    return {
        pk: [Missing(o.indicator, o.spec.key, o.spec.label) for o in owned if o.spec.key in missing]
        for pk, owned in inputs.items()
    }


def is_overdue(section: Section, today: dt.date) -> bool:
    """Past the department deadline, not submitted or accepted, and no extension covers today."""
    deadline = section.application.campaign.department_deadline
    if section.status in SUBMITTED_STATES or today <= deadline:
        return False
    return section.extended_until is None or today > section.extended_until
