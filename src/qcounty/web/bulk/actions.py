"""The province's bulk import: check every county's workbook (a dry run), then load the accepted
ones, each county in its own transaction, never over data a county entered itself.

Both run in the worker: the upload request only stores the files (`create_batch`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from qcounty.core.framework.inputs import RecordsInput
from qcounty.office.reader import ParsedWorkbook, read_workbook
from qcounty.web.accounts.models import User
from qcounty.web.bulk.files import Incoming, Upload, UploadRefused, from_stored, max_file_bytes
from qcounty.web.bulk.models import BulkImport, BulkItem
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evidence.models import Evidence
from qcounty.web.operations.transient import is_transient
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review import audit
from qcounty.web.review.models import AuditEntry
from qcounty.web.statfeed.figures import locked_keys
from qcounty.web.words import words_of

log = logging.getLogger(__name__)
Kind = Organisation.Kind
MAX_LISTED_PROBLEMS = 3
STALLED_AFTER = dt.timedelta(minutes=10)  # a workbook is checked in well under a second


def province_of(user: User) -> Organisation | None:
    """Return the province whose counties the user may load (None: any, for an administrator
    outside a province)."""
    org = user.organisation
    return org if org is not None and org.kind == Kind.PROVINCE else None


def has_data(application: Application) -> bool:
    """Whether the county has done anything in its application (then it is never overwritten).

    The values of inputs the province locked to the official figures are the province's, not
    the county's doing.
    """
    locked = locked_keys(application.campaign_id)
    return (
        application.status != Application.Status.DRAFT
        or InputValue.objects.filter(application=application).exclude(key__in=locked).exists()
        or Record.objects.filter(application=application).exists()
        or Evidence.objects.filter(application=application).exists()
    )


def find_county(province: Organisation | None, county: str, city: str) -> Organisation | None:
    """Return the evaluated unit the workbook names: under its city, or (no city: a unit the
    scheme evaluates directly, such as a city) under the province itself."""
    if not city:
        rows = Organisation.objects.filter(
            kind=Kind.COUNTY, name=county, parent__kind=Kind.PROVINCE
        )
        if province is not None:
            rows = rows.filter(parent=province)
        return rows.select_related("parent").first()
    rows = Organisation.objects.filter(
        kind=Kind.COUNTY, name=county, parent__kind=Kind.CITY, parent__name=city
    )
    if province is not None:
        rows = rows.filter(parent__parent=province)
    return rows.select_related("parent").first()


def check_workbook(
    campaign: Campaign, province: Organisation | None, parsed: ParsedWorkbook
) -> tuple[str, Organisation | None]:
    """Return why the workbook is refused ("" when it may be loaded) and its county."""
    frozen = freeze.frozen_message(campaign.pk)
    if frozen:
        return frozen, None
    if parsed.refused:
        return (parsed.problems[0].message if parsed.problems else "这份文件不能导入"), None
    meta = parsed.meta
    if (
        meta.get("framework_id") != campaign.framework_id
        or str(meta.get("framework_version")) != campaign.framework_version
    ):
        return (
            f"模板属于另一评价体系版本（{meta.get('framework_id')} {meta.get('framework_version')}），"
            f"本创建周期使用 {campaign.framework_id} {campaign.framework_version}"
        ), None
    if meta.get("campaign") != campaign.name:
        return f"模板属于另一创建周期（{meta.get('campaign')}），不是“{campaign.name}”", None
    if meta.get("department"):
        return f"这是部门模板（{meta['department']}），请使用“全部指标”模板", None
    name, city = str(meta.get("county") or ""), str(meta.get("city") or "")
    county = find_county(province, name, city)
    if county is None:
        return f"{city}{name}不是本省系统中的{words_of(campaign).unit}", None
    application = Application.objects.filter(campaign=campaign, county=county).first()
    if application is not None and has_data(application):
        return f"{county.name}已在系统中填报，不覆盖", county
    if meta.get("application_id") not in (None, application.pk if application else None):
        return "模板属于另一份申报（申报编号不符），请使用“全部指标”空白模板填写", county
    if parsed.problems:
        listed = "；".join(p.message for p in parsed.problems[:MAX_LISTED_PROBLEMS])
        more = "……" if len(parsed.problems) > MAX_LISTED_PROBLEMS else ""
        return f"有 {len(parsed.problems)} 个问题：{listed}{more}", county
    if not any(v is not None for v in parsed.values.values()):
        return "模板中没有填报任何数据", county
    return "", county


def _parse(campaign: Campaign, data: bytes) -> ParsedWorkbook:
    return read_workbook(data, campaign.framework, max_bytes=max_file_bytes())


def create_batch(
    campaign: Campaign, user: User, uploads: list[tuple[Upload, Any]], count: int
) -> BulkImport:
    """Store the uploaded files as they are, for the check (`check_batch`): none is read here.

    The caller enqueues the check.
    """
    batch = BulkImport.objects.create(campaign=campaign, uploaded_by=user, files=count)
    kept: list[Upload] = []
    try:
        for n, (upload, content) in enumerate(uploads, start=1):
            if content is not None:  # streamed to the storage chunk by chunk
                upload.stored = default_storage.save(
                    f"bulk/{batch.pk}/uploads/{n:03d}.{upload.kind}", content
                )
            kept.append(upload)
    except Exception:
        _delete_files(u.stored for u in kept)
        batch.delete()
        raise
    batch.uploads = [u.as_json() for u in kept]
    batch.save(update_fields=["uploads"])
    return batch


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                log.warning("bulk import: could not delete %s", name)


def _check_item(
    batch: BulkImport,
    position: int,
    incoming: Incoming,
    province: Organisation | None,
    seen: dict[int, str],
) -> None:
    """Store one file and record the check's verdict on it (nothing written to applications)."""
    campaign = batch.campaign
    item = BulkItem(batch=batch, position=position, file_name=incoming.name)
    item.status, item.reason = BulkItem.Status.REFUSED, incoming.refusal
    if incoming.data is not None:
        item.sha256 = hashlib.sha256(incoming.data).hexdigest()
        item.stored_name = default_storage.save(
            f"bulk/{batch.pk}/{position:04d}.xlsx", ContentFile(incoming.data)
        )
        parsed = _parse(campaign, incoming.data)
        item.county = str(parsed.meta.get("county") or "")[:100]
        item.city = str(parsed.meta.get("city") or "")[:100]
        reason, county = check_workbook(campaign, province, parsed)
        if not reason and county is not None and county.pk in seen:
            unit = words_of(campaign).short
            reason = f"与本批次中的“{seen[county.pk]}”属于同一{unit}，未重复加载"
        if not reason and county is not None:
            seen[county.pk] = incoming.name
            item.status = BulkItem.Status.ACCEPTED
            item.values = sum(v is not None for v in parsed.values.values())
        item.reason = reason
    item.save()


