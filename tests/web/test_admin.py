"""The Django admin is not a back door: workflow states, decisions, snapshots, publications and the
audit trail are shown there but never added, changed or deleted (they move only through the
named actions, which check the rules and audit them), even for a superuser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.models import Decision
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.review import audit
from qcounty.web.review.models import AuditEntry, ReturnNote, Section
from qcounty.web.tasks.models import Task
from tests.web.conftest import World


@pytest.fixture
def root(world: World, login: Callable[[User], Client]) -> Client:
    """The test client logged in as the system administrator, as the demo makes it: the admin
    role, staff and superuser."""
    user = User(username="root", role=User.Role.ADMIN, organisation=world.province)
    user.is_staff = user.is_superuser = True
    user.set_password("unused-password")
    user.save()
    return login(user)


@pytest.fixture
def rows(world: World) -> dict[str, models.Model]:
    """One row of every kind the admin must leave alone."""
    application = world.application
    section = Section.objects.filter(application=application).first()
    assert section is not None
    snapshot = CohortSnapshot.objects.create(
        campaign=world.campaign,
        framework_id=world.campaign.framework_id,
        framework_version=world.campaign.framework_version,
        framework_text="",
        framework_sha256="0" * 64,
        evaluation_year=2023,
        policies={},
        cohort_json="{}",
        cohort_sha256="0" * 64,
        application_ids=[],
        counties=0,
        created_by=world.evaluator,
    )
    return {
        "application": application,
        "section": section,
        "audit": audit.log(application, world.office, AuditEntry.Action.VALUE, key="i17.x"),
        "note": ReturnNote.objects.create(application=application, reason="请补充"),
        "decision": Decision.objects.create(
            application=application,
            key="i17.metrologists",
            kind=Decision.Kind.ACCEPTED,
            claimed=9,
            value=9,
            decided_by=world.evaluator,
        ),
        "snapshot": snapshot,
        "publication": Publication.objects.create(
            campaign=world.campaign,
            snapshot=snapshot,
            kind=Publication.Kind.PROPOSED,
            version=1,
            figures={},
            published_on=dt.date(2024, 6, 1),
            published_by=world.evaluator,
        ),
        "task": Task.objects.create(
            application=application,
            indicator=17,
            department=world.market_dept,
            title="提高计量器具覆盖率",
            deadline=dt.date(2024, 3, 31),
            created_by=world.office,
        ),
    }


def url(name: str, row: models.Model | type[models.Model], *args: object) -> str:
    meta = row._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=args)


def audit_trail() -> int:
    return AuditEntry.objects.count()


def test_posting_a_changed_application_status_is_refused_and_changes_nothing(
    world: World, root: Client
) -> None:
    application = world.application
    before = audit_trail()
    data = {"campaign": world.campaign.pk, "county": world.wendeng.pk, "status": "accepted"}
    response = root.post(url("change", application, application.pk), data)
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert audit_trail() == before


def test_the_application_page_shows_the_status_without_a_field_to_change_it(
    world: World, root: Client
) -> None:
    response = root.get(url("change", world.application, world.application.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "填报中" in page
    assert 'name="status"' not in page


def test_posting_a_changed_section_status_is_refused_and_changes_nothing(
    world: World, root: Client, rows: dict[str, models.Model]
) -> None:
    section = rows["section"]
    assert isinstance(section, Section)
    data = {
        "application": world.application.pk,
        "department": section.department_id,
        "status": "accepted",
        "extended_until": "",
        "submitted_at_0": "",
        "submitted_at_1": "",
        "returned_at_0": "",
        "returned_at_1": "",
        "accepted_at_0": "2024-05-01",
        "accepted_at_1": "09:00:00",
        "times_returned": "0",
    }
    response = root.post(url("change", section, section.pk), data)
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.status == Section.Status.DRAFT


@pytest.mark.parametrize(
    "kind", ["application", "section", "audit", "note", "decision", "snapshot", "publication"]
)
def test_the_delete_view_answers_403_and_deletes_nothing(
    root: Client, rows: dict[str, models.Model], kind: str
) -> None:
    row = rows[kind]
    delete = url("delete", row, row.pk)
    assert root.get(delete).status_code == 403
    assert root.post(delete, {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    "kind",
    ["application", "section", "audit", "note", "decision", "snapshot", "publication", "task"],
)
def test_the_changelist_offers_no_bulk_delete_and_a_forged_one_deletes_nothing(
    root: Client, rows: dict[str, models.Model], kind: str
) -> None:
    row = rows[kind]
    changelist = url("changelist", row)
    response = root.get(changelist)
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    data = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    root.post(changelist, data)
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("kind", ["audit", "note", "decision", "snapshot", "publication", "task"])
def test_nothing_of_the_workflow_is_added_or_changed_in_the_admin(
    root: Client, rows: dict[str, models.Model], kind: str
) -> None:
    row = rows[kind]
    assert root.get(url("add", row)).status_code == 403
    assert root.post(url("change", row, row.pk), {"reason": "改写"}).status_code == 403


def test_a_task_status_is_not_changed_in_the_admin(
    root: Client, rows: dict[str, models.Model]
) -> None:
    task = rows["task"]
    assert isinstance(task, Task)
    data = {
        "application": task.application_id,
        "indicator": "17",
        "criterion_id": "",
        "department": task.department_id,
        "generated_for": "",
        "title": task.title,
        "standard": "",
        "points": "0",
        "starts_on": "",
        "deadline": "2024-03-31",
        "status": Task.Status.DONE,
        "created_by": "",
    }
    assert root.post(url("change", task, task.pk), data).status_code == 403
    task.refresh_from_db()
    assert task.status == Task.Status.NOT_STARTED


def test_a_campaign_keeps_its_framework_once_applications_are_open(
    world: World, root: Client
) -> None:
    campaign = world.campaign
    response = root.get(url("change", campaign, campaign.pk))
    assert response.status_code == 200
    assert 'name="framework_version"' not in response.content.decode()
    assert root.post(url("delete", campaign, campaign.pk), {"post": "yes"}).status_code == 403
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_a_campaign_whose_final_list_is_out_is_read_only_in_the_admin(
    world: World, root: Client, rows: dict[str, models.Model]
) -> None:
    Publication.objects.create(
        campaign=world.campaign,
        snapshot=rows["snapshot"],
        kind=Publication.Kind.FINAL,
        version=1,
        figures={},
        published_on=dt.date(2024, 6, 28),
        published_by=world.evaluator,
    )
    campaign = world.campaign
    data = {
        "name": "改名",
        "department_deadline": "2023-03-31",
        "application_deadline": "2099-01-01",
        "data_cutoff": "2022-12-31",
        "reference_version": "1",
        "titles": "99",
    }
    assert root.post(url("change", campaign, campaign.pk), data).status_code == 403
    campaign.refresh_from_db()
    assert campaign.titles == 10
