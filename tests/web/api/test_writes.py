"""Writing through the API is writing through the form's actions: the core's checks with their
Chinese messages as structured errors, the workflow's locks, the optimistic version, the audit
trail naming the token."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qcounty.web.api.models import ApiToken
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import AuditEntry
from tests.web.api.conftest import Api
from tests.web.conftest import PDF, World

TRAINING = {"date": "2022-06-01", "title": "质量管理培训", "audience": None, "participants": 55}


def value_url(world: World, key: str = "i17.metrologists") -> str:
    return f"/applications/{world.application.pk}/values/{key}"


def test_a_value_saved_through_the_api_is_stored_and_audited_as_the_tokens(
    world: World, tokens: dict[str, Api]
) -> None:
    response = tokens["office"].put(value_url(world), {"value": 12})
    assert response.status_code == 200
    body = response.json()
    assert (body["key"], body["value"], body["version"], body["editable"]) == (
        "i17.metrologists",
        12,
        1,
        True,
    )
    token = ApiToken.objects.get(user__organisation=world.wendeng, user__role="county_office")
    entry = AuditEntry.objects.get(application=world.application, key="i17.metrologists")
    assert (entry.user, entry.old, entry.new) == (token.user, None, 12)
    assert str(entry.user).startswith("接口令牌：")


@pytest.mark.parametrize(
    ("value", "message"),
    [("十二", "应为"), (-3, ""), (1.5, ""), ({"a": 1}, "")],
)
def test_a_value_the_core_refuses_is_a_structured_error_and_changes_nothing(
    world: World, tokens: dict[str, Api], value: Any, message: str
) -> None:
    response = tokens["office"].put(value_url(world), {"value": value})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "value"
    assert body["message"].startswith(
        "“注册计量师数量”"
    )  # the input's label, then the core's reason
    assert message in body["message"]
    assert not InputValue.objects.exists() and not AuditEntry.objects.exists()


def test_a_body_that_is_not_the_schema_names_the_field(
    world: World, tokens: dict[str, Api]
) -> None:
    response = tokens["office"].put(value_url(world), {"value": 3, "version": "one"})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"field": "version", "message": "应为整数"}
    missing = tokens["office"].put(value_url(world), {"version": 0})
    assert missing.json()["errors"][0]["field"] == "value"


def test_two_writes_with_the_same_version_one_wins_the_other_gets_a_structured_409(
    world: World, tokens: dict[str, Api]
) -> None:
    first = tokens["office"].put(value_url(world), {"value": 5, "version": 0})
    second = tokens["market_clerk"].put(value_url(world), {"value": 7, "version": 0})
    assert first.status_code == 200
    assert second.status_code == 409
    body = second.json()
    assert (body["code"], body["current"], body["version"]) == ("conflict", 5, 1)
    assert body["errors"][0]["field"] == "version" and "已被他人修改" in body["message"]
    assert InputValue.objects.get().value == 5
    # read again, then saved with the version read: accepted
    third = tokens["market_clerk"].put(value_url(world), {"value": 7, "version": 1})
    assert (third.status_code, third.json()["version"]) == (200, 2)


def test_a_submitted_application_refuses_a_county_write_with_the_forms_reason(
    world: World, tokens: dict[str, Api]
) -> None:
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    response = tokens["office"].put(value_url(world), {"value": 3})
    assert response.status_code == 403
    assert "已提交" in response.json()["message"]


def test_records_are_added_changed_and_removed_through_the_forms_actions(
    world: World, tokens: dict[str, Api]
) -> None:
    api, a = tokens["office"], world.application.pk
    added = api.post(f"/applications/{a}/records", {"key": "i24.trainings", "data": TRAINING})
    assert added.status_code == 201, added.json()
    record = added.json()
    assert (record["data"], record["version"]) == (TRAINING, 1)
    again = api.post(f"/applications/{a}/records", {"key": "i24.trainings", "data": TRAINING})
    assert again.json()["id"] == record["id"]  # the same record sent twice is added once
    changed = {**TRAINING, "participants": 60}
    put = api.put(f"/applications/{a}/records/{record['id']}", {"data": changed, "version": 1})
    assert (put.status_code, put.json()["version"]) == (200, 2)
    stale = api.put(f"/applications/{a}/records/{record['id']}", {"data": TRAINING, "version": 1})
    assert stale.status_code == 409 and stale.json()["current"] == changed
    assert api.delete(f"/applications/{a}/records/{record['id']}").status_code == 204
    assert not Record.objects.exists()
    actions = list(AuditEntry.objects.filter(key="i24.trainings").values_list("action", flat=True))
    assert actions == ["record_added", "record_changed", "record_removed"]


def test_a_record_the_core_refuses_names_its_field(world: World, tokens: dict[str, Api]) -> None:
    a = world.application.pk
    bad = {**TRAINING, "date": "去年"}
    response = tokens["office"].post(
        f"/applications/{a}/records", {"key": "i24.trainings", "data": bad}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "data.date"
    unknown = {**TRAINING, "colour": "red"}
    response = tokens["office"].post(
        f"/applications/{a}/records", {"key": "i24.trainings", "data": unknown}
    )
    assert response.json()["errors"][0]["field"] == "data.colour"
    assert not Record.objects.exists()


def test_an_empty_list_declares_no_records_and_a_scalar_key_refuses_records(
    world: World, tokens: dict[str, Api]
) -> None:
    api, a = tokens["office"], world.application.pk
    none = api.put(f"/applications/{a}/values/i24.trainings", {"value": []})
    assert (none.status_code, none.json()["reported"]) == (200, True)
    listed = api.put(f"/applications/{a}/values/i24.trainings", {"value": [TRAINING]})
    assert listed.status_code == 422 and "记录列表" in listed.json()["message"]
    wrong = api.post(f"/applications/{a}/records", {"key": "i17.metrologists", "data": {}})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "key"


def test_evidence_is_uploaded_through_the_forms_checks(
    world: World, tokens: dict[str, Api], evidence_root: Any
) -> None:
    api, a = tokens["office"], world.application.pk
    pdf = SimpleUploadedFile("计量证明.pdf", PDF, content_type="application/pdf")
    stored = api.upload(f"/applications/{a}/evidence", {"indicator": 17, "file": pdf})
    assert stored.status_code == 201, stored.json()
    assert (stored.json()["name"], stored.json()["kind"], stored.json()["duplicate"]) == (
        "计量证明.pdf",
        "pdf",
        False,
    )
    fake = SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = api.upload(f"/applications/{a}/evidence", {"indicator": 17, "file": fake})
    assert refused.status_code == 422
    assert (
        refused.json()["errors"][0]["field"] == "file" and "伪装.pdf" in refused.json()["message"]
    )
    assert Evidence.objects.count() == 1
    listed = api.get(f"/applications/{a}/evidence").json()
    assert [e["name"] for e in listed["items"]] == ["计量证明.pdf"]
    assert AuditEntry.objects.filter(action="evidence_added").count() == 1


def test_an_upload_over_the_evidence_limit_is_refused_before_it_is_read(
    world: World, tokens: dict[str, Api], settings: Any, evidence_root: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1000
    big = SimpleUploadedFile("大.pdf", PDF + b"\n" * 2_000_000, content_type="application/pdf")
    response = tokens["office"].upload(
        f"/applications/{world.application.pk}/evidence", {"indicator": 17, "file": big}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "上限" in response.json()["message"]
    assert not Evidence.objects.exists()


def test_a_json_body_over_the_limit_is_refused(
    world: World, tokens: dict[str, Api], settings: Any
) -> None:
    settings.API_MAX_BODY_BYTES = 100
    response = tokens["office"].put(value_url(world, "i01.slogan_text"), {"value": "质" * 200})
    assert response.status_code == 413
    assert not InputValue.objects.exists()


def test_a_file_over_its_limit_is_stopped_while_it_streams_in(
    world: World, tokens: dict[str, Api], settings: Any, evidence_root: Any
) -> None:
    # the request is small enough to be read (the limit and the form's allowance), but the
    # file passes its limit: the upload handler drops it and the API says why
    settings.EVIDENCE_MAX_BYTES = 1000
    big = SimpleUploadedFile("稍大.pdf", PDF + b"\n" * 5000, content_type="application/pdf")
    response = tokens["office"].upload(
        f"/applications/{world.application.pk}/evidence", {"indicator": 17, "file": big}
    )
    assert response.status_code == 413
    assert "稍大.pdf" in response.json()["message"]
    assert not Evidence.objects.exists()
