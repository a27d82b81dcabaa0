"""Two confirmations of the same import at once (a double click on 确认导入), on PostgreSQL.

The workbook replaces 文登区's training list (2 records) by its own 3; both requests run in
real threads, each with its own connection, and both have planned the import (read the list)
before either writes, unless the first holds the application's lock while it plans.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from qcounty.office.template import write_template
from qcounty.web.documents import imports
from qcounty.web.documents.data import meta_of
from qcounty.web.reporting import actions
from qcounty.web.reporting.models import Record
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import World, framework
from tests.web.threads import client_of, meet, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)
KEY = "i24.trainings"
BEFORE = [
    {"date": "2021-05-10", "title": "旧培训一", "audience": None, "participants": None},
    {"date": "2022-05-10", "title": "旧培训二", "audience": None, "participants": None},
]
WORKBOOK = [
    {"date": "2021-06-01", "title": "首席质量官培训", "audience": "企业负责人", "participants": 40},
    {"date": "2022-06-01", "title": "质量管理培训", "audience": "质量主管", "participants": 55},
    {"date": "2023-03-01", "title": "计量知识培训", "audience": None, "participants": 30},
]


def _records(world: World) -> list[dict[str, Any]]:
    rows = Record.objects.filter(application=world.application, key=KEY).order_by("pk")
    return [r.data for r in rows]


def _uploaded(world: World, *, first: bool = True) -> str:
    """Upload the workbook (the dry run) and return the token of its confirmation."""
    spec = framework().input_or_none(KEY)
    for data in BEFORE if first else []:
        actions.add_record(world.application, spec, data, world.office)  # type: ignore[arg-type]
    content = write_template(framework(), meta_of(world.application, None), {KEY}, {KEY: WORKBOOK})
    upload = io.BytesIO(content)
    upload.name = "培训.xlsx"
    page = client_of(world.office).post(
        reverse("documents:import", args=[world.application.pk]), {"file": upload}
    )
    assert page.status_code == 200
    token = page.context["token"]
    assert token
    return str(token)


def test_a_double_click_on_confirm_import_imports_the_workbook_once(
    world: World, evidence_root: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    token = _uploaded(world)
    url = reverse("documents:import_commit", args=[world.application.pk, token])
    before = AuditEntry.objects.count()
    # each request stops once it has planned the import, until the other has too (if it can)
    meet(monkeypatch, imports, "plan_import")
    first, second = together(
        lambda: client_of(world.office).post(url, follow=True),
        lambda: client_of(world.office).post(url, follow=True),
    )
    assert first.error is None and second.error is None
    # exactly the workbook's records, each change audited once
    assert sorted(_records(world), key=str) == sorted(WORKBOOK, key=str)
    logged = AuditEntry.objects.filter(pk__gt=0).order_by("pk")[before:]
    actions_logged = sorted(e.action for e in logged)
    assert actions_logged == sorted(
        [AuditEntry.Action.RECORD_REMOVED] * 2 + [AuditEntry.Action.RECORD_ADDED] * 3
    )
    # one request imported; the other was told the file is already imported
    pages = sorted(w.result.content.decode() for w in (first, second))
    assert sum("已导入 1 项" in p for p in pages) == 1
    assert sum("这份文件已经导入" in p for p in pages) == 1


def test_a_confirmation_used_once_cannot_be_used_again(world: World, evidence_root: Any) -> None:
    token = _uploaded(world)
    url = reverse("documents:import_commit", args=[world.application.pk, token])
    client = client_of(world.office)
    assert "已导入 1 项" in client.post(url, follow=True).content.decode()
    audited = AuditEntry.objects.count()
    again = client.post(url, follow=True)
    assert again.status_code == 200
    assert "这份文件已经导入" in again.content.decode()
    assert sorted(_records(world), key=str) == sorted(WORKBOOK, key=str)
    assert AuditEntry.objects.count() == audited


def test_the_same_workbook_uploaded_twice_and_confirmed_at_once_is_imported_once(
    world: World, evidence_root: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    # two tabs: two dry runs of the same workbook, two tokens, confirmed at the same moment
    urls = [
        reverse("documents:import_commit", args=[world.application.pk, token])
        for token in (_uploaded(world), _uploaded(world, first=False))
    ]
    before = AuditEntry.objects.count()
    meet(monkeypatch, imports, "plan_import")
    first, second = together(
        *[lambda url=url: client_of(world.office).post(url, follow=True) for url in urls]
    )
    assert first.error is None and second.error is None
    assert sorted(_records(world), key=str) == sorted(WORKBOOK, key=str)
    assert AuditEntry.objects.count() - before == 5  # 2 removed, 3 added
    pages = sorted(w.result.content.decode() for w in (first, second))
    assert sum("已导入 1 项" in p for p in pages) == 1
    assert sum("没有需要导入的内容" in p for p in pages) == 1
