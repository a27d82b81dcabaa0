"""Who sees what of an objection: the province everything, the objector its own, the county
concerned what is objected to (not who objected), other counties nothing but the count."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.objections.models import Objection
from qcounty.web.organisations.models import Organisation
from tests.web.conftest import World, _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_office(world: World) -> User:
    weifang = Organisation.objects.create(
        kind=Organisation.Kind.CITY, name="潍坊市", parent=world.province, tier=2
    )
    county = Organisation.objects.create(
        kind=Organisation.Kind.COUNTY, name="寿光市", parent=weifang
    )
    return _user("shouguang-office", User.Role.COUNTY_OFFICE, county)


def detail(client: Client, objection: Objection) -> tuple[int, str]:
    response = client.get(reverse("objections:detail", args=[objection.pk]))
    return response.status_code, response.content.decode()


def test_the_province_sees_the_objector_and_the_files(
    world: World, filed: Objection, login: Callable[[User], Client]
) -> None:
    status, html = detail(login(world.evaluator), filed)
    assert status == 200 and "荣成市" in html and "证明.pdf" in html
    assert "开始核查" in html


def test_the_objector_sees_its_objection_in_full_but_cannot_act(
    world: World, filed: Objection, login: Callable[[User], Client]
) -> None:
    client = login(world.rongcheng_office)
    status, html = detail(client, filed)
    assert status == 200 and "证明.pdf" in html and "开始核查" not in html
    file = filed.files.get()
    assert client.get(reverse("objections:file_download", args=[file.pk])).status_code == 200
    step = client.post(reverse("objections:step", args=[filed.pk]), {"step": "start_check"})
    assert step.status_code == 404


def test_the_county_concerned_sees_what_is_objected_to_but_not_who_objected(
    world: World, filed: Objection, login: Callable[[User], Client]
) -> None:
    client = login(world.office)
    status, html = detail(client, filed)
    assert status == 200 and "宣传口号未经审定" in html
    assert "荣成市" not in html and "证明.pdf" not in html
    file = filed.files.get()
    assert client.get(reverse("objections:file_download", args=[file.pk])).status_code == 404
    index = client.get(reverse("objections:index")).content.decode()
    concerning = index[index.index("对本县的异议") :]
    assert "异议第1号" in concerning and "荣成市" not in concerning


def test_another_county_sees_only_how_many_objections_there_are(
    world: World, filed: Objection, third_office: User, login: Callable[[User], Client]
) -> None:
    client = login(third_office)
    assert detail(client, filed)[0] == 404
    index = client.get(reverse("objections:index")).content.decode()
    assert "本周期共收到异议 1 件" in index
    assert "宣传口号未经审定" not in index and "异议第1号" not in index


@pytest.mark.parametrize("role", ["clerk", "expert"])
def test_clerks_and_experts_get_404_everywhere(
    world: World, filed: Objection, login: Callable[[User], Client], role: str
) -> None:
    user = (
        world.market_clerk
        if role == "clerk"
        else _user("expert-1", User.Role.EXPERT, world.province)
    )
    client = login(user)
    for url in (
        reverse("objections:index"),
        reverse("objections:detail", args=[filed.pk]),
        reverse("objections:register", args=[world.campaign.pk]),
        reverse("objections:register_xlsx", args=[world.campaign.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_admin_reads_but_does_not_act(
    world: World, filed: Objection, login: Callable[[User], Client]
) -> None:
    client = login(world.admin)
    status, html = detail(client, filed)
    assert status == 200 and "开始核查" not in html
    assert client.get(reverse("objections:register", args=[world.campaign.pk])).status_code == 404
    step = client.post(reverse("objections:step", args=[filed.pk]), {"step": "start_check"})
    assert step.status_code == 404
