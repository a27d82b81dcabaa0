"""One document serving two indicators is stored once; a duplicate is found per indicator."""

from __future__ import annotations

from django.test import Client

from qcounty.web.evidence.actions import remove_evidence
from qcounty.web.evidence.models import Evidence
from tests.web.conftest import PDF, World
from tests.web.evidence.test_uploads import message_of, upload


def test_the_same_document_for_a_second_indicator_gets_its_own_row_and_no_second_copy(
    world: World, office_client: Client
) -> None:
    upload(office_client, world.application, "工作方案.pdf", PDF, indicator=17)
    page = upload(office_client, world.application, "工作方案.pdf", PDF, indicator=18)
    assert "已上传" in message_of(page)
    first, second = Evidence.objects.order_by("id")
    assert (first.indicator, second.indicator) == (17, 18)
    assert first.file.name == second.file.name  # one stored file
    assert first.sha256 == second.sha256


def test_removing_one_of_two_rows_keeps_the_file_the_other_needs(
    world: World, office_client: Client, django_capture_on_commit_callbacks
) -> None:
    upload(office_client, world.application, "工作方案.pdf", PDF, indicator=17)
    upload(office_client, world.application, "工作方案.pdf", PDF, indicator=18)
    first, second = Evidence.objects.order_by("id")
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(first, world.office)
    assert second.file.storage.exists(second.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(second, world.office)
    assert not second.file.storage.exists(second.file.name)


def test_a_duplicate_notice_names_only_a_file_of_the_same_indicator(
    world: World, office_client: Client
) -> None:
    upload(office_client, world.application, "统计局内部文件.pdf", PDF, indicator=31)
    page = upload(office_client, world.application, "计量名单.pdf", PDF, indicator=17)
    assert "统计局内部文件" not in page
    again = upload(office_client, world.application, "计量名单.pdf", PDF, indicator=17)
    assert "已经上传过（计量名单.pdf" in message_of(again)


def test_a_name_with_two_dots_inside_is_accepted(world: World, office_client: Client) -> None:
    page = upload(office_client, world.application, "2021..2022年计量报告.pdf", PDF)
    assert "已上传" in message_of(page)
