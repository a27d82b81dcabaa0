"""Writes of the 公示 period: objections and their settling (the calendar: `calendar_actions`).

Every write takes the campaign's row lock (select_for_update) before it reads what it changes,
as publishing does: an objection is numbered, filed, settled and answered one at a time per
campaign, and the final list sees every objection filed before it. A refused write raises
`Refused` (Chinese) or `NotAllowed` (a role that may not do it) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import RecordsInput
from qcounty.office.publication_frame import chinese_date
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions as adjudication
from qcounty.web.adjudication.effective import adjudicated_values
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation import actions as evaluation
from qcounty.web.evaluation import figures
from qcounty.web.evaluation.models import Publication
from qcounty.web.evaluation.snapshots import scored
from qcounty.web.objections import access, notices
from qcounty.web.objections.compare import compare
from qcounty.web.objections.files import UploadRefused, check_uploads
from qcounty.web.objections.models import Objection, ObjectionFile, Settlement
from qcounty.web.objections.publicity import latest_proposed, period_of, status, today
from qcounty.web.review import audit
from qcounty.web.review.models import AuditEntry
from qcounty.web.words import words_of

log = logging.getLogger(__name__)
State = Objection.State
Channel = Objection.Channel
MAX_TEXT = 2000
MAX_NAME = 100


class Refused(ValueError):
    """The write is not possible; the message (Chinese) says why."""


class NotAllowed(Exception):
    """The user's role may not do this (a forged request): 403."""


# ---------------------------------------------------------------- filing


@dataclass(frozen=True)
class Claim:
    """What an objection is against: a county's claim on the 公示 list, and what is wrong."""

    application: Application
    indicator: int
    key: str
    problem: str


@dataclass(frozen=True)
class Objector:
    """Who objects and how the province received it."""

    channel: str
    name: str
    contact: str = ""
    received_on: dt.date | None = None  # the province's registration: the day it arrived


