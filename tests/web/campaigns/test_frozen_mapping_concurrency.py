"""Freezing an application's mapping under concurrent writes, on PostgreSQL (READ COMMITTED).

Each test commits its data (a transactional test) and runs the writers in threads with their
own connections. SQLite runs one writer at a time and ignores row locks: these tests are
PostgreSQL's.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from qcounty.web.campaigns import assignments
from qcounty.web.campaigns.models import Application, FrozenAssignment
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.review.actions import transition_application
from qcounty.web.review.models import Section
from qcounty.web.review.sections import department_units, ensure_sections
from qcounty.web.tasks import mapping
from tests.web.conftest import World
from tests.web.review.conftest import complete, fill, gates, put
from tests.web.threads import BLOCKED, WAIT, Writer, client_of, pause, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    postgresql_only()


def ready(world: World) -> Application:
    """文登区's application with every section accepted and every gate reported."""
    for section in ensure_sections(world.application):
        complete(section)
        put(section, Section.Status.ACCEPTED)
    fill(world.application, gates())
    return world.application


def frozen_rows(application: Application) -> set[tuple[str, int]]:
    rows = FrozenAssignment.objects.filter(application=application)
    return set(rows.values_list("unit_id", "department_id"))


def test_two_submits_at_once_submit_and_freeze_once(world: World) -> None:
    application = ready(world)
    url = reverse("review:application_action", args=[application.pk, "submit"])
    first, second = together(
        lambda: client_of(world.office).post(url, follow=True),
        lambda: client_of(world.office).post(url, follow=True),
    )
    assert first.error is None and second.error is None
    pages = [w.result.content.decode() for w in (first, second)]
    assert sum("申报已提交至省" in p for p in pages) == 1
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.mapping_frozen_at is not None
    assert frozen_rows(application) == {
        ("market_supervision", world.market_dept.pk),
        ("statistics", world.statistics_dept.pk),
    }
    assert FrozenAssignment.objects.count() == 2  # one copy, not two


def test_a_second_freeze_waits_for_the_first_and_copies_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first freeze stops under the application's lock, before it reads the mapping
    reached, go = pause(monkeypatch, assignments, "live_assignments")
    first = Writer(lambda: assignments.freeze_mapping(world.application))
    first.start()
    assert reached.wait(WAIT)
    second = Writer(lambda: assignments.freeze_mapping(world.application))
    second.start()
    second.join(BLOCKED)
    waited = second.is_alive()  # for the application's row
    go.set()
    first.join(WAIT)
    second.join(WAIT)
    assert first.error is None and second.error is None
    assert (first.result, second.result) == (True, False)
    assert len(frozen_rows(world.application)) == 2
    assert waited


def test_a_mapping_change_during_the_first_submission_waits_and_stays_out_of_the_copy(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = ready(world)
    housing = Organisation.objects.create(
        kind=Organisation.Kind.DEPARTMENT, name="区住房和城乡建设局", parent=world.wendeng
    )
    # the submission stops while freezing, under the application's lock
    reached, go = pause(monkeypatch, assignments, "live_assignments")
    submission = Writer(
        lambda: transition_application(application, "submit_application", world.office)
    )
    submission.start()
    assert reached.wait(WAIT)
    # meanwhile the office gives housing (no department's section holds its inputs) to a
    # department: before the application is frozen this would change what it reads
    change = Writer(lambda: mapping.assign(application, world.office, "housing", housing.pk))
    change.start()
    change.join(BLOCKED)
    waited = change.is_alive()  # for the application's row
    go.set()
    submission.join(WAIT)
    change.join(WAIT)
    assert submission.error is None and change.error is None
    # the change went through after the freeze: the county's mapping has it, the copy not
    assert UnitAssignment.objects.filter(unit_id="housing", department=housing).exists()
    assert ("housing", housing.pk) not in frozen_rows(application)
    assert housing.pk not in department_units(Application.objects.get(pk=application.pk))
    assert waited
