"""Writes of the province's evaluation: snapshots, robustness runs, publications.

Each refuses bad input with a Chinese message (`Refused`, or the core's `EvaluationError`) and
then writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.cohort import COHORT_FORMAT, CohortError, county_to_json, parse_cohort
from qcounty.core.evaluate import EvaluationError, RobustnessSpec, robustness
from qcounty.core.framework.loader import parse_framework
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies
from qcounty.core.wording import wording
from qcounty.core.workdays import CalendarError
from qcounty.office.words import grouped
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.cohort import current_values
from qcounty.web.adjudication.progress import progress_of
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation import figures
from qcounty.web.evaluation.models import CohortSnapshot, Publication, RobustnessRun
from qcounty.web.evaluation.refusals import unsettled_message
from qcounty.web.evaluation.snapshots import (
    cohort_text,
    framework_text,
    paused_gc,
    scored,
    sha256,
)
from qcounty.web.objections import guard, publicity
from qcounty.web.operations.transient import is_transient
from qcounty.web.reporting.scoring import attributes_of, county_from_values
from qcounty.web.words import page_words

log = logging.getLogger(__name__)
MAX_NOTE = 200
MAX_NOTICE = 2000
STALLED_AFTER = dt.timedelta(minutes=10)  # a chunk of replications takes well under a second


class Refused(ValueError):
    """A write that cannot be done; the message is a Chinese sentence for the user."""


class Unsettled(Refused):
    """A snapshot asked for without confirmation while some accepted application still has
    unreconciled judged items or unchecked inputs (their values are the county's own)."""


# ---------------------------------------------------------------- snapshots


def take_snapshot(
    campaign: Campaign,
    user: User,
    note: str = "",
    policies: Policies | None = None,
    *,
    confirmed: bool = False,
) -> CohortSnapshot:
    """Freeze every application the province has accepted in the campaign, as it counts them.

    The cohort is checked by the core exactly as it will be read back (a value the core cannot
    read refuses the snapshot with the core's Chinese message); nothing is written then. While
    an application has a judged item without a reconciliation, or an input the province has not
    checked, the county's own value counts for it: the snapshot is refused (`Unsettled`) unless
    `confirmed`, and stores these counts per application. Asked again with nothing changed
    (a double click), it returns the snapshot already taken.
    """
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Refused(_("说明不能超过 {n} 个字").format(n=MAX_NOTE))
    text = framework_text(campaign)
    framework = parse_framework(text, f"{campaign.framework_id}.yaml")
    policies = policies or framework.policies
    with transaction.atomic():
        # the cohort is read in several queries; under READ COMMITTED (PostgreSQL) each sees
        # what has been committed by then. Every decision, expert score and status change
        # locks its application first: with all of the campaign's applications locked (in id
        # order, as no other writer locks several), none commits until the snapshot is stored
        lock_applications(campaign)
        with paused_gc():
            cohort = current_values(campaign, accepted_only=True)
            if not cohort:
                raise Refused(_("本创建周期还没有省级已接收的申报，无法生成快照。"))
            stored = _checked_cohort(campaign, framework, cohort)
        progress = progress_of(campaign, [application for application, _ in cohort])
        unsettled = [{"unreconciled": p.unreconciled, "unchecked": p.unchecked} for p in progress]
        if not confirmed and any(r["unreconciled"] or r["unchecked"] for r in unsettled):
            raise Unsettled(unsettled_message(progress, page_words(framework)))
        same = {
            "framework_sha256": sha256(text),
            "cohort_sha256": sha256(stored),
            "policies": policies.model_dump(mode="json"),
            "unsettled": unsettled,
            "note": note,
        }
        latest = CohortSnapshot.objects.filter(campaign=campaign).order_by("-pk").first()
        if latest is not None and all(getattr(latest, k) == v for k, v in same.items()):
            return latest  # the same state frozen twice (a double click): one snapshot
        return CohortSnapshot.objects.create(
            campaign=campaign,
            framework_id=framework.id,
            framework_version=framework.version,
            framework_text=text,
            framework_sha256=sha256(text),
            evaluation_year=campaign.evaluation_year,
            policies=policies.model_dump(mode="json"),
            cohort_json=stored,
            cohort_sha256=sha256(stored),
            application_ids=[application.pk for application, _ in cohort],
            unsettled=unsettled,
            counties=len(cohort),
            note=note,
            created_by=user,
        )


def _checked_cohort(
    campaign: Campaign, framework: Framework, cohort: list[tuple[Application, dict[str, Any]]]
) -> str:
    """Return the cohort file of these applications' values, checked by the core as it will
    be read back (column by column); Refused with the core's messages if it cannot score it.

    The values go in as stored. Should the core refuse one (a value saved under an earlier
    framework), the file is written as the web reads applications instead, where such a value
    counts as unreported (`county_from_values`, value by value).
    """
    data: dict[str, Any] = {
        "format": COHORT_FORMAT,
        "framework": framework.id,
        "evaluation_year": campaign.evaluation_year,
        "counties": [_county_json(framework, a, values) for a, values in cohort],
    }
    try:
        # the values are JSON as the database gave them: the file read back is this very data
        parse_cohort(data, framework)
        return cohort_text(data)
    except CohortError:
        pass
    data["counties"] = [county_to_json(county_from_values(a, v)) for a, v in cohort]
    stored = cohort_text(data)
    try:
        parse_cohort(json.loads(stored), framework)
    except CohortError as e:
        listed = "；".join(e.problems[:5])
        more = _("（共 {n} 个问题）").format(n=len(e.problems)) if len(e.problems) > 5 else ""
        raise Refused(
            _("{cohort}数据不能计分，未生成快照：{problems}").format(
                cohort=wording(framework).cohort, problems=listed + more
            )
        ) from None
    return stored


def _county_json(
    framework: Framework, application: Application, values: dict[str, Any]
) -> dict[str, Any]:
    """Return an application's values as a county of a cohort file (as `county_to_json`)."""
    county = application.county
    out: dict[str, Any] = {"name": county.name, "city": county.city_name}
    if county.synthetic:
        out["synthetic"] = True
    if framework.attributes:
        # the scheme's attributes of the unit: the core names a missing or wrong option
        out["attributes"] = attributes_of(framework, county)
    out["values"] = values
    return out


def lock_applications(campaign: Campaign) -> list[int]:
    """Lock every application of the campaign (SELECT … FOR UPDATE, by id); return the ids.

    A no-op on SQLite, whose transactions see one state of the database throughout anyway.
    """
    rows = Application.objects.select_for_update().filter(campaign=campaign).order_by("pk")
    return list(rows.values_list("pk", flat=True))


# ---------------------------------------------------------------- robustness


def robustness_spec(data: dict[str, Any]) -> RobustnessSpec:
    """Return the spec stored on a run (JSON) as the core's object."""
    return RobustnessSpec(
        replications=data["replications"],
        weight_noise=data["weight_noise"],
        policies=tuple(data["policies"]),
        seed=data["seed"],
        top=data["top"],
    )


def spec_json(spec: RobustnessSpec) -> dict[str, Any]:
    return {
        "replications": spec.replications,
        "weight_noise": spec.weight_noise,
        "policies": list(spec.policies),
        "seed": spec.seed,
        "top": spec.top,
    }


def queue_robustness(snapshot: CohortSnapshot, spec: RobustnessSpec, user: User) -> RobustnessRun:
    """Check the parameters against the snapshot's cohort and queue a run (the caller enqueues
    the background task), or return the same analysis still queued or running; absurd
    parameters raise the core's EvaluationError."""
    s = scored(snapshot)
    spec.check(len(s.score.counties), len(s.framework.indicators()))
    wanted = spec_json(spec)
    with transaction.atomic():
        # one queueing at a time per snapshot: the same analysis asked twice (a double click)
        # while it has not finished is the run already queued
        CohortSnapshot.objects.select_for_update().filter(pk=snapshot.pk).first()
        unfinished = RobustnessRun.objects.filter(
            snapshot=snapshot,
            status__in=[RobustnessRun.Status.QUEUED, RobustnessRun.Status.RUNNING],
        ).order_by("pk")
        for run in unfinished:
            if run.spec == wanted:
                return run
        return RobustnessRun.objects.create(
            snapshot=snapshot, spec=wanted, total=spec.replications, created_by=user
        )


class _Abandoned(Exception):
    """The run was marked as failed while this worker was still at it (it had stalled)."""


def run_robustness(run_id: int) -> None:
    """Run a queued analysis, storing its progress on the row every chunk, then its figures.

    Every write is conditional on the run still running: a run marked as stalled (see
    `check_stalled`) stays failed, and a worker that finds its run so marked stops.
    """
    with transaction.atomic():
        run = RobustnessRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.finished:
            return  # already run, gone, or given up as stalled
        # a run found running was left by an attempt that died (its worker was killed, or a
        # transient database error): a task is delivered again only then, so start afresh
        run.status = RobustnessRun.Status.RUNNING
        run.done = 0
        run.updated_at = timezone.now()
        run.save(update_fields=["status", "done", "updated_at"])
    rows = RobustnessRun.objects.filter(pk=run_id, status=RobustnessRun.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        if not rows.progress(done=done):
            raise _Abandoned

    started = time.perf_counter()
    try:
        snapshot = CohortSnapshot.objects.select_related("campaign").get(pk=run.snapshot_id)
        result = robustness(scored(snapshot).score, robustness_spec(run.spec), progress)
    except _Abandoned:
        log.warning("robustness run %s was given up as stalled; its worker stops", run_id)
        return
    except EvaluationError as e:
        rows.fail(str(e))
        return
    except Exception as e:
        if is_transient(e):
            raise  # the run stays running; the task is retried (qcounty.web.operations)
        log.exception("robustness run %s failed", run_id)
        rows.fail(_("分析失败（{error}），请联系系统管理员").format(error=type(e).__name__))
        return
    rows.finish(
        done=run.total,
        result=result.to_json(),
        seconds=round(time.perf_counter() - started, 3),
    )


def check_stalled(run: RobustnessRun, now: dt.datetime | None = None) -> RobustnessRun:
    """Mark an unfinished run as failed when it has shown no progress for `STALLED_AFTER`
    (its worker died, or none is running); return the run as it now stands.

    Called whenever the run's progress is looked at, so that a page never polls forever.
    """
    if run.finished:
        return run
    if run.status == RobustnessRun.Status.RUNNING:
        error = _("任务中断：后台进程已停止，请重新运行")
    else:
        error = _("任务未能开始：后台进程没有运行，请联系系统管理员后重新运行")
    run.fail_if_stalled(STALLED_AFTER, error, now)
    return run


def latest_run(snapshot: CohortSnapshot) -> RobustnessRun | None:
    return (
        RobustnessRun.objects.filter(snapshot=snapshot, status=RobustnessRun.Status.DONE)
        .order_by("-finished_at", "-id")
        .first()
    )


# ---------------------------------------------------------------- publication


def publish(
    snapshot: CohortSnapshot,
    kind: str,
    user: User,
    notice: str = "",
    today: dt.date | None = None,
    *,
    without_publicity: bool = False,
    seen: int | None = None,
    period: tuple[dt.date, int] | None = None,
    override_reason: str = "",
) -> Publication:
    """Publish the snapshot's list as the next version of its kind; the figures are frozen.

    The 公示 comes before the final list: a 公示 list is refused once a final list is out, and a
    final list without any 公示 before it only if `without_publicity` (the evaluator ticked
    "未经公示直接发布认定名单"). `seen` is the id of the campaign's latest list (0: none) on the
    evaluator's page: if another has been published since (a double click, a colleague), the
    request is refused and publishes nothing.

    A 公示 list may carry its 公示 period (`period`: first day, working days), frozen in its
    figures with the end the working-day calendar gives. A final list is refused while an
    objection is open or the period runs, unless the office head gives an `override_reason`
    (recorded; `objections.guard`).
    """
    if kind not in Publication.Kind.values:
        raise Refused(_("请选择发布“拟认定名单（公示）”或“认定名单”"))
    notice = (notice or "").strip()
    if len(notice) > MAX_NOTICE:
        raise Refused(_("公示说明不能超过 {n} 个字").format(n=MAX_NOTICE))
    today = today or publicity.today()
    frozen_period = _period(kind, period)
    campaign = snapshot.campaign
    s = scored(snapshot)
    data = figures.ranking(s, campaign.titles)
    if not data["selected"]:
        words = wording(s.framework)
        raise Refused(
            _("该快照中没有可以认定的{unit}（没有{cohort}获得排名），不能发布名单").format(
                unit=words.short, cohort=words.cohort
            )
        )
    data["meta"] = {
        "campaign": campaign.name,
        "evaluation_year": snapshot.evaluation_year,
        "framework_id": snapshot.framework_id,
        "framework_name": s.framework.name,
        "framework_version": snapshot.framework_version,
        "framework_sha256": snapshot.framework_sha256,
        "snapshot_id": snapshot.pk,
        "snapshot_sha256": snapshot.cohort_sha256,
        "policies": snapshot.policies,
        "unit": wording(s.framework).unit,
        # no groups (neither tiers nor an attribute): the list has no group column
        "grouping": wording(s.framework).grouping if grouped(wording(s.framework)) else "",
    }
    if frozen_period is not None:
        data["meta"]["publicity"] = frozen_period.to_json()
    # the campaign's row serialises the numbering of versions on PostgreSQL; SQLite ignores
    # the lock, so two evaluators publishing at once may both take the same number: the
    # unique constraint refuses the second, which numbers again once, then gives up
    for attempt in range(2):
        try:
            with transaction.atomic():
                Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
                check_unseen(campaign, seen)
                check_order(campaign, kind, without_publicity=without_publicity)
                if kind == Publication.Kind.FINAL:
                    check_final(campaign, user, today, override_reason)
                return Publication.objects.create(
                    campaign=campaign,
                    snapshot=snapshot,
                    kind=kind,
                    version=next_version(campaign, kind),
                    figures=data,
                    notice=notice,
                    published_on=today,
                    published_by=user,
                )
        except IntegrityError:
            log.warning(
                "publication of %s %s: version taken (attempt %d)", campaign.pk, kind, attempt
            )
    raise Refused(_("另一位评价人员刚刚发布了名单，请刷新后重试"))


def _period(kind: str, when: tuple[dt.date, int] | None) -> publicity.Period | None:
    """Return the 公示 period of a 公示 list published with one (None for a final list)."""
    if when is None or kind != Publication.Kind.PROPOSED:
        return None
    start, days = when
    try:
        end = publicity.calendar().end_of_period(start, days)
    except CalendarError as e:
        raise Refused(_("公示期：{problem}").format(problem=e)) from None
    return publicity.Period(start, end, days)


def check_final(campaign: Campaign, user: User, today: dt.date, override_reason: str) -> None:
    """Refuse the final list while the 公示 is not settled (`objections.guard`)."""
    try:
        guard.check_final(campaign, user, today, override_reason)
    except guard.Waiting as e:
        raise Refused(str(e)) from None


def check_unseen(campaign: Campaign, seen: int | None) -> None:
    """Refuse to publish over a list the evaluator has not seen (published since the page)."""
    if seen is None:
        return
    latest = Publication.objects.filter(campaign=campaign).order_by("-pk").first()
    if (latest.pk if latest else 0) != seen:
        raise Refused(
            _(
                "“{what}”刚刚已经发布，未重复发布。如需再发布新版本，请在刷新后的页面重新提交"
            ).format(what=latest)
        )


def latest_seen(campaign: Campaign) -> int:
    """Return what a publishing page sends as `seen`: the id of the campaign's latest list."""
    latest = Publication.objects.filter(campaign=campaign).order_by("-pk").values("pk").first()
    return latest["pk"] if latest else 0


def check_order(campaign: Campaign, kind: str, *, without_publicity: bool = False) -> None:
    """Refuse a list out of order: a 公示 after the final list, or a final list without a 公示
    before it (unless the evaluator confirmed publishing it without one)."""
    published = published_kinds(campaign)
    if kind == Publication.Kind.PROPOSED and Publication.Kind.FINAL in published:
        raise Refused(_("认定名单已经公布，不能再发布公示名单"))
    if (
        kind == Publication.Kind.FINAL
        and Publication.Kind.PROPOSED not in published
        and not without_publicity
    ):
        raise Refused(
            _(
                "本周期还没有发布拟认定名单（公示）。如确需未经公示直接发布认定名单，"
                "请勾选“未经公示直接发布认定名单”后再提交"
            )
        )


def published_kinds(campaign: Campaign) -> set[str]:
    """Return the kinds of list the campaign has published (proposed, final)."""
    return set(Publication.objects.filter(campaign=campaign).values_list("kind", flat=True))


def next_version(campaign: Campaign, kind: str) -> int:
    """Return the number of the campaign's next list of this kind (1, 2, …)."""
    last = Publication.objects.filter(campaign=campaign, kind=kind).aggregate(v=Max("version"))
    return int(last["v"] or 0) + 1


# ---------------------------------------------------------------- blind review


def set_experts_see_results(campaign: Campaign, allowed: bool, user: User) -> Campaign:
    """Open the campaign's results to its experts, or close them again (blind review)."""
    if user.role != User.Role.EVALUATOR:
        raise Refused(_("只有省级评价人员可以决定专家是否可查看评价结果。"))
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().defer("reference_cohort").get(pk=campaign.pk)
        if locked.experts_see_results != allowed:
            locked.experts_see_results = allowed
            locked.save(update_fields=["experts_see_results"])
    log.info("experts_see_results=%s on campaign %s by %s", allowed, campaign.pk, user.pk)
    return locked
