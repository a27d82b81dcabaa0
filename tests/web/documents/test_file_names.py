"""Downloads are named in Chinese (RFC 5987), as a clerk files them."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World


def test_the_progress_export_downloads_with_a_chinese_name(world: World, login) -> None:
    response = login(world.office).get(reverse("review:progress_xlsx", args=[world.application.pk]))
    assert response.status_code == 200
    today = timezone.localdate()
    name = f"威海市文登区填报进度（{today.year}年{today.month}月{today.day}日）.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
