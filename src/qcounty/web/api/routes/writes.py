"""Writing an application's values and records through the form's own actions.

Each operation does what the form's view does: the same access helpers, the same checks of
the core (`check_value`, `check_record`, with their Chinese messages), then the same action of
`reporting.actions` (row lock, workflow rules, optimistic version, audit trail).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.responses import Status

from qcounty.core.cohort import check_record, check_value
from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.api import states
from qcounty.web.api.auth import WRITE
from qcounty.web.api.errors import ApiError, invalid
from qcounty.web.api.routes import applications
from qcounty.web.api.routes.applications import viewed
from qcounty.web.api.routes.responses import answers
from qcounty.web.api.schemas import applications as shapes
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access, actions, fields
from qcounty.web.reporting.models import Record

# the application's router: a path that is both read and written (…/records) is one route
router = applications.router


def _conflict(conflict: actions.Conflict) -> ApiError:
    message = _(
        "已被他人修改：当前版本为 %(version)d，请重新读取、核对后再保存（本次未保存）。"
    ) % {"version": conflict.version}
    return ApiError(
        409,
        "conflict",
        message,
        [{"field": "version", "message": message}],
        extra={"current": conflict.current, "version": conflict.version},
    )


def _seen_input(user: User, application: Application, key: str) -> tuple[Input, states.Seen]:
    """Return the input the token sees under this key (404 for another's, or none)."""
    spec = application.campaign.framework.input_or_none(key)
    seen = states.seen_by(user, application)
    if spec is None or key not in seen.shown_keys():
        raise Http404
    return spec, seen


@router.put(
    "/applications/{application_id}/values/{key}",
    response=answers(shapes.ValueState, write=True),
    auth=WRITE,
    tags=["填报（写入）"],
    url_name="put_value",
    summary="保存一项填报值",
)
def put_value(
    request: HttpRequest, application_id: int, key: str, payload: shapes.ValueWrite
) -> dict[str, Any]:
    """Save one input's value, as the form saves a field (send `version` to detect conflicts)."""
    user, application = viewed(request, application_id)
    spec, seen = _seen_input(user, application, key)
    if isinstance(spec, RecordsInput):
        if payload.value != []:
            raise invalid(
                "value",
                _("“%(label)s”是记录列表：请逐条添加记录（POST …/records），或以 [] 申报“无”。")
                % {"label": spec.label},
            )
        actions.declare_no_records(application, spec, user)
    else:
        try:
            value = (
                None if payload.value is None else fields.plain(check_value(spec, payload.value))
            )
        except ValueError as e:
            access.require_editable(user, application, key)  # one who may not edit is told so
            raise invalid("value", f"“{spec.label}”{e}") from None
        try:
            actions.save_value(application, key, value, user, payload.version)
        except actions.Conflict as conflict:
            raise _conflict(conflict) from None
    number = seen.number_of(key)
    return next(
        s for s in states.value_states(application, seen, indicator=number) if s["key"] == key
    )


def _checked_record(spec: RecordsInput, data: dict[str, Any]) -> dict[str, Any]:
    """Return the record as the core checks it, or refuse it naming the field at fault."""
    try:
        return fields.plain(check_record(spec, data))  # type: ignore[no-any-return]
    except ValueError as e:
        message = str(e)
        field = "data"
        for f in spec.fields:
            if message.startswith(f"“{f.label}”") or message.startswith(f"缺少“{f.label}”"):
                field = f"data.{f.key}"
        for name in data:
            if message == f"有未知字段“{name}”":
                field = f"data.{name}"
        raise invalid(field, f"{spec.label}：{message}") from None


def _records_input(
    user: User, application: Application, key: str
) -> tuple[RecordsInput, states.Seen]:
    spec, seen = _seen_input(user, application, key)
    if not isinstance(spec, RecordsInput):
        message = _("“%(label)s”不是记录列表：请用 PUT …/values/%(key)s 保存。")
        raise invalid("key", message % {"label": spec.label, "key": key})
    return spec, seen


def _written(
    application: Application, spec: RecordsInput, record: Record, seen: states.Seen
) -> dict[str, Any]:
    warning = fields.window_warning(
        application.campaign.framework, spec, record.data, application.campaign.evaluation_year
    )
    return {**states.record_state(record, seen), "warning": warning}


@router.post(
    "/applications/{application_id}/records",
    response=answers(shapes.RecordWritten, 201, write=True),
    auth=WRITE,
    tags=["填报（写入）"],
    url_name="add_record",
    summary="添加一条记录",
)
def add_record(
    request: HttpRequest, application_id: int, payload: shapes.RecordCreate
) -> Status[dict[str, Any]]:
    """Add a record to a record list (the same record sent twice is added once)."""
    user, application = viewed(request, application_id)
    spec, seen = _records_input(user, application, payload.key)
    access.require_editable(user, application, spec.key)
    data = _checked_record(spec, payload.data)
    record = actions.add_record(application, spec, data, user, once=True)
    return Status(201, _written(application, spec, record, seen))


def _record(
    user: User, application: Application, record_id: int
) -> tuple[Record, RecordsInput, states.Seen]:
    record = Record.objects.filter(pk=record_id, application=application).first()
    if record is None:
        raise Http404
    spec, seen = _records_input(user, application, record.key)
    return record, spec, seen


@router.put(
    "/applications/{application_id}/records/{record_id}",
    response=answers(shapes.RecordWritten, write=True),
    auth=WRITE,
    tags=["填报（写入）"],
    url_name="put_record",
    summary="修改一条记录",
)
def put_record(
    request: HttpRequest, application_id: int, record_id: int, payload: shapes.RecordUpdate
) -> dict[str, Any]:
    """Replace a record's fields (send `version` to detect conflicts)."""
    user, application = viewed(request, application_id)
    record, spec, seen = _record(user, application, record_id)
    access.require_editable(user, application, spec.key)
    data = _checked_record(spec, payload.data)
    try:
        current = actions.update_record(record, data, user, payload.version)
    except actions.Conflict as conflict:
        raise _conflict(conflict) from None
    return _written(application, spec, current, seen)


@router.delete(
    "/applications/{application_id}/records/{record_id}",
    response=answers(None, 204, write=True),
    auth=WRITE,
    tags=["填报（写入）"],
    url_name="delete_record",
    summary="删除一条记录",
)
def delete_record(request: HttpRequest, application_id: int, record_id: int) -> HttpResponse:
    """Remove a record from its list."""
    user, application = viewed(request, application_id)
    record, _spec, _seen = _record(user, application, record_id)
    actions.delete_record(record, user)
    return HttpResponse(status=204)


@router.post(
    "/applications/{application_id}/selfcheck/notes",
    response=answers(shapes.FlagNote, write=True),
    auth=WRITE,
    tags=["填报（写入）"],
    url_name="explain_flag",
    summary="说明一条自查提示",
)
def explain_flag(
    request: HttpRequest, application_id: int, payload: shapes.FlagNoteWrite
) -> dict[str, Any]:
    """Explain a 自查 flag (已核实，说明…): the value stays as reported."""
    user, application = viewed(request, application_id)
    access.require_may_explain(user, application)
    try:
        note = actions.explain_flag(application, user, payload.flag, payload.text)
    except actions.Refused as refused:
        text = payload.text.strip()
        field = "text" if not text or len(text) > actions.NOTE_MAX else "flag"
        raise invalid(field, str(refused)) from None
    return {"text": note.text, "at": note.at}