def checked_text(value: str, most: int, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Refused(_("请填写{label}").format(label=label))
    if len(value) > most:
        raise Refused(_("{label}不能超过 {n} 个字").format(label=label, n=most))
    return value


def _checked_claim(publication: Publication, claim: Claim) -> Claim:
    """Return the claim if it names a county of the list, an indicator and one of its inputs."""
    listed = {r["application_id"] for r in publication.figures["rows"]}
    if claim.application.pk not in listed:
        raise Refused(
            _("所选{unit}不在本期公示的评价范围内").format(
                unit=words_of(claim.application.campaign).unit
            )
        )
    framework = claim.application.campaign.framework
    indicator = next((i for i in framework.indicators() if i.number == claim.indicator), None)
    if indicator is None:
        raise Refused(_("请选择所异议的指标"))
    if claim.key and claim.key not in {x.key for x in indicator.inputs}:
        raise Refused(_("所选字段不属于第 {n} 项指标").format(n=claim.indicator))
    problem = checked_text(claim.problem, MAX_TEXT, _("异议内容（哪一项数据有误、理由）"))
    return Claim(claim.application, claim.indicator, claim.key, problem)


def _in_period(campaign: Campaign, received_on: dt.date, day: dt.date) -> Publication:
    """Return the 公示 list an objection received on that day is against, or refuse it."""
    if freeze.is_final(campaign):
        raise Refused(_("本周期认定名单已经公布，不再受理异议"))
    running = status(campaign, day)
    if running is None:
        raise Refused(_("本周期尚未发布设定公示期的拟认定名单（公示），不能受理异议"))
    period = running.period
    if received_on > day:
        raise Refused(_("收到日期不能晚于今天"))
    if received_on < period.start:
        raise Refused(
            _("公示期自{start}开始，{date}收到的异议不在公示期内，不予受理").format(
                start=chinese_date(period.start), date=chinese_date(received_on)
            )
        )
    if received_on > period.end:
        raise Refused(
            _("公示期已于{end}结束，{date}提出的异议已超过公示期，不予受理").format(
                end=chinese_date(period.end), date=chinese_date(received_on)
            )
        )
    return running.publication


def file_objection(
    claim: Claim, uploads: list[UploadedFile[bytes]], user: User, token: str
) -> Objection:
    """File a county office's objection to a claim on the 公示 list during the period."""
    if not access.can_file(user):
        raise NotAllowed
    county = user.county
    assert county is not None  # can_file
    objector = Objector(Channel.ONLINE, county.name)
    return _create(claim, objector, uploads, user, token)


def register_objection(
    claim: Claim, objector: Objector, uploads: list[UploadedFile[bytes]], user: User, token: str
) -> Objection:
    """Register an objection the province received by letter, telephone or visit."""
    if not access.can_act(user):
        raise NotAllowed
    if objector.channel not in (Channel.LETTER, Channel.PHONE, Channel.VISIT):
        raise Refused(_("请选择受理方式：来信、来电或来访"))
    if objector.received_on is None:
        raise Refused(_("请填写收到异议的日期"))
    name = checked_text(objector.name, MAX_NAME, _("异议人（单位或姓名）"))
    contact = checked_text(objector.contact, MAX_NAME, _("联系方式"), required=False)
    checked = Objector(objector.channel, name, contact, objector.received_on)
    return _create(claim, checked, uploads, user, token)


def _create(
    claim: Claim, objector: Objector, uploads: list[UploadedFile[bytes]], user: User, token: str
) -> Objection:
    token = (token or "").strip()[:40]
    if not token:
        raise Refused(_("表单已失效，请刷新页面后重新提交"))
    try:
        files = check_uploads(uploads)
    except UploadRefused as e:
        raise Refused(str(e)) from None
    campaign = claim.application.campaign
    day = today()
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).only("pk").first()
        existing = Objection.objects.filter(campaign=campaign, token=token).first()
        if existing is not None and existing.created_by_id == user.pk:
            return existing  # the same form sent twice (a double click): one objection
        if existing is not None:
            raise Refused(_("表单已失效，请刷新页面后重新提交"))
        publication = _in_period(campaign, objector.received_on or day, day)
        claim = _checked_claim(publication, claim)
        online = objector.channel == Channel.ONLINE
        if online and not _listed_or_own(publication, claim.application, user):
            words = words_of(campaign)
            raise Refused(
                _("只能对公示名单中列入的{unit}或本{short}的数据提出异议").format(
                    unit=words.unit, short=words.short
                )
            )
        last = Objection.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"]
        objection = Objection.objects.create(
            campaign=campaign,
            number=(last or 0) + 1,
            publication=publication,
            application=claim.application,
            indicator=claim.indicator,
            key=claim.key,
            problem=claim.problem,
            channel=objector.channel,
            objector=objector.name,
            objector_organisation=user.county if online else None,
            contact=objector.contact,
            received_on=objector.received_on or day,
            token=token,
            created_by=user,
        )
        for f in files:
            stored = ObjectionFile(
                objection=objection,
                original_name=f.name,
                kind=f.kind,
                size=f.upload.size or 0,
                sha256=f.sha256,
                uploaded_by=user,
            )
            stored.file.save(f.name, f.upload, save=False)
            stored.save()
        # the objector's identity is the province's to know: a county's objection is logged
        # on the claim's application without its user (the row keeps who filed it)
        _audit(objection, None if online else user, "objection_filed", objection.problem)
        transaction.on_commit(lambda: notices.filed(objection))
    return objection


def _listed_or_own(publication: Publication, application: Application, user: User) -> bool:
    """Return whether a county office may object to this claim: on the list, or its own."""
    if user.county is not None and application.county_id == user.county.pk:
        return True
    row = next(r for r in publication.figures["rows"] if r["application_id"] == application.pk)
    return bool(row["selected"])


def _audit(objection: Objection, user: User | None, name: str, reason: str = "") -> None:
    audit.log(
        objection.application,
        user,
        AuditEntry.Action.STATE,
        name=name,
        indicator=objection.indicator,
        key=objection.key,
        reason=_("异议第{number}号：{text}").format(number=objection.number, text=reason)
        if reason
        else _("异议第{number}号").format(number=objection.number),
    )


# ---------------------------------------------------------------- the province's steps


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str


STEPS = {
    "start_check": Step(frozenset({State.RECEIVED}), State.CHECKING),
    "uphold": Step(frozenset({State.CHECKING}), State.UPHELD),
    "reject": Step(frozenset({State.CHECKING}), State.REJECTED),
    "answer": Step(frozenset({State.UPHELD, State.REJECTED}), State.ANSWERED),
}


