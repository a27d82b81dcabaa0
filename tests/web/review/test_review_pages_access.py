"""A clerk reads the history and diffs of their own department only; odd digits are no 500."""

from __future__ import annotations

from django.urls import reverse

from qcounty.web.reporting.actions import save_value
from qcounty.web.review.actions import transition_section
from tests.web.conftest import World
from tests.web.review.conftest import Sections, complete
from tests.web.review.test_deadlines import DEADLINE


def test_a_clerk_does_not_see_another_departments_values_in_the_history(
    world: World, sections: Sections, login
) -> None:
    save_value(world.application, "i31.rd_share", 2.75, world.statistics_clerk)
    page = login(world.market_clerk).get(reverse("review:history", args=[world.application.pk]))
    assert page.status_code == 200
    assert "2.75" not in page.content.decode()
    own = login(world.statistics_clerk).get(reverse("review:history", args=[world.application.pk]))
    assert "2.75" in own.content.decode()


def test_a_clerk_gets_404_for_another_departments_diff(
    world: World, sections: Sections, login
) -> None:
    complete(sections.statistics)
    transition_section(
        sections.statistics, "submit_section", world.statistics_clerk, today=DEADLINE
    )
    url = reverse("review:diff", args=[sections.statistics.pk])
    assert login(world.market_clerk).get(url).status_code == 404
    assert login(world.statistics_clerk).get(url).status_code == 200


def test_unicode_digits_in_numeric_parameters_are_no_server_error(world: World, login) -> None:
    office = login(world.office)
    response = office.get(
        reverse("documents:template", args=[world.application.pk]) + "?department=²"
    )
    assert response.status_code == 200  # an unusable department is ignored: the whole template
    clerk = login(world.market_clerk)
    saved = clerk.post(
        reverse("reporting:save", args=[world.application.pk, "i17.metrologists"]),
        {"value": "5", "version": "²"},
    )
    assert saved.status_code == 200
