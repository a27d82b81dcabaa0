"""The province's bulk import: a zip of counties' workbooks, the dry run, the background load."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qcounty.core.synth import generate_cohort
from qcounty.office.template import TemplateMeta, write_template
from qcounty.web.accounts.models import User
from qcounty.web.bulk import files
from qcounty.web.bulk.models import BulkImport, BulkItem
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.documents.data import values_of
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import actions as reporting_actions
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import YEAR, World, framework

Kind = Organisation.Kind
COUNTIES = [
    ("烟台市", "莱阳市"),
    ("烟台市", "莱州市"),
    ("烟台市", "招远市"),
    ("烟台市", "栖霞市"),
    ("烟台市", "海阳市"),
    ("潍坊市", "青州市"),
    ("潍坊市", "诸城市"),
    ("潍坊市", "寿光市"),
    ("潍坊市", "安丘市"),
    ("潍坊市", "高密市"),
]
EXE = b"MZ\x90\x00" + random.Random(1).randbytes(4000)  # what a Windows program looks like
OTHER_CAMPAIGN = "2022年山东省质量强县（市、区）创建"


@cache
def _values() -> list[dict[str, Any]]:
    cohort = generate_cohort(framework(), counties=len(COUNTIES), seed=11, year=YEAR)
    return [c["values"] for c in cohort["counties"]]


@cache
def workbook(n: int, campaign: str, city: str | None = None, county: str | None = None) -> bytes:
    fw = framework()
    meta = TemplateMeta(
        framework_id=fw.id,
        framework_version=fw.version,
        campaign=campaign,
        evaluation_year=YEAR,
        county=county or COUNTIES[n][1],
        city=city or COUNTIES[n][0],
        department=None,
        application_id=None,
        generated_at="2024-03-01T09:00:00+08:00",
    )
    return write_template(fw, meta, None, _values()[n])


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any, evidence_root: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def counties(world: World) -> dict[str, Organisation]:
    cities = {
        name: Organisation.objects.create(kind=Kind.CITY, name=name, parent=world.province)
        for name in {c for c, _ in COUNTIES}
    }
    return {
        county: Organisation.objects.create(kind=Kind.COUNTY, name=county, parent=cities[city])
        for city, county in COUNTIES
    }


@pytest.fixture
def evaluator(world: World, login: Callable[[User], Client]) -> Client:
    return login(world.evaluator)


def ten(campaign: Campaign) -> dict[str, bytes]:
    return {
        f"县报送/{county}.xlsx": workbook(n, campaign.name)
        for n, (_, county) in enumerate(COUNTIES)
    }


def upload(client: Client, campaign: Campaign, *uploads: tuple[str, bytes]) -> Any:
    return client.post(
        reverse("bulk:upload"),
        {"campaign": campaign.pk, "files": [SimpleUploadedFile(n, d) for n, d in uploads]},
    )


def only_batch() -> BulkImport:
    (batch,) = BulkImport.objects.all()
    return batch


def items(batch: BulkImport) -> dict[str, BulkItem]:
    return {i.file_name: i for i in batch.items.all()}


def test_the_dry_run_accepts_ten_counties_and_refuses_the_rest_with_reasons(
    world: World, counties: dict[str, Organisation], evaluator: Client
) -> None:
    # 文登区 has started online: its data is never overwritten
    reporting_actions.save_value(world.application, "pre.stations", 3, world.office)
    members = ten(world.campaign)
    members["其他/莱阳市-去年.xlsx"] = workbook(0, OTHER_CAMPAIGN)
    members["其他/文登区.xlsx"] = workbook(1, world.campaign.name, "威海市", "文登区")
    members["其他/不存在县.xlsx"] = workbook(2, world.campaign.name, "威海市", "海王县")
    members["../../etc/报表.xlsx"] = EXE  # a renamed executable
    members["setup.exe"] = EXE
    members["炸弹.xlsx"] = b"\x00" * (5 * 1024 * 1024)  # 5 MB of zeros: ratio ~1000
    members["__MACOSX/._莱阳市.xlsx"] = b"junk"

    response = upload(evaluator, world.campaign, ("各县.zip", zipped(members)))

    batch = only_batch()
    assert response.status_code == 302
    assert response["Location"] == reverse("bulk:batch", args=[batch.pk])
    assert batch.status == BulkImport.Status.CHECKED
    assert batch.total == 10
    assert batch.summary == {"files": 16, "accepted": 10, "refused": 6, "loaded": 0, "failed": 0}
    by_name = items(batch)
    for _, county in COUNTIES:
        item = by_name[f"{county}.xlsx"]
        assert (item.status, item.county, item.reason) == ("accepted", county, "")
        assert item.stored_name.startswith(f"bulk/{batch.pk}/")
    assert "另一创建周期" in by_name["莱阳市-去年.xlsx"].reason
    assert by_name["文登区.xlsx"].reason == "文登区已在系统中填报，不覆盖"
    assert "不是本省系统中的县" in by_name["不存在县.xlsx"].reason
    assert "不是 Excel" in by_name["报表.xlsx"].reason  # the path is gone, the content refused
    assert "不是 Excel" in by_name["setup.exe"].reason
    assert "压缩炸弹" in by_name["炸弹.xlsx"].reason
    assert not by_name["setup.exe"].stored_name and not by_name["炸弹.xlsx"].stored_name
    # the dry run writes nothing to the counties
    assert not Application.objects.filter(county__in=counties.values()).exists()
    assert values_of(world.application)["pre.stations"] == 3

    page = evaluator.get(response["Location"]).content.decode()
    assert "加载 10 个县的数据" in page
    assert "文登区已在系统中填报，不覆盖" in page


def test_loading_creates_ten_submitted_applications_with_the_workbooks_values(
    world: World, counties: dict[str, Organisation], evaluator: Client
) -> None:
    upload(evaluator, world.campaign, ("各县.zip", zipped(ten(world.campaign))))
    batch = only_batch()

    response = evaluator.post(reverse("bulk:load", args=[batch.pk]))

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BulkImport.Status.DONE
    assert (batch.done, batch.total, batch.summary["loaded"]) == (10, 10, 10)
    assert batch.finished and batch.finished_at is not None  # as every background job
    for n, (_, name) in enumerate(COUNTIES):
        application = Application.objects.get(campaign=world.campaign, county=counties[name])
        assert application.status == Application.Status.SUBMITTED
        expected = {k: v for k, v in _values()[n].items() if v is not None}
        loaded = {k: v for k, v in values_of(application).items() if v is not None}
        assert loaded == expected
        entries = AuditEntry.objects.filter(application=application)
        value_entries = entries.filter(action=AuditEntry.Action.VALUE)
        assert value_entries.count() == len(expected)
        assert {e.key for e in value_entries} == set(expected)
        assert {(e.user_id, e.reason) for e in entries} == {
            (world.evaluator.pk, f"省级批量导入：{name}.xlsx")
        }
        (state,) = entries.filter(action=AuditEntry.Action.STATE)
        assert (state.old, state.new) == ("draft", "submitted")
        assert items(batch)[f"{name}.xlsx"].application == application
    # the province sees them now, and the result page links them
    page = evaluator.get(reverse("bulk:batch", args=[batch.pk])).content.decode()
    assert page.count(reverse("reporting:application", args=[0])[:-2]) >= 10

    # the load button works once
    before = AuditEntry.objects.count()
    again = evaluator.post(reverse("bulk:load", args=[batch.pk]), follow=True)
    assert "已经加载过" in again.content.decode()
    assert AuditEntry.objects.count() == before
    batch.refresh_from_db()
    assert batch.done == 10


def test_a_county_that_starts_online_after_the_check_is_not_overwritten(
    world: World, evaluator: Client
) -> None:
    upload(
        evaluator,
        world.campaign,
        ("荣成市.xlsx", workbook(0, world.campaign.name, "威海市", "荣成市")),
    )
    batch = only_batch()
    assert batch.total == 1
    reporting_actions.save_value(world.other_application, "pre.stations", 4, world.rongcheng_office)

    evaluator.post(reverse("bulk:load", args=[batch.pk]))

    (item,) = batch.items.all()
    assert (item.status, item.reason) == ("refused", "荣成市已在系统中填报，不覆盖")
    world.other_application.refresh_from_db()
    assert world.other_application.status == Application.Status.DRAFT
    assert {k: v for k, v in values_of(world.other_application).items() if v is not None} == {
        "pre.stations": 4
    }


def test_several_xlsx_files_can_be_uploaded_without_a_zip(
    world: World, counties: dict[str, Organisation], evaluator: Client
) -> None:
    upload(
        evaluator,
        world.campaign,
        ("莱阳市.xlsx", workbook(0, world.campaign.name)),
        ("莱州市.xlsx", workbook(1, world.campaign.name)),
        ("莱州市-重复.xlsx", workbook(1, world.campaign.name)),
        ("说明.docx", b"PK\x03\x04"),
    )
    by_name = items(only_batch())
    assert [by_name[n].status for n in ("莱阳市.xlsx", "莱州市.xlsx")] == ["accepted"] * 2
    assert "同一县" in by_name["莱州市-重复.xlsx"].reason
    assert "不是 Excel" in by_name["说明.docx"].reason


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"炸弹.xlsx": b"\x00" * (10 * 1024 * 1024)}, "压缩炸弹"),
        ({f"{n}.xlsx": b"x" for n in range(501)}, "文件过多"),
    ],
    ids=["bomb", "too-many-members"],
)
def test_a_hostile_zip_is_refused_whole(
    world: World, evaluator: Client, members: dict[str, bytes], message: str
) -> None:
    response = upload(evaluator, world.campaign, ("各县.zip", zipped(members)))
    assert response.status_code == 302
    assert message in evaluator.get(response["Location"]).content.decode()
    assert not BulkImport.objects.exists()


def test_a_campaign_must_be_chosen(world: World, evaluator: Client) -> None:
    for campaign in ("", "x1", "999"):
        response = evaluator.post(reverse("bulk:upload"), {"campaign": campaign})
        assert "请选择创建周期" in evaluator.get(response["Location"]).content.decode()
    assert not BulkImport.objects.exists()


def test_a_broken_zip_is_refused(world: World, evaluator: Client) -> None:
    response = upload(
        evaluator,
        world.campaign,
        ("各县.zip", b"PK\x03\x04 not really"),
    )
    assert "不是有效的 zip" in evaluator.get(response["Location"]).content.decode()
    assert not BulkImport.objects.exists()


def test_only_the_province_reaches_the_bulk_import(
    world: World, counties: dict[str, Organisation], login: Callable[[User], Client]
) -> None:
    evaluator = login(world.evaluator)
    upload(evaluator, world.campaign, ("莱阳市.xlsx", workbook(0, world.campaign.name)))
    batch = only_batch()
    home = evaluator.get(reverse("home")).content.decode()
    assert reverse("bulk:upload") in home
    for user in (world.office, world.market_clerk):
        client = login(user)
        assert reverse("bulk:upload") not in client.get(reverse("home")).content.decode()
        assert client.get(reverse("bulk:upload")).status_code == 404
        assert client.get(reverse("bulk:batch", args=[batch.pk])).status_code == 404
        assert client.get(reverse("bulk:progress", args=[batch.pk])).status_code == 404
        assert client.post(reverse("bulk:load", args=[batch.pk])).status_code == 404
        forged = upload(client, world.campaign, ("莱阳市.xlsx", workbook(0, world.campaign.name)))
        assert forged.status_code == 404
    client.logout()
    assert client.get(reverse("bulk:upload")).status_code == 302  # to the login page
    batch.refresh_from_db()
    assert (batch.status, BulkImport.objects.count()) == (BulkImport.Status.CHECKED, 1)
    assert not Application.objects.filter(county=counties["莱阳市"]).exists()
    admin = login(world.admin)
    assert admin.get(reverse("bulk:batch", args=[batch.pk])).status_code == 200


def test_the_progress_partial_polls_while_loading_and_refreshes_when_done(
    world: World, evaluator: Client
) -> None:
    batch = BulkImport.objects.create(
        campaign=world.campaign, uploaded_by=world.evaluator, status="loading", total=10, done=3
    )
    url = reverse("bulk:progress", args=[batch.pk])
    loading = evaluator.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in loading.content.decode()
    assert '<progress max="10" value="3">' in loading.content.decode()
    assert "HX-Refresh" not in loading
    page = evaluator.get(reverse("bulk:batch", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    BulkImport.objects.filter(pk=batch.pk).update(status="done", done=10)
    done = evaluator.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' not in done.content.decode()
    assert done["HX-Refresh"] == "true"


def test_member_names_are_cleaned_and_gbk_names_are_read() -> None:
    assert files.clean_name("../../etc/passwd") == "passwd"
    assert files.clean_name("a\\b\\..\\莱阳市\x00.xlsx") == "莱阳市.xlsx"
    assert files.clean_name("...") == "未命名"
    info = zipfile.ZipInfo("莱阳市.xlsx".encode("gbk").decode("cp437"))
    assert files._member_name(info) == "莱阳市.xlsx"
