"""The role mapping page: the county office assigns its departments to the scheme's unit roles."""

from __future__ import annotations

from django.urls import reverse

from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting import access as reporting_access
from qcounty.web.tasks.models import MappingChange
from tests.web.conftest import World


def assignments(world: World) -> set[tuple[str, str]]:
    return set(
        UnitAssignment.objects.filter(county=world.wendeng).values_list(
            "unit_id", "department__name"
        )
    )


def test_the_page_lists_every_unit_role_with_its_departments(world: World, office_client) -> None:
    page = office_client.get(reverse("tasks:mapping", args=[world.application.pk]))
    roles = {r.unit.id: r for r in page.context["roles"]}
    assert len(roles) == 23  # the scheme's 23 unit roles
    assert [d.name for d in roles["market_supervision"].departments] == ["区市场监管局"]
    assert roles["housing"].departments == []
    assert roles["housing"].indicators == [32, 33, 34, 35]
    assert roles["housing"].lead_of == [32, 33, 34]  # 35 names education first
    assert "未指定部门" in page.content.decode()


def test_the_office_creates_a_department_and_gives_it_a_role_each_change_logged(
    world: World, office_client
) -> None:
    pk = world.application.pk
    response = office_client.post(
        reverse("tasks:mapping_department", args=[pk]),
        {"name": " 区住房和城乡建设局 "},
        follow=True,
    )
    assert "已新建部门“区住房和城乡建设局”" in response.content.decode()
    housing = Organisation.objects.get(parent=world.wendeng, name="区住房和城乡建设局")
    assert housing.kind == Organisation.Kind.DEPARTMENT
    response = office_client.post(
        reverse("tasks:mapping_assign", args=[pk]),
        {"unit": "housing", "department": housing.pk},
        follow=True,
    )
    assert "已指定部门负责“住房城乡建设部门”" in response.content.decode()
    assert ("housing", "区住房和城乡建设局") in assignments(world)
    response = office_client.post(
        reverse("tasks:mapping_unassign", args=[pk]),
        {"unit": "statistics", "department": world.statistics_dept.pk},
        follow=True,
    )
    assert "已取消部门对“统计部门”的负责" in response.content.decode()
    assert ("statistics", "区统计局") not in assignments(world)
    log = list(
        MappingChange.objects.order_by("id").values_list(
            "action", "unit_id", "department__name", "user"
        )
    )
    assert log == [
        ("created", "", "区住房和城乡建设局", world.office.pk),
        ("assigned", "housing", "区住房和城乡建设局", world.office.pk),
        ("unassigned", "statistics", "区统计局", world.office.pk),
    ]
    page = office_client.get(reverse("tasks:mapping", args=[pk])).content.decode()
    assert "取消指定" in page and "新建部门" in page


def test_the_mapping_decides_what_a_clerk_sees(world: World, office_client) -> None:
    office_client.post(
        reverse("tasks:mapping_assign", args=[world.application.pk]),
        {"unit": "housing", "department": world.statistics_dept.pk},
    )
    units = reporting_access.visible_units(world.statistics_clerk, world.application)
    assert units == {"statistics", "housing"}


def test_bad_mapping_requests_are_refused_in_chinese_and_change_nothing(
    world: World, office_client
) -> None:
    pk = world.application.pk
    before = assignments(world)
    cases = [
        ("tasks:mapping_assign", {"unit": "astrology", "department": world.market_dept.pk}, "评价体系中没有这个责任单位角色"),
        # 荣成市's department
        ("tasks:mapping_assign", {"unit": "housing", "department": world.rongcheng_dept.pk}, "请选择本县（市、区）的一个部门"),
        ("tasks:mapping_assign", {"unit": "housing", "department": "abc"}, "请选择本县（市、区）的一个部门"),
        ("tasks:mapping_assign", {"unit": "market_supervision", "department": world.market_dept.pk}, "区市场监管局已经负责“市场监管部门”"),
        ("tasks:mapping_unassign", {"unit": "housing", "department": world.market_dept.pk}, "区市场监管局并不负责“住房城乡建设部门”"),
        ("tasks:mapping_department", {"name": "区市场监管局"}, "本县（市、区）已有名为“区市场监管局”的部门"),
        ("tasks:mapping_department", {"name": "   "}, "请填写部门名称"),
    ]  # fmt: skip
    for name, data, message in cases:
        response = office_client.post(reverse(name, args=[pk]), data, follow=True)
        assert message in response.content.decode(), message
    assert assignments(world) == before
    assert not MappingChange.objects.exists()
    assert world.wendeng.children.count() == 2  # 区市场监管局, 区统计局
