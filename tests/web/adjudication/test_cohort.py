"""current_cohort: the applications the province holds, as the core reads them after decisions."""

from __future__ import annotations

from typing import Any

import pytest

from qcounty.web.adjudication import actions
from qcounty.web.adjudication.cohort import current_cohort
from qcounty.web.adjudication.effective import adjudicated_county
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.scoring import county_of
from tests.web.adjudication.conftest import add_application, put_status
from tests.web.conftest import World

Status = Application.Status


@pytest.fixture
def jinan(world: World) -> Organisation:
    return Organisation.objects.create(
        kind=Organisation.Kind.CITY, name="济南市", parent=world.province, tier=1
    )


def test_the_cohort_holds_submitted_and_accepted_applications_in_city_then_county_order(
    world: World, submitted: Application, jinan: Organisation
) -> None:
    accepted = add_application(world, jinan, "历下区", Status.ACCEPTED, index=1)
    add_application(world, jinan, "市中区", Status.DRAFT, index=2)
    add_application(world, jinan, "槐荫区", Status.RETURNED, index=3)
    put_status(world.other_application, Status.ACCEPTED)  # 荣成市, no values reported
    cohort = current_cohort(world.campaign)
    # by code point: 威 U+5A01 < 济 U+6D4E (威海市 first), 文 U+6587 < 荣 U+8363 (文登区 first);
    # the draft (市中区) and the returned application (槐荫区) are the county's, not the province's
    assert [(c.city, c.name) for _, c in cohort] == [
        ("威海市", "文登区"),
        ("威海市", "荣成市"),
        ("济南市", "历下区"),
    ]
    assert [a.pk for a, _ in cohort] == [
        submitted.pk,
        world.other_application.pk,
        accepted.pk,
    ]
    only = current_cohort(world.campaign, accepted_only=True)
    assert [c.name for _, c in only] == ["荣成市", "历下区"]


def test_each_county_equals_its_adjudicated_county(
    world: World, submitted: Application, jinan: Organisation
) -> None:
    other = add_application(world, jinan, "历下区", Status.ACCEPTED, index=1)
    actions.correct_value(submitted, "i17.metrologists", 5, "证书只有5张", world.evaluator)
    actions.accept_value(submitted, "i35.medical_score", world.evaluator)
    records = county_of(other).values["i14.standards"]
    assert records, "the synthetic county reports standards"
    kept = [_json(r) for r in records[1:]]
    actions.correct_records(other, "i14.standards", kept, "第1项标准未发布", world.evaluator)
    cohort = dict((a.pk, c) for a, c in current_cohort(world.campaign))
    assert cohort[submitted.pk] == adjudicated_county(submitted)
    assert cohort[other.pk] == adjudicated_county(other)
    assert cohort[submitted.pk].values["i17.metrologists"] == 5  # corrected from 9
    assert cohort[other.pk].values["i14.standards"] == records[1:]  # the first left out
    assert county_of(submitted).values["i17.metrologists"] == 9  # the claim stays as it was


def _json(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in record.items()}


@pytest.mark.parametrize("extra", [1, 8])
def test_the_cohort_takes_the_same_few_queries_whatever_its_size(
    world: World,
    submitted: Application,
    jinan: Organisation,
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(extra):
        application = add_application(world, jinan, f"县{n}", Status.ACCEPTED, index=n % 5)
        actions.correct_value(application, "i17.metrologists", 4, "核减", world.evaluator)
    # applications, values, records, decisions, reconciliations
    with django_assert_max_num_queries(5):
        cohort = current_cohort(world.campaign)
    assert len(cohort) == 1 + extra
    assert all(c.values["i17.metrologists"] == 4 for _, c in cohort[1:])


def test_an_empty_campaign_has_an_empty_cohort(world: World) -> None:
    assert current_cohort(world.campaign) == []
