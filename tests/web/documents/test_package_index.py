"""The evidence package's index as the web fills it: local upload times, the uploader whole."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from qcounty.web.documents.builders import package_files
from qcounty.web.evidence.models import Evidence
from tests.web.conftest import World
from tests.web.evidence.test_uploads import PDF, upload


def test_upload_times_are_local_and_the_uploader_is_named(
    world: World, office_client: Client
) -> None:
    upload(office_client, world.application, "注册计量师名单.pdf", PDF)
    evidence = Evidence.objects.get(application=world.application)
    at = dt.datetime(2026, 12, 5, 6, 56, 17, tzinfo=dt.UTC)  # 14:56 in Asia/Shanghai
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=at)
    (shown,) = package_files(world.application)
    assert shown.uploaded_at == "2026-12-05T14:56:17+08:00"
    assert shown.uploaded_by == str(world.office)
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"
