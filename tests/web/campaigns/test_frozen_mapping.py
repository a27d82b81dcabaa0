"""The unit → department mapping freezes with an application's first submission.

The world's 文登区 maps market_supervision → 区市场监管局 and statistics → 区统计局. Its 2023
application is submitted; then the office moves statistics to a new 区统计中心 for 2024. The
2023 application keeps 区统计局 everywhere (sections, what a clerk sees, tasks, the department
assessment, documents); 2024's draft reads the new mapping.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.assignments import assignments, freeze_mapping, is_frozen
from qcounty.web.campaigns.models import Application, Campaign, FrozenAssignment
from qcounty.web.documents.data import departments_by_unit
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting import access as reporting_access
from qcounty.web.review.actions import transition_application
from qcounty.web.review.models import Section
from qcounty.web.review.sections import department_units, ensure_sections, section_inputs
from qcounty.web.tasks import mapping
from qcounty.web.tasks.actions import generate_tasks, is_stale
from qcounty.web.tasks.assessment import assessment
from qcounty.web.tasks.models import Task
from qcounty.web.tasks.plan import role_mapping
from tests.web.conftest import World, _user
from tests.web.review.conftest import complete, fill, gates, put

A = Application.Status
S = Section.Status
REASON = "第31项研发投入占比与统计年鉴不符"


def submit(world: World, application: Application) -> Application:
    """Complete and accept every section, report the gates and submit to the province."""
    for section in ensure_sections(application):
        complete(section)
        put(section, S.ACCEPTED)
    fill(application, gates())
    return transition_application(application, "submit_application", world.office)


def campaign_of(world: World, year: int) -> Campaign:
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


def move_statistics(world: World, application: Application) -> Organisation:
    """Give the statistics role to a new 区统计中心 and take it from 区统计局 (the office)."""
    centre = mapping.create_department(application, world.office, "区统计中心")
    mapping.assign(application, world.office, "statistics", centre.pk)
    mapping.unassign(application, world.office, "statistics", world.statistics_dept.pk)
    return centre


def fresh(application: Application) -> Application:
    return reporting_access.applications().get(pk=application.pk)


def test_the_first_submission_freezes_the_mapping_of_that_day(world: World) -> None:
    assert not is_frozen(world.application)
    submitted = submit(world, world.application)
    assert is_frozen(submitted) and is_frozen(fresh(world.application))
    assert set(
        FrozenAssignment.objects.filter(application=world.application).values_list(
            "unit_id", "department__name"
        )
    ) == {("market_supervision", "区市场监管局"), ("statistics", "区统计局")}
    # 荣成市's draft is not frozen
    assert not is_frozen(fresh(world.other_application))
    assert not FrozenAssignment.objects.filter(application=world.other_application).exists()


def test_a_change_after_submission_leaves_the_past_application_alone_and_reaches_the_new_draft(
    world: World,
) -> None:
    past = submit(world, world.application)
    generate_tasks(past, world.office)
    past_tasks = set(Task.objects.filter(application=past).values_list("indicator", "department"))
    draft = open_application(campaign_of(world, 2024), world.wendeng)
    # before the fix this was refused while 2023 was with the province ("已报省级审核"), and,
    # once allowed, moved 2023's sections to the new department
    centre = move_statistics(world, draft)
    centre_clerk = _user("wendeng-statistics-centre", User.Role.CLERK, centre)
    past = fresh(past)

    # the past application: its sections, inputs, what each clerk sees
    assert department_units(past) == {
        world.market_dept.pk: {"market_supervision"},
        world.statistics_dept.pk: {"statistics"},
    }
    sections = ensure_sections(past)
    assert [s.department_id for s in sections] == [world.market_dept.pk, world.statistics_dept.pk]
    statistics_section = sections[1]
    assert "i31.rd_share" in {o.spec.key for o in section_inputs(statistics_section)}
    assert reporting_access.visible_units(world.statistics_clerk, past) == {"statistics"}
    assert reporting_access.visible_units(centre_clerk, past) == set()
    # its tasks and department assessment
    assert role_mapping(past)["statistics"] == [world.statistics_dept.pk]
    assert not any(is_stale(t) for t in Task.objects.filter(application=past))
    generate_tasks(past, world.office)  # a second generation adds nothing
    assert (
        set(Task.objects.filter(application=past).values_list("indicator", "department"))
        == past_tasks
    )
    assert [r.department.name for r in assessment(past)] == ["区市场监管局", "区统计局"]
    # its documents
    assert departments_by_unit(past) == {
        "market_supervision": ["区市场监管局"],
        "statistics": ["区统计局"],
    }

    # the new campaign's draft reads today's mapping
    assert department_units(draft)[centre.pk] == {"statistics"}
    assert world.statistics_dept.pk not in department_units(draft)
    assert centre.pk in {s.department_id for s in ensure_sections(draft)}
    assert reporting_access.visible_units(centre_clerk, draft) == {"statistics"}
    assert reporting_access.visible_units(world.statistics_clerk, draft) == set()
    assert role_mapping(draft)["statistics"] == [centre.pk]
    assert departments_by_unit(draft)["statistics"] == ["区统计中心"]


def test_a_resubmission_after_a_return_keeps_the_first_frozen_mapping(world: World) -> None:
    past = submit(world, world.application)
    frozen_at = past.mapping_frozen_at
    rows = set(FrozenAssignment.objects.filter(application=past).values_list("pk", flat=True))
    transition_application(past, "return_application", world.evaluator, reason=REASON)
    # while it is back with the county, the mapping moves on (for 2024)
    move_statistics(world, open_application(campaign_of(world, 2024), world.wendeng))
    again = transition_application(fresh(past), "submit_application", world.office)
    assert again.status == A.SUBMITTED
    assert again.mapping_frozen_at == frozen_at
    assert (
        set(FrozenAssignment.objects.filter(application=past).values_list("pk", flat=True)) == rows
    )
    assert department_units(again)[world.statistics_dept.pk] == {"statistics"}
    # and freezing again by hand copies nothing
    assert freeze_mapping(again) is False


def test_a_returned_application_still_with_the_county_keeps_its_sections(world: World) -> None:
    # the office may move a role although 2023's 区统计局 section is accepted: 2023 is frozen
    past = submit(world, world.application)
    transition_application(past, "return_application", world.evaluator, reason=REASON)
    centre = move_statistics(world, fresh(past))
    past = fresh(past)
    assert centre.pk not in department_units(past)
    # the county office cannot edit accepted data of the returned application
    assert "i31.rd_share" not in reporting_access.editable_keys(world.office, past)


def test_a_draft_still_holds_the_mapping_while_a_section_it_touches_is_closed(
    world: World,
) -> None:
    past = submit(world, world.application)
    draft = open_application(campaign_of(world, 2024), world.wendeng)
    statistics = next(
        s for s in ensure_sections(draft) if s.department_id == world.statistics_dept.pk
    )
    put(statistics, S.SUBMITTED)
    with pytest.raises(mapping.Refused, match=r"区统计局（2024年申报，已提交）"):
        mapping.unassign(draft, world.office, "statistics", world.statistics_dept.pk)
    # 2023's accepted sections no longer count: only the draft's submitted one is named
    with pytest.raises(mapping.Refused) as refused:
        mapping.unassign(past, world.office, "statistics", world.statistics_dept.pk)
    assert "2023" not in str(refused.value)


def test_the_mapping_page_of_a_submitted_application_shows_its_frozen_mapping(
    world: World, office_client
) -> None:
    past = submit(world, world.application)
    centre = move_statistics(world, fresh(past))
    page = office_client.get(reverse("tasks:mapping", args=[past.pk])).content.decode()
    assert "分工已随申报冻结" in page and "本申报冻结的分工" in page
    row = page[page.index('id="unit-statistics"') :]
    row = row[: row.index("</tr>")]
    # today's department with its form, and the department the application was submitted with
    assert centre.name in row and 'class="frozen">区统计局</td>' in row
    assert reverse("tasks:mapping_assign", args=[past.pk]) in row  # still changeable


def test_a_past_applications_form_shows_the_frozen_department_its_clerk_filled(
    world: World, login
) -> None:
    past = submit(world, world.application)
    centre = move_statistics(world, open_application(campaign_of(world, 2024), world.wendeng))
    centre_clerk = _user("wendeng-statistics-centre", User.Role.CLERK, centre)
    url = reverse("reporting:application", args=[past.pk])
    page = login(world.statistics_clerk).get(url + "?indicator=31").content.decode()
    field = 'id="field-i31rd_share"'
    assert field in page  # 区统计局 still sees the indicator it reported
    page = login(centre_clerk).get(url + "?indicator=31").content.decode()
    assert field not in page


def test_the_data_migration_freezes_submitted_applications_with_todays_mapping(
    world: World,
) -> None:
    migration = importlib.import_module(
        "qcounty.web.campaigns.migrations.0005_freeze_submitted_mappings"
    )
    Application.objects.filter(pk=world.application.pk).update(status=A.ACCEPTED)
    migration.freeze_submitted(apps, None)
    accepted, draft = fresh(world.application), fresh(world.other_application)
    assert is_frozen(accepted) and not is_frozen(draft)
    assert set(assignments(accepted).values_list("unit_id", "department_id")) == set(
        UnitAssignment.objects.filter(county=world.wendeng).values_list("unit_id", "department_id")
    )
    migration.freeze_submitted(apps, None)  # run twice: copies once
    assert FrozenAssignment.objects.count() == 2
