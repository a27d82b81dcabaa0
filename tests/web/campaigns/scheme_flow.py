"""A campaign of a bundled scheme walked through the web as its users walk it.

The province's administrator creates the campaign in the admin; `manage.py load_demo
--framework` sets up the units and their departments; each department's clerk fills in its own
items through the reporting form, attaches an evidence file and submits; the unit's office
accepts and submits the application; the province accepts it, its experts score the judged
items and its evaluator settles them, checks the data items, takes the snapshot and publishes
the list. Each step goes through the test client, as a browser would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.model import Framework
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.review.models import Section
from qcounty.web.review.sections import owned_inputs
from tests import files
from tests.web.reporting.forms import field_post

Role = User.Role
Kind = Organisation.Kind
HTMX = {"HTTP_HX_REQUEST": "true"}  # the workspace's actions answer htmx with the indicator
SAVE = re.compile(r'action="/applications/(\d+)/inputs/([^/"]+)/"')


def user(username: str, role: str, organisation: Organisation) -> User:
    """Create a user as the administrator would (the tests log in without a password)."""
    one = User(username=username, role=role, organisation=organisation, full_name=username)
    one.set_password("unused-password")
    one.save()
    return one


def ok(response: Any, status: int = 200) -> str:
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response.content.decode() if status == 200 else ""


def create_campaign(client: Client, framework: Framework, name: str) -> Campaign:
    """Create the campaign in the admin, as the province's administrator does."""
    page = ok(client.get(reverse("admin:campaigns_campaign_add")))
    # the form offers every bundled scheme, this one among them
    assert f"{framework.id} {framework.version}（{framework.name}）" in page
    year = framework.default_evaluation_year
    data = {
        "name": name,
        "framework_id": framework.id,
        "framework_version": framework.version,
        "evaluation_year": year,
        "data_cutoff": f"{year - 1}-12-31",
        "department_deadline": "2099-03-31",
        "application_deadline": "2099-04-30",
        "reference_version": 1,
        "titles": 10,
    }
    ok(client.post(reverse("admin:campaigns_campaign_add"), data), 302)
    return Campaign.objects.get(name=name)


def departments_of(unit: Organisation, framework: Framework) -> dict[Organisation, set[str]]:
    """Return each department of the unit with the roles it answers for."""
    out: dict[Organisation, set[str]] = {}
    rows = UnitAssignment.objects.filter(county=unit, framework_id=framework.id)
    for row in rows.select_related("department"):
        out.setdefault(row.department, set()).add(row.unit_id)
    return out


def keys_of(framework: Framework, roles: set[str]) -> set[str]:
    """Return the inputs a department answering for these roles fills in."""
    return {o.spec.key for o in owned_inputs(framework) if o.units & roles}


def indicators_of(framework: Framework, roles: set[str]) -> list[int]:
    return sorted({o.indicator for o in owned_inputs(framework) if o.units & roles} - {0})


def editable_keys(client: Client, application: Application, sections: int) -> set[str]:
    """Return the inputs the reporting form lets the user save, over every section's page."""
    found: set[str] = set()
    url = reverse("reporting:application", args=[application.pk])
    for number in range(1, sections + 1):
        page = ok(client.get(url, {"section": number}))
        found |= {key for pk, key in SAVE.findall(page) if int(pk) == application.pk}
    return found


def fill(
    client: Client, application: Application, framework: Framework, values: dict[str, Any]
) -> None:
    """Save each value through the reporting form (the field answers with itself, saved)."""
    for key, value in values.items():
        url = reverse("reporting:save", args=[application.pk, key])
        spec = framework.input_or_none(key)
        if spec is not None and spec.type == "counts":
            # a clerk with none of a kind writes 0 in its box (all boxes empty: not reported)
            value = {o.id: value.get(o.id, 0) for o in spec.options}  # type: ignore[attr-defined]
        page = ok(client.post(url, field_post(spec, value)))
        assert 'role="alert"' not in page or "已保存" in page, page[:800]


def attach(client: Client, application: Application, indicator: int, name: str) -> None:
    """Upload a PDF as evidence of the indicator."""
    upload = SimpleUploadedFile(name, files.pdf(name), content_type="application/pdf")
    url = reverse("evidence:upload", args=[application.pk, indicator])
    response = client.post(url, {"file": upload})
    assert response.status_code in (200, 302), response.content[:500]


def section_action(
    client: Client, application: Application, department: Organisation, action: str
) -> None:
    section = Section.objects.get(application=application, department=department)
    ok(client.post(reverse("review:section_action", args=[section.pk, action])), 302)


def messages(client: Client) -> list[str]:
    """Return the messages waiting for the user's next page (why an action was refused)."""
    page = ok(client.get(reverse("home")))
    listed = re.search(r'<ul class="messages">(.*?)</ul>', page, re.S)
    return re.findall(r"<li[^>]*>(.*?)</li>", listed.group(1), re.S) if listed else []


def application_action(client: Client, application: Application, action: str) -> None:
    url = reverse("review:application_action", args=[application.pk, action])
    ok(client.post(url), 302)


def judge(
    client: Client, application: Application, keys: Iterable[str], scores: dict[str, float]
) -> None:
    """An expert scores each judged item through the workspace."""
    for key in keys:
        url = reverse("adjudication:score", args=[application.pk, key])
        page = ok(client.post(url, {"value": str(scores[key]), "comment": ""}, **HTMX))
        assert "评分已保存" in page, page[:800]


def reconcile(client: Client, application: Application, keys: Iterable[str]) -> None:
    """The evaluator settles each judged item at the experts' mean."""
    for key in keys:
        url = reverse("adjudication:reconcile", args=[application.pk, key])
        page = ok(client.post(url, {"method": "mean"}, **HTMX))
        assert "已汇总认定" in page, page[:800]


def check(client: Client, application: Application, keys: Iterable[str]) -> None:
    """The evaluator checks each data item: the unit's value stands (核实无误)."""
    for key in keys:
        url = reverse("adjudication:decide", args=[application.pk, key])
        page = ok(client.post(url, {"action": "accept"}, **HTMX))
        assert "已核实无误" in page, page[:800]