def check_batch(batch_id: int) -> None:
    """Check every file of a stored batch (the dry run), counting each one checked.

    Runs from scratch each time (an interrupted run's items are dropped first), so a task run
    twice is harmless; nothing is written to the counties' applications.
    """
    batch = BulkImport.objects.select_related("campaign", "uploaded_by").filter(pk=batch_id).first()
    if batch is None or batch.status != BulkImport.Status.PENDING:
        return
    _delete_files(batch.items.values_list("stored_name", flat=True))
    batch.items.all().delete()
    BulkImport.objects.filter(pk=batch.pk).update(checked=0, updated_at=timezone.now())
    uploads = [Upload(**u) for u in batch.uploads]
    try:
        if batch.uploaded_by is None:
            raise UploadRefused("上传人已不存在")
        province = province_of(batch.uploaded_by)
        seen: dict[int, str] = {}  # county id -> the file that names it first
        position = 0
        for upload in uploads:
            for incoming in from_stored(upload, lambda name: default_storage.open(name, "rb")):
                position += 1
                _check_item(batch, position, incoming, province, seen)
                BulkImport.objects.filter(pk=batch.pk).update(
                    checked=F("checked") + 1, updated_at=timezone.now()
                )
    except UploadRefused as e:
        _fail_check(batch, f"上传被拒绝：{e}")
    except Exception as e:
        if is_transient(e):
            raise  # a locked or lost database: the task is retried, from scratch
        log.exception("bulk import %s: the check failed", batch.pk)
        _fail_check(batch, f"检查失败（{type(e).__name__}），请联系系统管理员")
    else:
        with transaction.atomic():
            batch = BulkImport.objects.select_for_update().get(pk=batch.pk)
            if batch.status != BulkImport.Status.PENDING:
                return
            _summarise(batch, BulkImport.Status.CHECKED)
            batch.total = batch.items.filter(status=BulkItem.Status.ACCEPTED).count()
            batch.save(update_fields=["status", "summary", "total"])
    _delete_files(u.stored for u in uploads)  # each file checked is kept on its own item


def check_stalled(batch: BulkImport, now: dt.datetime | None = None) -> BulkImport:
    """Fail a check that has shown no progress for `STALLED_AFTER` (no worker ran it, or it
    died); return the batch as it now stands, so that its page never polls forever."""
    if batch.status == BulkImport.Status.PENDING:
        error = "检查未能完成：后台进程没有运行或已停止，请联系系统管理员后重新上传"
        batch.fail_if_stalled(STALLED_AFTER, error, now)
    return batch


def _fail_check(batch: BulkImport, error: str) -> None:
    batch.refresh_from_db()
    _summarise(batch, BulkImport.Status.FAILED)
    batch.error = error
    batch.save(update_fields=["status", "summary", "error", "finished_at"])


