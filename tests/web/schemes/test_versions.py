"""Publishing, using and superseding versions: a used version never changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Campaign
from qcounty.web.evaluation.snapshots import framework_text
from qcounty.web.schemes import actions
from qcounty.web.schemes.checking import Refused
from qcounty.web.schemes.models import SchemeVersion
from tests.web.conftest import World
from tests.web.schemes.conftest import ANHUI, anhui


def campaign_on(row: SchemeVersion) -> Campaign:
    return Campaign.objects.create(
        name="2024年安徽省质量工作考核",
        framework_id=row.scheme_id,
        framework_version=row.version,
        evaluation_year=2024,
        data_cutoff=dt.date(2023, 12, 31),
        department_deadline=dt.date(2024, 3, 31),
        application_deadline=dt.date(2024, 4, 30),
    )


def test_a_campaign_reads_its_library_version(world: World) -> None:
    text = ANHUI.replace("安徽省质量工作考核评分体系", "安徽省质量工作考核评分体系（2014 修订）")
    row = actions.publish_scheme(
        world.admin, actions.upload_scheme(world.admin, anhui(text=text)).pk
    )
    campaign = campaign_on(row)
    assert campaign.framework.name == "安徽省质量工作考核评分体系（2014 修订）"
    assert campaign.framework.version == "2014.2"
    assert framework_text(campaign) == row.text  # what a snapshot freezes


def test_a_used_version_can_neither_be_replaced_nor_deleted(
    world: World, login: Callable[[User], Client]
) -> None:
    row = actions.publish_scheme(world.admin, actions.upload_scheme(world.admin, anhui()).pk)
    campaign_on(row)
    client = login(world.admin)
    page = client.post(reverse("schemes:delete", args=[row.pk]), follow=True).content.decode()
    assert "已被创建周期使用，不能修改或删除" in page
    assert SchemeVersion.objects.filter(pk=row.pk).exists()
    with pytest.raises(Refused, match="已被创建周期使用"):
        actions.upload_scheme(world.admin, anhui())


def test_a_used_draft_cannot_be_replaced_either(world: World) -> None:
    # a campaign set up on a draft (before the library checked campaigns) still protects it
    row = actions.upload_scheme(world.admin, anhui())
    campaign_on(row)
    with pytest.raises(Refused, match="已被创建周期使用"):
        actions.upload_scheme(world.admin, anhui())


def test_an_unused_version_can_be_deleted(world: World, login: Callable[[User], Client]) -> None:
    row = actions.upload_scheme(world.admin, anhui())
    login(world.evaluator).post(reverse("schemes:delete", args=[row.pk]))
    assert not SchemeVersion.objects.exists()


def test_a_campaign_cannot_claim_a_draft_or_an_unknown_version(world: World) -> None:
    row = actions.upload_scheme(world.admin, anhui())
    with pytest.raises(Refused, match="尚未发布"):
        actions.claim_for_campaign(row.scheme_id, row.version)
    with pytest.raises(Refused, match="没有"):
        actions.claim_for_campaign(row.scheme_id, "2099")
    actions.publish_scheme(world.admin, row.pk)
    actions.claim_for_campaign(row.scheme_id, row.version)
    actions.claim_for_campaign("shandong-county-2022", world.campaign.framework_version)


def test_the_campaign_admin_offers_only_published_versions(
    world: World, login: Callable[[User], Client]
) -> None:
    row = actions.upload_scheme(world.admin, anhui())
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client = login(world.admin)
    data = {
        "name": "2024年安徽",
        "framework_id": row.scheme_id,
        "framework_version": row.version,
        "evaluation_year": 2024,
        "data_cutoff": "2023-12-31",
        "department_deadline": "2024-03-31",
        "application_deadline": "2024-04-30",
        "reference_version": 1,
        "titles": 10,
    }
    page = client.post(reverse("admin:campaigns_campaign_add"), data).content.decode()
    assert "请先在评价体系库中上传并发布" in page
    assert not Campaign.objects.filter(name="2024年安徽").exists()
    actions.publish_scheme(world.admin, row.pk)
    response = client.post(reverse("admin:campaigns_campaign_add"), data)
    assert response.status_code == 302
    assert Campaign.objects.get(name="2024年安徽").framework.version == "2014.2"


def test_publishing_twice_changes_nothing(world: World) -> None:
    row = actions.upload_scheme(world.admin, anhui())
    first = actions.publish_scheme(world.admin, row.pk)
    again = actions.publish_scheme(world.evaluator, row.pk)
    assert again.published_by == world.admin
    assert again.published_at == first.published_at
