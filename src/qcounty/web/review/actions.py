"""The review workflow: every state change is a named action with its rules in one table.

Sections (one per department): draft → submitted → returned (reason) → resubmitted → accepted
(locked). Applications: draft → submitted to the province → returned (reason) → accepted
(locked); the first submission freezes the application's unit → department mapping
(`campaigns.assignments`). Only the level that accepted can reopen, with a reason. Once the campaign's final
list (认定名单) is published, nothing moves any more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.assignments import freeze_mapping
from qcounty.web.campaigns.models import Application
from qcounty.web.gatewords import gates_title
from qcounty.web.review import audit, notify
from qcounty.web.review.models import AuditEntry, ReturnNote, Section
from qcounty.web.review.sections import missing_inputs, owned_inputs, section_inputs
from qcounty.web.words import words_of

Role = User.Role
S = Section.Status
A = Application.Status
OPEN_APPLICATION = {A.DRAFT, A.RETURNED}


class NotAllowed(Exception):
    """The user's role or organisation may not take this action (a forged request)."""


class Refused(Exception):
    """The action is not possible now; the message (Chinese) says why."""


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


SECTION = {
    "submit_section": Transition(
        frozenset({S.DRAFT}), S.SUBMITTED, frozenset({Role.CLERK, Role.COUNTY_OFFICE})
    ),
    "resubmit_section": Transition(
        frozenset({S.RETURNED}), S.RESUBMITTED, frozenset({Role.CLERK, Role.COUNTY_OFFICE})
    ),
    "return_section": Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.RETURNED, frozenset({Role.COUNTY_OFFICE})
    ),
    "accept_section": Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.ACCEPTED, frozenset({Role.COUNTY_OFFICE})
    ),
    "reopen_section": Transition(
        frozenset({S.ACCEPTED}), S.RETURNED, frozenset({Role.COUNTY_OFFICE})
    ),
}
APPLICATION = {
    "submit_application": Transition(
        frozenset({A.DRAFT, A.RETURNED}), A.SUBMITTED, frozenset({Role.COUNTY_OFFICE})
    ),
    "return_application": Transition(
        frozenset({A.SUBMITTED}), A.RETURNED, frozenset({Role.EVALUATOR})
    ),
    "accept_application": Transition(
        frozenset({A.SUBMITTED}), A.ACCEPTED, frozenset({Role.EVALUATOR})
    ),
    "reopen_application": Transition(
        frozenset({A.ACCEPTED}), A.RETURNED, frozenset({Role.EVALUATOR})
    ),
}
NEEDS_REASON = {"return_section", "reopen_section", "return_application", "reopen_application"}


def _refuse(
    application: Application, user: User, name: str, message: str, section: Section | None = None
) -> None:
    audit.log(
        application, user, AuditEntry.Action.REFUSED, name=name, reason=message, section=section
    )


def _check_role(
    application: Application, user: User, name: str, t: Transition, section: Section | None
) -> None:
    allowed = user.role in t.roles
    if allowed and user.role in (Role.CLERK, Role.COUNTY_OFFICE):
        allowed = user.county is not None and user.county.pk == application.county_id
    if allowed and user.role == Role.CLERK:
        allowed = section is not None and section.department_id == user.organisation_id
    if not allowed:
        _refuse(application, user, name, _("无权执行此操作"), section)
        raise NotAllowed(name)


def _check_reason(
    application: Application, user: User, name: str, reason: str, section: Section | None
) -> str:
    reason = (reason or "").strip()
    if name in NEEDS_REASON and not reason:
        message = _("请填写理由")
        _refuse(application, user, name, message, section)
        raise Refused(message)
    return reason