def _summarise(batch: BulkImport, status: str) -> None:
    counts = {s: 0 for s in BulkItem.Status.values}
    for s in batch.items.values_list("status", flat=True):
        counts[s] += 1
    batch.status = status
    batch.summary = {"files": sum(counts.values()), **counts}
    if batch.finished:
        batch.finished_at = timezone.now()


def start_loading(batch_id: int) -> bool:
    """Mark a checked batch as loading; False if it was loaded (or started) already."""
    with transaction.atomic():
        batch = BulkImport.objects.select_for_update().get(pk=batch_id)
        if batch.status != BulkImport.Status.CHECKED or batch.total == 0:
            return False
        batch.status = BulkImport.Status.LOADING
        batch.save(update_fields=["status"])
    return True


def _lock(application: Application) -> None:
    """Lock the application row (every write path takes it) before reading what is changed."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    application.refresh_from_db(fields=["status"])


def load_offline_values(
    application: Application, values: dict[str, Any], user: User, reason: str
) -> int:
    """Write a county's offline values into its empty application; one audit entry per value.

    Refuses (ValueError) if the county has any data of its own: it is never overwritten.
    """
    framework = application.campaign.framework
    with transaction.atomic():
        _lock(application)
        freeze.require_not_final(application)
        if has_data(application):
            raise ValueError(f"{application.county.name}已在系统中填报，不覆盖")
        n = 0
        # only locked inputs' official figures are there (has_data): they stay
        official = set(
            InputValue.objects.filter(application=application).values_list("key", flat=True)
        )
        for key, value in values.items():
            spec = framework.input_or_none(key)
            if spec is None or value is None or key in official:
                continue
            if isinstance(spec, RecordsInput) and value:
                for data in value:
                    Record.objects.create(
                        application=application, key=key, data=data, updated_by=user
                    )
            else:
                InputValue.objects.create(
                    application=application, key=key, value=value, updated_by=user
                )
            audit.log(application, user, AuditEntry.Action.VALUE, key=key, new=value, reason=reason)
            n += 1
    return n


def load_item(item: BulkItem, user: User) -> None:
    """Load one accepted workbook in its own transaction, checking it again first."""
    batch = item.batch
    campaign = batch.campaign
    reason_text = f"省级批量导入：{item.file_name}"
    with default_storage.open(item.stored_name, "rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise ValueError("存储的文件与检查时不一致")
    parsed = _parse(campaign, data)
    province = province_of(user)
    with transaction.atomic():
        # lock the county's application before reading its data: the county may start online
        # at this very moment, and then it is never overwritten
        named = find_county(
            province, str(parsed.meta.get("county") or ""), str(parsed.meta.get("city") or "")
        )
        if named is not None:
            Application.objects.select_for_update().filter(campaign=campaign, county=named).first()
        refusal, county = check_workbook(campaign, province, parsed)
        if refusal or county is None:
            item.status, item.reason = (
                BulkItem.Status.REFUSED,
                refusal or f"找不到{words_of(campaign).short}",
            )
            item.save(update_fields=["status", "reason"])
            return
        application = open_application(campaign, county)
        load_offline_values(application, parsed.values, user, reason_text)  # locks, checks again
        old = application.status
        application.status = Application.Status.SUBMITTED
        application.save(update_fields=["status"])
        audit.log(
            application,
            user,
            AuditEntry.Action.STATE,
            name="submit_application",
            old=old,
            new=application.status,
            reason=reason_text,
        )
        item.status, item.application, item.reason = BulkItem.Status.LOADED, application, ""
        item.save(update_fields=["status", "application", "reason"])


def load_batch(batch_id: int) -> None:
    """Load every accepted item of a batch that is loading; count each one done."""
    batch = BulkImport.objects.select_related("campaign", "uploaded_by").get(pk=batch_id)
    if batch.status != BulkImport.Status.LOADING:
        return
    user = batch.uploaded_by
    try:
        for item in batch.items.filter(status=BulkItem.Status.ACCEPTED).order_by("position"):
            item.batch = batch
            try:
                if user is None:
                    raise ValueError("上传人已不存在")
                load_item(item, user)
            except Exception as e:
                if is_transient(e):
                    raise  # nothing of the item was written; the retried task loads it
                log.exception("bulk import %s: loading %s failed", batch.pk, item.file_name)
                item.status = BulkItem.Status.FAILED
                item.reason = f"加载失败，未写入任何数据：{e}"
                item.save(update_fields=["status", "reason"])
            BulkImport.objects.filter(pk=batch.pk).update(done=F("done") + 1)
    except Exception as e:
        if is_transient(e):
            raise  # still loading: the task is retried and goes on with the items left
        log.exception("bulk import %s failed", batch.pk)
        batch.refresh_from_db()
        _summarise(batch, BulkImport.Status.FAILED)
        batch.save(update_fields=["status", "summary", "finished_at"])
        raise
    batch.refresh_from_db()
    _summarise(batch, BulkImport.Status.DONE)
    batch.save(update_fields=["status", "summary", "finished_at"])
