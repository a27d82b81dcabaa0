"""The demo of a scheme other than Shandong's: `manage.py load_demo --framework <id>`.

It sets up what a province sets up for its own scheme, without code: the province, the units
the scheme evaluates (Anhui's 16 cities under the province itself; made-up enterprises for a
scheme without a list of its units), each with a department per responsible unit of the scheme
(`units:`) and the mapping from role to department, users of the first unit, a campaign of the
scheme with a synthetic reference cohort (or the latest campaign of the scheme the province set
up in the admin), and an application per unit, in draft.

A unit role that owns only judged items (Anhui's 考核工作组, Guangdong's 评审专家) is the
province's: its items are scored by the province's experts, and the unit's self-assessment
estimates of them ("自评时可填预估分") are filled by the department of the scheme's first role.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction

from qcounty.core import load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.synth import generate_cohort
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application, set_reference_cohort
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation, UnitAssignment

Kind = Organisation.Kind
SYNTHETIC_UNITS = 12  # made-up units of a scheme that does not list its own
# the units a bundled scheme evaluates, where public: Anhui's prefecture-level cities (2014)
KNOWN_UNITS = {
    "anhui-quality-work-2014": [
        "合肥市",
        "淮北市",
        "亳州市",
        "宿州市",
        "蚌埠市",
        "阜阳市",
        "淮南市",
        "滁州市",
        "六安市",
        "马鞍山市",
        "芜湖市",
        "宣城市",
        "铜陵市",
        "池州市",
        "安庆市",
        "黄山市",
    ],
    # Taizhou's 市（区） as its 2011 考核办法 lists them (姜堰 was a 市 until 2012)
    "taizhou-quality-city-2011": [
        "海陵区",
        "高港区",
        "靖江市",
        "泰兴市",
        "兴化市",
        "姜堰市",
        "医药高新区",
    ],
}


@dataclass
class SchemeDemo:
    campaign: Campaign
    units: list[Organisation]
    applications: list[Application]
    users: list[User]


def province_name(framework: Framework) -> str:
    """Return who runs the scheme, as its name or provider says: a province (安徽省), or the
    city that assesses its own 市（区） (泰州市)."""
    text = re.sub(r"\d+年", " ", f"{framework.name} {framework.provider}")
    found = re.search(r"[\u4e00-\u9fff]{2,3}?省", text) or re.search(
        r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}?市", framework.provider
    )
    return found.group(0) if found else "示例省"


def clerk_units(framework: Framework) -> dict[str, str]:
    """Return unit role → the role whose department fills its inputs in a unit's application.

    A role owning only judged items is the province's: the first role's department estimates
    them; every other role is a department of its own.
    """
    judged_only = set()
    for unit in framework.units:
        owned = [
            x for i in framework.indicators() for x in i.inputs if unit.id in (x.units or i.units)
        ]
        owned += [x for g in framework.gates for x in g.inputs if unit.id in (x.units or g.units)]
        if owned and all(x.judged for x in owned):
            judged_only.add(unit.id)
    first = next(u.id for u in framework.units if u.id not in judged_only)
    return {u.id: first if u.id in judged_only else u.id for u in framework.units}


@transaction.atomic
def load_scheme_demo(framework_id: str, today: dt.date | None = None) -> SchemeDemo:
    """Create (or complete) the demo of this bundled scheme; running it twice changes nothing."""
    from qcounty.web.demo import _user  # the demo's users share one password

    today = today or dt.date.today()
    framework = load_framework(framework_id)
    year = framework.default_evaluation_year
    province, _ = Organisation.objects.get_or_create(
        kind=Kind.PROVINCE, name=province_name(framework), parent=None
    )
    reference = generate_cohort(framework, counties=SYNTHETIC_UNITS, seed=7, year=year)
    units = _units(framework, province, reference["counties"])
    departments = _departments(framework, units)
    # a campaign the province set up already (in the admin) takes the units; else the demo's
    campaign = (
        Campaign.objects.filter(framework_id=framework.id, framework_version=framework.version)
        .order_by("-pk")
        .first()
    )
    created = campaign is None
    if campaign is None:
        campaign = Campaign.objects.create(
            name=framework.name
            if framework.name.startswith(str(year))
            else f"{year}年{framework.name}",
            framework_id=framework.id,
            framework_version=framework.version,
            evaluation_year=year,
            data_cutoff=dt.date(year - 1, 12, 31),
            department_deadline=today + dt.timedelta(days=21),
            application_deadline=today + dt.timedelta(days=45),
        )
    if created or not campaign.reference_cohort:
        set_reference_cohort(campaign, reference)
    applications = [open_application(campaign, unit) for unit in units]
    prefix = framework.id.split("-")[0]
    first = units[0]
    users = [
        _user("admin", "系统管理员", User.Role.ADMIN, province, staff=True),
        _user("province", "省质量强省办评价员", User.Role.EVALUATOR, province),
        _user("expert-1", "评审专家（一）", User.Role.EXPERT, province),
        _user("expert-2", "评审专家（二）", User.Role.EXPERT, province),
        _user(f"{prefix}-01-office", f"{first.name}申报联络员", User.Role.COUNTY_OFFICE, first),
    ]
    for role, department in departments[first.pk].items():
        username = f"{prefix}-01-{role.replace('_', '-')}"
        users.append(_user(username, f"{department}填报员", User.Role.CLERK, department))
    return SchemeDemo(campaign, units, applications, users)


def _units(
    framework: Framework, province: Organisation, drawn: list[dict[str, object]]
) -> list[Organisation]:
    """Return the scheme's evaluated units under the province (made up when none are known)."""
    names = KNOWN_UNITS.get(framework.id)
    out = []
    if names is not None:
        for name in names:
            unit, _ = Organisation.objects.get_or_create(
                kind=Kind.COUNTY, name=name, parent=province
            )
            out.append(unit)
        return out
    for c in drawn:
        unit, _ = Organisation.objects.get_or_create(
            kind=Kind.COUNTY,
            name=str(c["name"]),
            parent=province,
            defaults={"synthetic": True, "attributes": c.get("attributes") or {}},
        )
        out.append(unit)
    return out


def _departments(
    framework: Framework, units: list[Organisation]
) -> dict[int, dict[str, Organisation]]:
    """Give every unit a department per role and map the roles; return unit → role → department."""
    fills = clerk_units(framework)
    names = {u.id: (u.seed_names[0] if u.seed_names else u.name) for u in framework.units}
    out: dict[int, dict[str, Organisation]] = {}
    for unit in units:
        own: dict[str, Organisation] = {}
        for role in framework.units:
            if fills[role.id] == role.id:
                own[role.id], _ = Organisation.objects.get_or_create(
                    kind=Kind.DEPARTMENT, name=names[role.id], parent=unit
                )
        for role in framework.units:
            UnitAssignment.objects.get_or_create(
                county=unit,
                framework_id=framework.id,
                unit_id=role.id,
                department=own[fills[role.id]],
            )
        out[unit.pk] = own
    return out
