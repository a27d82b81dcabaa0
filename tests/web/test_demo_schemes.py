"""`manage.py load_demo --framework <id>`: another bundled scheme set up without code."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from qcounty.core import load_framework
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.demo_schemes import clerk_units, province_name
from qcounty.web.organisations.models import Organisation, UnitAssignment

Kind = Organisation.Kind
ANHUI = "anhui-quality-work-2014"
GUANGDONG = "guangdong-brand-quality-2018"


def load(scheme: str) -> str:
    out = io.StringIO()
    call_command("load_demo", framework=scheme, stdout=out)
    return out.getvalue()


def test_anhuis_16_cities_are_set_up_under_the_province_with_their_departments(db: None) -> None:
    framework = load_framework(ANHUI)
    printed = load(ANHUI)
    province = Organisation.objects.get(kind=Kind.PROVINCE)
    assert province.name == "安徽省"
    cities = Organisation.objects.filter(kind=Kind.COUNTY)
    assert cities.count() == 16 and set(cities.values_list("parent", flat=True)) == {province.pk}
    assert Organisation.objects.filter(kind=Kind.CITY).count() == 0  # the cities are the units
    hefei = cities.get(name="合肥市")
    departments = set(hefei.children.values_list("name", flat=True))
    assert departments == {"质量工作领导小组办公室（质监部门）", "农业部门", "住房城乡建设部门"}
    # 考核工作组 scores for the province: the city's quality office estimates its items
    mapping = dict(hefei.unit_assignments.values_list("unit_id", "department__name"))
    assert mapping == {
        "quality_office": "质量工作领导小组办公室（质监部门）",
        "agriculture": "农业部门",
        "housing": "住房城乡建设部门",
        "assessors": "质量工作领导小组办公室（质监部门）",
    }
    campaign = Campaign.objects.get()
    assert (campaign.framework_id, campaign.framework_version) == (ANHUI, framework.version)
    assert campaign.name == "2014年安徽省质量工作考核评分体系"
    assert Application.objects.filter(campaign=campaign).count() == 16
    clerk = User.objects.get(username="anhui-01-agriculture")
    assert (clerk.role, clerk.organisation.parent) == (User.Role.CLERK, hefei)
    assert "anhui-01-office" in printed and "（16 个参评单位）" in printed


def test_guangdongs_enterprises_are_made_up_under_the_province(db: None) -> None:
    load(GUANGDONG)
    province = Organisation.objects.get(kind=Kind.PROVINCE)
    assert province.name == "广东省"  # not 年广东省 (its name starts with 2018年)
    units = Organisation.objects.filter(kind=Kind.COUNTY)
    assert units.count() == 12 and all(u.synthetic for u in units)
    first = units.get(name="模拟企业0001")
    # 申报企业 fills its items and estimates the experts'
    assert set(first.unit_assignments.values_list("unit_id", "department__name")) == {
        ("enterprise", "申报企业"),
        ("experts", "申报企业"),
    }
    assert Campaign.objects.get().name == "2018年广东省名牌产品（工业类）评价体系·质量评价"


def test_loading_twice_changes_nothing(db: None) -> None:
    load(ANHUI)
    before = [m.objects.count() for m in (Organisation, UnitAssignment, User, Application)]
    load(ANHUI)
    assert [m.objects.count() for m in (Organisation, UnitAssignment, User, Application)] == before


def test_an_unknown_scheme_is_refused_and_nothing_is_written(db: None) -> None:
    with pytest.raises(CommandError, match="没有内置的评价体系“henan-2020”"):
        load("henan-2020")
    assert Organisation.objects.count() == 0


def test_a_role_owning_only_judged_items_is_the_provinces() -> None:
    assert clerk_units(load_framework(ANHUI))["assessors"] == "quality_office"
    assert clerk_units(load_framework(GUANGDONG)) == {
        "enterprise": "enterprise",
        "experts": "enterprise",
    }
    shandong = load_framework("shandong-county-2022")
    assert all(k == v for k, v in clerk_units(shandong).items())
    assert province_name(shandong) == "山东省"
