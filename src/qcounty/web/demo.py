"""The demo: Shandong's organisations, Wendeng's departments and users, a campaign, an application.

The campaign is Wendeng's 2023 round (evaluation year 2023: 近三年 = 2020–2022); its reference
cohort is the synthetic 136-county cohort. Wendeng's application is filled in from that cohort
except item 17 (计量), left for the market-supervision clerk to fill in; every other department
has submitted its part, waiting for the county office.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from qcounty.core import load_framework
from qcounty.core.cohort import shandong_counties
from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.framework.model import Framework
from qcounty.core.synth import generate_cohort
from qcounty.office.template import TemplateMeta, write_template
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.demo import load_demo_adjudication
from qcounty.web.campaigns.actions import open_application, set_reference_cohort
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.cockpit.demo import load_demo_history
from qcounty.web.evaluation.demo import load_demo_evaluation
from qcounty.web.objections.demo import load_demo_objections
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.actions import transition_section
from qcounty.web.review.models import Section
from qcounty.web.statfeed.demo import load_demo_feed
from qcounty.web.tasks.demo import load_demo_tasks

FRAMEWORK = "shandong-county-2022"
YEAR = 2023
PASSWORD = "qcounty-demo-2023"
LEFT_OPEN = 17  # the indicator a clerk fills in during the demo
Kind = Organisation.Kind


@dataclass
class Demo:
    campaign: Campaign
    users: list[User]
    workbooks: Path  # ten counties' filled workbooks, for the province's bulk import


@transaction.atomic
def load_demo(today: dt.date | None = None) -> Demo:
    """Create (or complete) the demo data; running it twice changes nothing."""
    today = today or dt.date.today()
    framework = load_framework(FRAMEWORK)
    province, _ = Organisation.objects.get_or_create(kind=Kind.PROVINCE, name="山东省", parent=None)
    tiers = framework.tier_of_city()
    cities: dict[str, Organisation] = {}
    for known in shandong_counties():
        city = cities.get(known.city)
        if city is None:
            city, _ = Organisation.objects.get_or_create(
                kind=Kind.CITY,
                name=known.city,
                parent=province,
                defaults={"tier": tiers.get(known.city)},
            )
            cities[known.city] = city
        Organisation.objects.get_or_create(kind=Kind.COUNTY, name=known.county, parent=city)
    wendeng = Organisation.objects.get(kind=Kind.COUNTY, name="文登区", parent=cities["威海市"])

    users = [
        _user("admin", "系统管理员", User.Role.ADMIN, province, staff=True),
        _user("province", "省质量强省办评价员", User.Role.EVALUATOR, province),
        _user("expert-1", "评审专家（一）", User.Role.EXPERT, province),
        _user("expert-2", "评审专家（二）", User.Role.EXPERT, province),
        _user("wendeng-office", "文登区质量强区办", User.Role.COUNTY_OFFICE, wendeng),
    ]
    for unit in framework.units:
        name = unit.seed_names[0] if unit.seed_names else unit.name
        if unit.id == "related":
            # “各相关部门”: the quality office coordinates whichever department is concerned
            name = next(u.seed_names[0] for u in framework.units if u.id == "quality_office")
        department, _ = Organisation.objects.get_or_create(
            kind=Kind.DEPARTMENT, name=name, parent=wendeng
        )
        UnitAssignment.objects.get_or_create(
            county=wendeng, framework_id=framework.id, unit_id=unit.id, department=department
        )
        if unit.id != "related":
            users.append(
                _user(
                    f"wendeng-{unit.id.replace('_', '-')}",
                    f"{name}填报员",
                    User.Role.CLERK,
                    department,
                )
            )

    campaign, created = Campaign.objects.get_or_create(
        name=f"{YEAR}年山东省质量强县（市、区）创建",
        defaults={
            "framework_id": framework.id,
            "framework_version": framework.version,
            "evaluation_year": YEAR,
            "data_cutoff": dt.date(YEAR - 1, 12, 31),
            "department_deadline": today + dt.timedelta(days=21),
            "application_deadline": today + dt.timedelta(days=45),
        },
    )
    reference = generate_cohort(framework, counties=136, seed=7, year=YEAR)
    if created or not campaign.reference_cohort:
        set_reference_cohort(campaign, reference)
    application = open_application(campaign, wendeng)
    if not InputValue.objects.filter(application=application).exists():
        _fill(application, framework, reference)
        _submit_others(application, today)
    workbooks = Path(settings.VAR_DIR) / "demo" / "十个县的填报模板.zip"
    if not workbooks.exists():
        _write_workbooks(campaign, framework, reference, workbooks)
    # demo data of later apps: each app adds one idempotent call here
    load_demo_tasks(application, today)
    load_demo_history(today)
    load_demo_evaluation(campaign, today)
    load_demo_adjudication(campaign)  # the experts' scores, for the evaluator to reconcile
    users += load_demo_objections(_user)  # 荣成市's office and the province's office head
    load_demo_feed(campaign)  # the province's statistical feed of resident population
    return Demo(campaign, users, workbooks)


def _write_workbooks(
    campaign: Campaign, framework: Framework, reference: dict[str, Any], path: Path
) -> None:
    """Write ten 烟台市 counties' filled workbooks, as counties reporting offline send them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    counties = [c for c in reference["counties"] if c["city"] == "烟台市"][:10]
    # written beside, then renamed: another process never sees a half-written zip
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        for c in counties:
            meta = TemplateMeta(
                framework_id=framework.id,
                framework_version=framework.version,
                campaign=campaign.name,
                evaluation_year=campaign.evaluation_year,
                county=c["name"],
                city=c["city"],
                department=None,
                application_id=None,
                generated_at=dt.datetime.now().isoformat(timespec="seconds"),
            )
            z.writestr(f"{c['name']}.xlsx", write_template(framework, meta, None, c["values"]))
    os.replace(partial, path)


def _submit_others(application: Application, today: dt.date) -> None:
    """Every department but market supervision (which owns item 17) has submitted its part."""
    market = UnitAssignment.objects.get(
        county=application.county,
        framework_id=application.campaign.framework_id,
        unit_id="market_supervision",
    ).department_id
    for section in Section.objects.filter(application=application).exclude(department_id=market):
        clerk = User.objects.filter(
            organisation_id=section.department_id, role=User.Role.CLERK
        ).first()
        if clerk is not None:
            transition_section(section, "submit_section", clerk, today=today)


@cache
def _demo_password_hash() -> str:
    """Return one hash of the published demo password, shared by every demo account."""
    return make_password(PASSWORD)


def _user(
    username: str, full_name: str, role: str, organisation: Organisation, staff: bool = False
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, role=role, organisation=organisation)
        user.is_staff = user.is_superuser = staff
        user.password = _demo_password_hash()
        user.save()
    return user


def _fill(application: Application, framework: Framework, reference: dict[str, Any]) -> None:
    """Fill Wendeng's application from its synthetic values, all but the open indicator."""
    values = next(c["values"] for c in reference["counties"] if c["name"] == "文登区")
    left_open = {x.key for x in framework.indicator(LEFT_OPEN).inputs}
    for spec in framework.inputs():
        if spec.key in left_open or spec.key not in values:
            continue
        value = values[spec.key]
        if isinstance(spec, RecordsInput):
            for data in value or []:
                Record.objects.create(application=application, key=spec.key, data=data)
            if value == []:
                InputValue.objects.create(application=application, key=spec.key, value=[])
        else:
            InputValue.objects.create(application=application, key=spec.key, value=value)
