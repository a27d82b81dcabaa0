"""Fixtures of the web tests: a small world of organisations, users, a campaign, applications.

The world is built by hand in each test's transaction (a few milliseconds), not by the demo:
Shandong; 威海市 (tier 2) with two counties, 文登区 and 荣成市; Wendeng's departments
区市场监管局 (unit market_supervision) and 区统计局 (unit statistics); one department of 荣成市;
a user of every role; a 2023 campaign of shandong-county-2022 with a 20-county synthetic
reference cohort; and an application per county, in draft.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from qcounty.core import Framework, load_framework
from qcounty.core.synth import generate_cohort
from qcounty.web import caching
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application, set_reference_cohort
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evidence.models import Evidence
from qcounty.web.organisations.models import Organisation, UnitAssignment
from tests import files

FRAMEWORK_ID = "shandong-county-2022"
YEAR = 2023
Kind = Organisation.Kind
Role = User.Role


@cache
def framework() -> Framework:
    return load_framework(FRAMEWORK_ID)


@cache
def _reference() -> bytes:
    # pickled once: unpickling gives a fresh deep copy in a sixth of copy.deepcopy's time (2 ms, not
    # 13; the deepcopy was over half of the cost of `world`, which nearly every web test builds)
    return pickle.dumps(generate_cohort(framework(), counties=20, seed=3, year=YEAR))


def reference_cohort() -> dict[str, Any]:
    """Return the campaign's reference cohort file (a fresh copy: callers may change it)."""
    cohort: dict[str, Any] = pickle.loads(_reference())
    return cohort


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def evidence_root(settings: Any) -> Iterator[Path]:
    """Give the test its own evidence directory, under the run's temporary QCOUNTY_VAR.

    A rolled-back test leaves its files behind and the next test's application may get the
    same id (on SQLite), so a shared directory would mix the files of different tests.
    """
    root = Path(tempfile.mkdtemp(prefix="test-", dir=_ensure(Path(settings.EVIDENCE_ROOT))))
    settings.EVIDENCE_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _ensure(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    # What the pages compute is cached per process by ids and versions (`qcounty.web.caching`);
    # a rolled-back test gives the next test's campaign the same id on SQLite.
    caching.clear_all()


@dataclass
class World:
    province: Organisation
    weihai: Organisation
    wendeng: Organisation
    rongcheng: Organisation
    market_dept: Organisation
    statistics_dept: Organisation
    rongcheng_dept: Organisation
    admin: User
    evaluator: User
    office: User  # 文登区 county office
    market_clerk: User  # 文登区 区市场监管局
    statistics_clerk: User  # 文登区 区统计局
    rongcheng_office: User
    rongcheng_clerk: User
    campaign: Campaign
    application: Application  # 文登区's
    other_application: Application  # 荣成市's


def _user(username: str, role: str, organisation: Organisation) -> User:
    user = User(username=username, role=role, organisation=organisation, full_name=username)
    user.set_password("unused-password")
    user.save()
    return user


@pytest.fixture
def world(db: None) -> World:
    fw = framework()
    province = Organisation.objects.create(kind=Kind.PROVINCE, name="山东省")
    weihai = Organisation.objects.create(kind=Kind.CITY, name="威海市", parent=province, tier=2)
    wendeng = Organisation.objects.create(kind=Kind.COUNTY, name="文登区", parent=weihai)
    rongcheng = Organisation.objects.create(kind=Kind.COUNTY, name="荣成市", parent=weihai)
    market = Organisation.objects.create(kind=Kind.DEPARTMENT, name="区市场监管局", parent=wendeng)
    statistics = Organisation.objects.create(kind=Kind.DEPARTMENT, name="区统计局", parent=wendeng)
    rongcheng_market = Organisation.objects.create(
        kind=Kind.DEPARTMENT, name="市市场监管局", parent=rongcheng
    )
    for county, unit, department in [
        (wendeng, "market_supervision", market),
        (wendeng, "statistics", statistics),
        (rongcheng, "market_supervision", rongcheng_market),
    ]:
        UnitAssignment.objects.create(
            county=county, framework_id=fw.id, unit_id=unit, department=department
        )
    campaign = Campaign.objects.create(
        name="2023年山东省质量强县（市、区）创建",
        framework_id=fw.id,
        framework_version=fw.version,
        evaluation_year=YEAR,
        data_cutoff=dt.date(YEAR - 1, 12, 31),
        department_deadline=dt.date(YEAR, 3, 31),
        # the office's deadline lies ahead, whatever day the tests run (tests of the
        # department deadline pass their own `today`; test_deadlines covers this one)
        application_deadline=dt.date.today() + dt.timedelta(days=60),
    )
    set_reference_cohort(campaign, reference_cohort())
    return World(
        province=province,
        weihai=weihai,
        wendeng=wendeng,
        rongcheng=rongcheng,
        market_dept=market,
        statistics_dept=statistics,
        rongcheng_dept=rongcheng_market,
        admin=_user("admin", Role.ADMIN, province),
        evaluator=_user("province", Role.EVALUATOR, province),
        office=_user("wendeng-office", Role.COUNTY_OFFICE, wendeng),
        market_clerk=_user("wendeng-market-supervision", Role.CLERK, market),
        statistics_clerk=_user("wendeng-statistics", Role.CLERK, statistics),
        rongcheng_office=_user("rongcheng-office", Role.COUNTY_OFFICE, rongcheng),
        rongcheng_clerk=_user("rongcheng-market-supervision", Role.CLERK, rongcheng_market),
        campaign=campaign,
        application=open_application(campaign, wendeng),
        other_application=open_application(campaign, rongcheng),
    )


@pytest.fixture
def application(world: World) -> Application:
    return world.application


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    """Return a function that logs the test client in as a user (no password hashing)."""

    def as_user(user: User) -> Client:
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def office_client(world: World, login: Callable[[User], Client]) -> Client:
    """The test client, logged in as 文登区's county office (sees and edits everything)."""
    return login(world.office)


# a minimal but well-formed one-page PDF (pypdf opens it: the evidence checks do)
PDF = files.pdf()


@pytest.fixture
def make_evidence(world: World, evidence_root: Path) -> Callable[..., Evidence]:
    """Return a function that stores an evidence file directly, as the upload view would."""

    def make(
        application: Application | None = None,
        indicator: int = 17,
        content: bytes = PDF,
        name: str = "计量师名单.pdf",
    ) -> Evidence:
        application = application or world.application
        evidence = Evidence(
            application=application,
            indicator=indicator,
            original_name=name,
            kind=Evidence.Kind.PDF,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()
        return evidence

    return make