def transition_section(
    section: Section,
    name: str,
    user: User,
    *,
    reason: str = "",
    key: str = "",
    record_id: int | None = None,
    today: dt.date | None = None,
) -> Section:
    """Move a section through the named action, or refuse with a message."""
    t = SECTION[name]
    application = section.application
    _check_role(application, user, name, t, section)
    reason = _check_reason(application, user, name, reason, section)
    with transaction.atomic():
        # the application first, as every write of its data locks it (never the reverse order)
        application = Application.objects.select_for_update().get(pk=application.pk)
        section = (
            Section.objects.select_for_update()
            .select_related("application__campaign")
            .get(pk=section.pk)
        )
        problem = ""
        if frozen := freeze.frozen_problem(application):
            problem = frozen
        elif application.status not in OPEN_APPLICATION:
            problem = _("申报已报省或已被接收，不能再修改部门填报")
        elif section.status not in t.sources:
            problem = _("当前状态为“{status}”，不能执行此操作").format(
                status=section.get_status_display()
            )
        elif name in ("submit_section", "resubmit_section"):
            # the deadline binds the first submission; a return asks for a fix, whenever
            problem = _submit_problem(
                section, today or timezone.localdate(), name == "submit_section"
            )
        elif name == "return_section" and key:
            problem = _shared_with_accepted(section, key)
        if not problem:
            _apply(section, application, name, t, user, reason, key, record_id)
    if problem:
        _refuse(application, user, name, problem, section)
        raise Refused(problem)
    return section


def _apply(
    section: Section,
    application: Application,
    name: str,
    t: Transition,
    user: User,
    reason: str,
    key: str,
    record_id: int | None,
) -> None:
    old = section.status
    section.status = t.target
    now = timezone.now()
    if t.target in (S.SUBMITTED, S.RESUBMITTED):
        section.submitted_at = now
        ReturnNote.objects.filter(section=section, resolved=False).update(resolved=True)
    elif t.target == S.RETURNED:
        section.returned_at = now
        section.times_returned += 1
        ReturnNote.objects.create(
            application=application,
            section=section,
            key=key,
            record_id=record_id,
            reason=reason,
            created_by=user,
        )
    elif t.target == S.ACCEPTED:
        section.accepted_at = now
    section.save()
    audit.log(
        application,
        user,
        AuditEntry.Action.STATE,
        name=name,
        section=section,
        key=key,
        record_id=record_id,
        old=old,
        new=t.target,
        reason=reason,
    )
    transaction.on_commit(lambda: notify.section_changed(section, name, user, reason))


def _shared_with_accepted(section: Section, key: str) -> str:
    """Refuse to return a field that an accepted section shares: reopen that one first."""
    from qcounty.web.review.sections import sections_of_key

    accepted = [
        s
        for s in sections_of_key(section.application, key)
        if s.pk != section.pk and s.status == S.ACCEPTED
    ]
    if not accepted:
        return ""
    names = "、".join(s.department.name for s in accepted)
    return _("该字段也属于已接收的部门（{names}），请先重新打开其填报").format(names=names)


def _submit_problem(section: Section, today: dt.date, check_deadline: bool) -> str:
    deadline = section.application.campaign.department_deadline
    late = today > deadline and (section.extended_until is None or today > section.extended_until)
    if check_deadline and late:
        return _("已过部门填报截止日期（{date}），请联系{office}延期").format(
            date=deadline.isoformat(), office=words_of(section.application.campaign).office
        )
    missing = missing_inputs(section.application, section_inputs(section))
    if missing:
        return _("还有 {n} 项未填报，不能提交").format(n=len(missing))
    return ""


def transition_application(
    application: Application,
    name: str,
    user: User,
    *,
    reason: str = "",
    today: dt.date | None = None,
) -> Application:
    """Move an application through the named action, or refuse with a message."""
    t = APPLICATION[name]
    _check_role(application, user, name, t, None)
    reason = _check_reason(application, user, name, reason, None)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        problem = ""
        if frozen := freeze.frozen_problem(application):
            problem = frozen
        elif application.status not in t.sources:
            problem = _("当前状态为“{status}”，不能执行此操作").format(
                status=application.get_status_display()
            )
        elif name == "submit_application":
            problem = _application_problem(application, today or timezone.localdate())
        if not problem:
            old = application.status
            application.status = t.target
            application.save(update_fields=["status"])
            if t.target == A.RETURNED:
                ReturnNote.objects.create(application=application, reason=reason, created_by=user)
            if t.target == A.SUBMITTED:
                # the first submission fixes which department answered for what (a
                # resubmission keeps that copy): later changes of the mapping leave it alone
                freeze_mapping(application)
                ReturnNote.objects.filter(
                    application=application, section=None, resolved=False
                ).update(resolved=True)
            audit.log(
                application,
                user,
                AuditEntry.Action.STATE,
                name=name,
                old=old,
                new=t.target,
                reason=reason,
            )
            transaction.on_commit(
                lambda: notify.application_changed(application, name, user, reason)
            )
    if problem:
        _refuse(application, user, name, problem)
        raise Refused(problem)
    return application