def _locked(objection: Objection, user: User) -> Objection:
    """Lock the campaign, then the objection; refuse a user who may not act.

    Lock order: the applications (when a write changes them), the campaign, the objection.
    """
    if not access.can_act(user):
        raise NotAllowed
    Campaign.objects.select_for_update().filter(pk=objection.campaign_id).only("pk").first()
    return (
        Objection.objects.select_for_update()
        .select_related("application__county")
        .get(pk=objection.pk)
    )


def _move(objection: Objection, name: str) -> None:
    step = STEPS[name]
    if objection.state not in step.sources:
        raise Refused(
            _("异议当前状态为“{state}”，不能执行此操作").format(state=objection.get_state_display())
        )
    objection.state = step.target


def start_check(
    objection: Objection, assignee: User | None, deadline: dt.date | None, user: User
) -> Objection:
    """Start checking an objection: who checks it, and by when (受理 → 核查中)."""
    with transaction.atomic():
        objection = _locked(objection, user)
        if objection.state == State.CHECKING and objection.assignee == assignee:
            return objection  # a double click
        if assignee is None or not access.can_act(assignee):
            raise Refused(_("请选择承办人（省级评价人员）"))
        if deadline is None:
            raise Refused(_("请填写办理期限"))
        if deadline < today():
            raise Refused(_("办理期限不能早于今天"))
        _move(objection, "start_check")
        objection.assignee, objection.deadline = assignee, deadline
        objection.save(update_fields=["state", "assignee", "deadline"])
        _audit(
            objection,
            user,
            "objection_checking",
            _("承办人{who}，办理期限{date}").format(who=assignee, date=chinese_date(deadline)),
        )
    return objection


def conclude(objection: Objection, upheld: bool, finding: str, user: User) -> Objection:
    """Record the check's conclusion: the objection holds (成立) or not (不成立)."""
    finding = checked_text(finding, MAX_TEXT, _("核查结论"))
    name = "uphold" if upheld else "reject"
    with transaction.atomic():
        objection = _locked(objection, user)
        if objection.state == STEPS[name].target and objection.finding == finding:
            return objection  # a double click
        _move(objection, name)
        objection.finding, objection.upheld = finding, upheld
        objection.save(update_fields=["state", "finding", "upheld"])
        _audit(objection, user, f"objection_{name}", finding)
    return objection


def correct(objection: Objection, key: str, value: Any, reason: str, user: User) -> None:
    """Correct the claim an upheld objection is about, through the province's decision path."""
    with transaction.atomic():
        # the decision locks the application, then the campaign: take them in that order
        Application.objects.select_for_update().filter(pk=objection.application_id).first()
        objection = _locked(objection, user)
        if objection.state != State.UPHELD:
            raise Refused(_("异议认定成立后才能据此更正数据"))
        framework = objection.campaign.framework
        indicator = next(i for i in framework.indicators() if i.number == objection.indicator)
        if key not in {x.key for x in indicator.inputs}:
            raise Refused(_("所选字段不属于第 {n} 项指标").format(n=objection.indicator))
        reason = checked_text(reason, MAX_TEXT, _("更正理由"))
        text = _("根据异议第{number}号：{reason}").format(number=objection.number, reason=reason)
        try:
            adjudication.correct_value(objection.application, key, value, text, user)
        except adjudication.Refused as e:
            raise Refused(str(e)) from None
        except adjudication.NotAllowed:
            raise NotAllowed from None


def correct_records(
    objection: Objection,
    key: str,
    reason: str,
    user: User,
    *,
    add: dict[str, Any] | None = None,
    remove: int | None = None,
) -> None:
    """Add a record the county left out, or leave one of its records out, on its behalf: the
    province's record list correction (a reason is required and the county sees it)."""
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=objection.application_id).first()
        objection = _locked(objection, user)
        if objection.state != State.UPHELD:
            raise Refused(_("异议认定成立后才能据此更正数据"))
        framework = objection.campaign.framework
        indicator = next(i for i in framework.indicators() if i.number == objection.indicator)
        spec = next((x for x in indicator.inputs if x.key == key), None)
        if not isinstance(spec, RecordsInput):
            raise Refused(_("所选字段不是第 {n} 项指标的记录列表").format(n=objection.indicator))
        reason = checked_text(reason, MAX_TEXT, _("更正理由"))
        records = list(adjudicated_values(objection.application).get(key) or [])
        if add is not None:
            records.append(add)
        elif remove is not None and 0 <= remove < len(records):
            del records[remove]
        else:
            raise Refused(_("请选择要删除的记录"))
        text = _("根据异议第{number}号：{reason}").format(number=objection.number, reason=reason)
        try:
            adjudication.correct_records(objection.application, key, records, text, user)
        except adjudication.Refused as e:
            raise Refused(str(e)) from None
        except adjudication.NotAllowed:
            raise NotAllowed from None


