"""Fixtures of the review tests: the sections of 文登区's application, complete or not.

The world of tests/web/conftest.py assigns two of 文登区's departments: 区市场监管局
(market_supervision, the "market" section, whose clerk is world.market_clerk) and 区统计局
(statistics). Inputs of units no department answers for (e.g. veto.safety_accident, emergency)
belong to no section: only the county office fills them in.

Values are written straight into the database (no audit entries, no versions bumped), taken from
the campaign's synthetic reference cohort, so they are valid for their inputs.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import Section
from qcounty.web.review.sections import Owned, ensure_sections, owned_inputs, section_inputs
from tests.web.conftest import YEAR, World, _user, framework, reference_cohort

DEADLINE = dt.date(YEAR, 3, 31)  # the world's campaign: department_deadline
BEFORE_DEADLINE = dt.date(YEAR, 3, 1)

# who acts, relative to 文登区's application and its market section
ROLES = (
    "admin",
    "evaluator",
    "office",  # 文登区's county office
    "other_office",  # 荣成市's county office
    "clerk",  # the market section's clerk
    "other_clerk",  # 文登区's 区统计局 clerk
    "other_county_clerk",  # 荣成市's clerk
)


def user_of(world: World, role: str) -> User:
    return {
        "admin": world.admin,
        "evaluator": world.evaluator,
        "office": world.office,
        "other_office": world.rongcheng_office,
        "clerk": world.market_clerk,
        "other_clerk": world.statistics_clerk,
        "other_county_clerk": world.rongcheng_clerk,
    }[role]


@dataclass
class Sections:
    market: Section  # 区市场监管局's
    statistics: Section  # 区统计局's


@pytest.fixture
def sections(world: World) -> Sections:
    """The sections of 文登区's application, in draft."""
    by_department = {s.department_id: s for s in ensure_sections(world.application)}
    return Sections(by_department[world.market_dept.pk], by_department[world.statistics_dept.pk])


@pytest.fixture
def second_market_clerk(world: World) -> User:
    """Another clerk of 文登区's 区市场监管局."""
    return _user("wendeng-market-supervision-2", User.Role.CLERK, world.market_dept)


@pytest.fixture
def with_email(world: World) -> World:
    """Give every user of the world an e-mail address."""
    for user in vars(world).values():
        if isinstance(user, User):
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])
    return world


@cache
def _samples() -> dict[str, Any]:
    """Return a valid value of every input the synthetic cohort reports."""
    out: dict[str, Any] = {}
    for county in reference_cohort()["counties"]:
        for key, value in county["values"].items():
            if value is not None and key not in out:
                out[key] = value
    return out


def sample(owned: Owned) -> Any:
    """Return a valid value of an input; a record list is declared empty (无)."""
    if isinstance(owned.spec, RecordsInput):
        return []
    value = _samples().get(owned.spec.key)
    assert value is not None or owned.spec.informational, owned.spec.key
    return copy.deepcopy(value)


def fill(application: Application, inputs: Iterable[Owned]) -> None:
    """Report every one of these inputs (replacing what was there)."""
    rows = {o.spec.key: sample(o) for o in inputs}
    rows = {key: value for key, value in rows.items() if value is not None}
    Record.objects.filter(application=application, key__in=rows).delete()
    InputValue.objects.filter(application=application, key__in=rows).delete()
    InputValue.objects.bulk_create(
        InputValue(application=application, key=key, value=value) for key, value in rows.items()
    )


def scored(inputs: Iterable[Owned]) -> list[Owned]:
    return [o for o in inputs if not o.spec.informational]


def complete(section: Section, leave_out: int = 0) -> list[Owned]:
    """Fill in a section, all but the last `leave_out` scored inputs; return those left out."""
    inputs = section_inputs(section)
    left = scored(inputs)[len(scored(inputs)) - leave_out :] if leave_out else []
    fill(section.application, [o for o in inputs if o not in left])
    return left


def gates() -> list[Owned]:
    return [o for o in owned_inputs(framework()) if o.indicator == 0]


def put(section: Section, status: str) -> Section:
    """Put a section in a state directly (no rules, no audit)."""
    Section.objects.filter(pk=section.pk).update(status=status)
    section.refresh_from_db()
    return section


def put_application(application: Application, status: str) -> Application:
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


@pytest.fixture
def ready(world: World, sections: Sections) -> Application:
    """文登区's application with every section complete and accepted and every gate reported."""
    for section in (sections.market, sections.statistics):
        complete(section)
        put(section, Section.Status.ACCEPTED)
    fill(world.application, gates())
    return world.application