def _application_problem(application: Application, today: dt.date) -> str:
    from qcounty.web.review.sections import ensure_sections

    deadline = application.campaign.application_deadline
    if application.status == A.DRAFT and today > deadline:
        # a first submission after the deadline; an application the province returned may
        # always come back
        return _("已过申报截止日期（{date}），请联系省质量强省办").format(date=deadline.isoformat())
    open_sections = [s for s in ensure_sections(application) if s.status != S.ACCEPTED]
    if open_sections:
        names = "、".join(s.department.name for s in open_sections)
        return _("以下部门的填报尚未接收：{names}").format(names=names)
    framework = application.campaign.framework
    gates = [o for o in owned_inputs(framework) if o.indicator == 0]
    if missing_inputs(application, gates):
        return _("{gates}尚未填报").format(gates=gates_title(framework, _("或")))
    return ""


def accept_submitted(application: Application, user: User) -> list[Section]:
    """Accept every section submitted for the first time (resubmissions deserve their diff)."""
    if (
        user.role != Role.COUNTY_OFFICE
        or user.county is None
        or user.county.pk != application.county_id
    ):
        _refuse(application, user, "accept_submitted", _("无权执行此操作"))
        raise NotAllowed("accept_submitted")
    with transaction.atomic():
        # the sections are read under the application's lock: a second accept-all (a double
        # click) waits, then finds them accepted and accepts nothing
        locked = Application.objects.select_for_update().get(pk=application.pk)
        waiting = list(
            Section.objects.filter(application=locked, status=S.SUBMITTED).select_related(
                "department", "application__campaign"
            )
        )
        if waiting and locked.status not in OPEN_APPLICATION:
            problem = _("申报已报省或已被接收，不能再修改部门填报")
        else:
            return [transition_section(s, "accept_section", user) for s in waiting]
    _refuse(application, user, "accept_submitted", problem)
    raise Refused(problem)


def grant_extension(
    section: Section, user: User, until: dt.date, reason: str, *, today: dt.date | None = None
) -> Section:
    """Let a department submit after the deadline, up to a date (recorded)."""
    application = section.application
    if (
        user.role != Role.COUNTY_OFFICE
        or user.county is None
        or user.county.pk != application.county_id
    ):
        _refuse(application, user, "grant_extension", _("无权执行此操作"), section)
        raise NotAllowed("grant_extension")
    reason = (reason or "").strip()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        section = Section.objects.select_for_update().get(pk=section.pk)
        problem = ""
        if frozen := freeze.frozen_message(application.campaign_id):
            problem = frozen
        elif not reason:
            problem = _("请填写理由")
        elif application.status not in OPEN_APPLICATION or section.status not in (
            S.DRAFT,
            S.RETURNED,
        ):
            problem = _("只有填报中或已退回的部门可以延期")
        elif until < (today or timezone.localdate()):
            problem = _("延期日期不能早于今天")
        elif section.extended_until == until:
            return section  # granted already (a double click): nothing to change or log
        if not problem:
            old = section.extended_until.isoformat() if section.extended_until else None
            section.extended_until = until
            section.save(update_fields=["extended_until"])
            audit.log(
                application,
                user,
                AuditEntry.Action.EXTENSION,
                name="grant_extension",
                section=section,
                old=old,
                new=until.isoformat(),
                reason=reason,
            )
            return section
    _refuse(application, user, "grant_extension", problem, section)
    raise Refused(problem)