def preview_settlement(objection: Objection, user: User) -> Settlement:
    """Take a snapshot after the corrections and compare its list with the 公示 list's."""
    with transaction.atomic():
        # the snapshot locks every application: before the campaign, as decisions lock them
        if access.can_act(user):
            evaluation.lock_applications(objection.campaign)
        objection = _locked(objection, user)
        if objection.state != State.UPHELD:
            raise Refused(_("异议认定成立后才能生成新的评价结果"))
        publication = latest_proposed(objection.campaign_id)
        if publication is None:
            raise Refused(_("本周期没有拟认定名单（公示）"))
        try:
            after = evaluation.take_snapshot(
                objection.campaign,
                user,
                _("异议第{number}号更正后").format(number=objection.number),
                confirmed=True,
            )
        except evaluation.Refused as e:
            raise Refused(str(e)) from None
        same = objection.settlements.filter(
            after=after, confirmed_at__isnull=True, comparison__publication=publication.pk
        ).first()
        if same is not None:
            return same  # nothing changed since the last comparison (a double click)
        titles = objection.campaign.titles
        before = publication.snapshot
        comparison = compare(
            figures.ranking(scored(before), titles), figures.ranking(scored(after), titles)
        )
        comparison["publication"] = publication.pk
        settlement = Settlement.objects.create(
            objection=objection,
            before=before,
            after=after,
            comparison=comparison,
            created_by=user,
        )
        _audit(
            objection,
            user,
            "objection_compared",
            _("快照 #{old} → #{new}：{n} 个{unit}得分或排名变化").format(
                old=before.pk,
                new=after.pk,
                n=len(comparison["changed"]),
                unit=words_of(objection.campaign).short,
            ),
        )
    return settlement


def confirm_settlement(settlement: Settlement, user: User) -> Settlement:
    """Confirm the compared result; republish the 公示 list as a new version if what it shows
    changed (the titles, or a listed county's rank or total)."""
    with transaction.atomic():
        objection = _locked(settlement.objection, user)
        settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
        if settlement.confirmed_at is not None:
            return settlement  # a double click
        if objection.state != State.UPHELD:
            raise Refused(
                _("异议当前状态为“{s}”，不能确认").format(s=objection.get_state_display())
            )
        publication = latest_proposed(objection.campaign_id)
        if publication is None or publication.pk != settlement.comparison["publication"]:
            raise Refused(_("公示名单已经更新，请重新生成对比后再确认"))
        if settlement.comparison["list_changed"]:
            period = period_of(publication)
            try:
                settlement.republished = evaluation.publish(
                    settlement.after,
                    Publication.Kind.PROPOSED,
                    user,
                    publication.notice,
                    today(),
                    period=(period.start, period.working_days) if period else None,
                )
            except evaluation.Refused as e:
                raise Refused(str(e)) from None
        settlement.confirmed_by, settlement.confirmed_at = user, timezone.now()
        settlement.save(update_fields=["confirmed_by", "confirmed_at", "republished"])
        what = (
            _("重新发布{what}").format(what=settlement.republished)
            if settlement.republished
            else _("认定名单不变，未重新发布公示名单")
        )
        _audit(objection, user, "objection_settled", what)
        if settlement.republished:
            transaction.on_commit(lambda: notices.republished(objection, settlement))
    return settlement


def answer(objection: Objection, text: str, user: User) -> Objection:
    """Send the objector the province's written answer (成立 / 不成立 → 已答复)."""
    text = checked_text(text, MAX_TEXT, _("答复意见"))
    with transaction.atomic():
        objection = _locked(objection, user)
        if objection.state == State.ANSWERED and objection.answer == text:
            return objection  # a double click
        if (
            objection.state == State.UPHELD
            and not objection.settlements.filter(confirmed_at__isnull=False).exists()
        ):
            raise Refused(_("异议成立：请先更正数据、生成新的评价结果并确认，再答复"))
        _move(objection, "answer")
        objection.answer, objection.answered_on = text, today()
        objection.save(update_fields=["state", "answer", "answered_on"])
        _audit(objection, user, "objection_answered", text)
        transaction.on_commit(lambda: notices.answered(objection))
    return objection
