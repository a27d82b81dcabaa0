"""Fixtures of the adjudication tests: applications the province holds, two experts.

Values are written straight into the database (as the review tests do), taken from a synthetic
county of the core's generator, so they are valid for their inputs and pass both gates.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.synth import generate_cohort
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record
from tests.web.conftest import YEAR, World, _user, framework


@cache
def _synthetic(n: int) -> list[dict[str, Any]]:
    cohort = generate_cohort(framework(), counties=max(n, 5), seed=11, year=YEAR)
    return [c["values"] for c in cohort["counties"]]


def synthetic_values(index: int = 0, n: int = 5) -> dict[str, Any]:
    """Return the values of a synthetic county (JSON, as in a cohort file); a fresh copy."""
    return copy.deepcopy(_synthetic(n)[index])


def store(application: Application, values: dict[str, Any]) -> None:
    """Write every value into the application: records as rows, the rest as values."""
    records = []
    rows = []
    for spec in framework().inputs():
        value = values.get(spec.key)
        if value is None:
            continue
        if isinstance(spec, RecordsInput) and value:
            records += [Record(application=application, key=spec.key, data=d) for d in value]
        else:
            rows.append(InputValue(application=application, key=spec.key, value=value))
    InputValue.objects.bulk_create(rows)
    Record.objects.bulk_create(records)


def evidence_of(
    application: Application, indicator: int, record: Record | None = None, sha256: str = ""
) -> Evidence:
    """Attach an evidence row (no file stored: the checks read the table only)."""
    return Evidence.objects.create(
        application=application,
        indicator=indicator,
        record=record,
        file=f"{application.pk}/{indicator}-{record.pk if record else 0}",
        original_name=f"指标{indicator}佐证.pdf",
        kind=Evidence.Kind.PDF,
        size=1,
        sha256=sha256 or f"{application.pk:032d}{indicator:016d}{record.pk if record else 0:016d}",
    )


def evidence_everywhere(application: Application) -> None:
    """Attach a file to every indicator: no claim of the application lacks evidence."""
    for indicator in framework().indicators():
        evidence_of(application, indicator.number)


def put_status(application: Application, status: str) -> Application:
    """Put an application in a state directly (no rules, no audit)."""
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


@pytest.fixture
def experts(world: World) -> tuple[User, User]:
    return (
        _user("expert-1", User.Role.EXPERT, world.province),
        _user("expert-2", User.Role.EXPERT, world.province),
    )


@pytest.fixture
def submitted(world: World) -> Application:
    """文登区's application, filled with a synthetic county's values and submitted to the province.

    Item 17 (注册计量师数量) is 9: 0.1 × (9 − 3) = 0.6 points for criterion 17.1.
    """
    values = synthetic_values()
    values["i17.metrologists"] = 9
    store(world.application, values)
    return put_status(world.application, Application.Status.SUBMITTED)


def add_application(
    world: World, city: Organisation, name: str, status: str, index: int = 1
) -> Application:
    """Open an application of a new county of a city, filled with synthetic county `index`."""
    county = Organisation.objects.create(kind=Organisation.Kind.COUNTY, name=name, parent=city)
    application = Application.objects.create(campaign=world.campaign, county=county)
    store(application, synthetic_values(index, n=max(5, index + 1)))
    return put_status(application, status)


HTMX = {"HTTP_HX_REQUEST": "true"}


def post(
    client: Client, name: str, application: Application, key: str, data: dict[str, Any]
) -> Any:
    """POST to a workspace action as htmx does (the answer is the indicator, rendered again)."""
    return client.post(reverse(f"adjudication:{name}", args=[application.pk, key]), data, **HTMX)


def text(response: Any) -> str:
    return response.content.decode()


def coherent_values(index: int = 0, n: int = 5) -> dict[str, Any]:
    """Return a synthetic county's values without what the plausibility checks flag in them
    (synth draws values independently): no shared claims or texts, no unbacked activity
    ticks, no increase above its total."""
    from qcounty.core.framework.inputs import CountsInput, TextInput

    fw = framework()
    values = synthetic_values(index, n)
    for u in fw.plausibility.unique:
        values[u.records] = []
    for b in fw.plausibility.backed:
        values[b.checklist] = []
    for p in fw.plausibility.parts:
        for part in p.parts:
            if isinstance(fw.input_or_none(part), CountsInput) and isinstance(values[part], dict):
                values[part] = dict.fromkeys(values[part], 0)
    for spec in fw.inputs():
        if isinstance(spec, TextInput):
            values[spec.key] = None
    return values
