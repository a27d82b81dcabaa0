"""The role mapping page: the county office assigns its departments to the scheme's unit roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.assignments import freeze_mapping
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting import access as reporting_access
from qcounty.web.review.actions import transition_section
from qcounty.web.review.models import Section
from qcounty.web.tasks import mapping
from qcounty.web.tasks.actions import Refused
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


# ---------------------------------------------------------------- the mapping and the review workflow


def _campaign(world: World, year: int) -> Campaign:
    c = world.campaign
    return Campaign.objects.create(
        name=f"{year}年山东省质量强县（市、区）创建",
        framework_id=c.framework_id,
        framework_version=c.framework_version,
        evaluation_year=year,
        data_cutoff=dt.date(year - 1, 12, 31),
        department_deadline=dt.date(year, 3, 31),
        application_deadline=dt.date(year, 4, 30),
    )


def _section(application: Application, department: Organisation, status: str) -> Section:
    section, _created = Section.objects.update_or_create(
        application=application, department=department, defaults={"status": status}
    )
    return section


def _office_keys(world: World) -> set[str]:
    return reporting_access.editable_keys(world.office, world.application)


def test_moving_a_role_out_of_a_submitted_section_is_refused_until_the_office_returns_it(
    world: World, mapped: dict[str, Organisation], office_client
) -> None:
    # The reviewer's reproduction: 区农业农村局 (agriculture: i28.safe_county alone, and
    # veto.quality_incident with market_supervision) has submitted its section; the office
    # creates a department and moves agriculture to it. Before the fix the move went through and
    # both inputs became editable by the office without a return.
    pk = world.application.pk
    agriculture = mapped["agriculture"]
    section = _section(world.application, agriculture, Section.Status.SUBMITTED)
    keys_before = _office_keys(world)
    assert "i28.safe_county" not in keys_before and "veto.quality_incident" not in keys_before
    office_client.post(reverse("tasks:mapping_department", args=[pk]), {"name": "区农业发展中心"})
    new = Organisation.objects.get(parent=world.wendeng, name="区农业发展中心")
    before = assignments(world)
    refused = (
        "“农业农村部门”的填报项涉及已提交或已接收的部门填报：区农业农村局（2023年申报，已提交）"
    )
    for name, department in [
        ("tasks:mapping_assign", new),
        ("tasks:mapping_unassign", agriculture),
    ]:
        page = office_client.post(
            reverse(name, args=[pk]),
            {"unit": "agriculture", "department": department.pk},
            follow=True,
        ).content.decode()
        assert refused in page, name
    assert assignments(world) == before
    assert _office_keys(world) == keys_before
    assert list(MappingChange.objects.values_list("action", flat=True)) == ["created"]
    # the page says so on the role's row instead of offering the forms
    page = office_client.get(reverse("tasks:mapping", args=[pk])).content.decode()
    row = page[page.index('id="unit-agriculture"') :]
    row = row[: row.index("</tr>")]
    assert "须先退回或重新打开" in row and "区农业农村局（2023年，已提交）" in row
    assert "mapping_assign" not in row and 'action="' not in row
    # once the office returns the section (recorded by the workflow), the role may move
    transition_section(section, "return_section", world.office, reason="调整分工")
    response = office_client.post(
        reverse("tasks:mapping_assign", args=[pk]),
        {"unit": "agriculture", "department": new.pk},
        follow=True,
    )
    assert "已指定部门负责“农业农村部门”" in response.content.decode()
    assert ("agriculture", "区农业发展中心") in assignments(world)


def test_a_department_gaining_a_role_must_have_an_open_section(
    world: World, mapped: dict[str, Organisation]
) -> None:
    # 区统计局 has its section accepted: giving it a role would add inputs to accepted data
    _section(world.application, world.statistics_dept, Section.Status.ACCEPTED)
    _section(world.application, world.market_dept, Section.Status.DRAFT)
    before = assignments(world)
    with pytest.raises(Refused, match=r"区统计局（2023年申报，已接收）"):
        mapping.assign(world.application, world.office, "housing", world.statistics_dept.pk)
    assert assignments(world) == before
    # the same role goes to a department whose section is open (draft)
    mapping.assign(world.application, world.office, "housing", world.market_dept.pk)
    assert ("housing", "区市场监管局") in assignments(world)


def _submitted(application: Application, status: str = Application.Status.SUBMITTED) -> None:
    """Put the application in a state the province gave it, its mapping frozen as on submission."""
    freeze_mapping(application)
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()


def test_while_the_province_has_the_application_the_mapping_changes_without_touching_it(
    world: World, mapped: dict[str, Organisation], office_client
) -> None:
    # the application froze its mapping when submitted: a change is for the applications to
    # come (before the freeze existed, the mapping could not change at all meanwhile)
    _submitted(world.application)
    pk = world.application.pk
    page = office_client.get(reverse("tasks:mapping", args=[pk])).content.decode()
    assert "报省审核期间不能调整" not in page
    assert reverse("tasks:mapping_assign", args=[pk]) in page
    cases = [
        ("tasks:mapping_assign", {"unit": "housing", "department": world.statistics_dept.pk}),
        ("tasks:mapping_unassign", {"unit": "housing", "department": mapped["housing"].pk}),
    ]
    for name, data in cases:
        page = office_client.post(reverse(name, args=[pk]), data, follow=True).content.decode()
        assert "已报省级审核" not in page, name
    assert ("housing", "区统计局") in assignments(world)
    assert ("housing", mapped["housing"].name) not in assignments(world)
    assert list(MappingChange.objects.values_list("action", flat=True)) == [
        "assigned",
        "unassigned",
    ]
    # the submitted application reads what it was submitted with
    units = reporting_access.visible_units(world.statistics_clerk, world.application)
    assert units == {"statistics"}


def test_past_campaigns_frozen_applications_never_hold_the_mapping_back(
    world: World, mapped: dict[str, Organisation]
) -> None:
    agriculture = mapped["agriculture"]
    # 2022: submitted once (its mapping frozen), every section accepted
    past = open_application(_campaign(world, 2022), world.wendeng)
    _section(past, agriculture, Section.Status.ACCEPTED)
    for status in (
        Application.Status.ACCEPTED,
        Application.Status.RETURNED,  # the province reopened it: back with the county
        Application.Status.SUBMITTED,
    ):
        _submitted(past, status)
        mapping.assign(world.application, world.office, "agriculture", world.statistics_dept.pk)
        assert ("agriculture", "区统计局") in assignments(world)
        # 2022 reads its frozen copy: its accepted data stays with 区农业农村局, locked
        assert reporting_access.visible_units(world.statistics_clerk, past) == {"statistics"}
        assert "i28.safe_county" not in reporting_access.editable_keys(world.office, past)
        mapping.unassign(world.application, world.office, "agriculture", world.statistics_dept.pk)


def test_an_application_with_the_county_that_reads_the_current_mapping_holds_it(
    world: World, mapped: dict[str, Organisation]
) -> None:
    # an application returned before mappings were frozen (none is left after the migration,
    # which freezes every application ever submitted): it reads the current mapping, so a
    # move of agriculture would unlock its accepted data
    past = open_application(_campaign(world, 2022), world.wendeng)
    Application.objects.filter(pk=past.pk).update(status=Application.Status.RETURNED)
    _section(past, mapped["agriculture"], Section.Status.ACCEPTED)
    with pytest.raises(Refused, match=r"区农业农村局（2022年申报，已接收）"):
        mapping.assign(world.application, world.office, "agriculture", world.statistics_dept.pk)
    assert ("agriculture", "区统计局") not in assignments(world)
