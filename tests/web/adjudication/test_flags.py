"""The province's plausibility flags (issue 17): beside the claims, and the queue by risk."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from qcounty.core.plausibility import Flag
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions as adjudication
from qcounty.web.adjudication.risk import cohort_flags, risk_key
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import actions
from qcounty.web.reporting.selfcheck import flags_of, ident_text, identity
from qcounty.web.review.actions import transition_application
from tests.web.adjudication.conftest import coherent_values, put_status, store, synthetic_values
from tests.web.conftest import World

ROW = re.compile(r'<td><a href="/adjudication/(\d+)/">')


def _implausible(world: World) -> Application:
    """Fill 文登区 with more three-star stations than stations, explain it, submit it."""
    values = coherent_values()
    values["pre.stations"] = 10
    values["pre.three_star"] = 14
    store(world.application, values)
    flag = next(f for f in flags_of(world.application) if f.keys[0] == "pre.three_star")
    actions.explain_flag(
        world.application, world.office, ident_text(identity(flag)), "含新建所，已核实"
    )
    return put_status(world.application, Application.Status.SUBMITTED)


def test_the_workspace_lists_the_flags_with_links_and_the_county_s_explanation(
    world: World, login: Callable[[User], Client]
) -> None:
    application = _implausible(world)
    page = login(world.evaluator).get(reverse("adjudication:application", args=[application.pk]))
    html = page.content.decode()
    flags = html.split('id="flags"')[1].split("</section>")[0]
    assert 'data-kind="part_exceeds_whole" data-key="pre.three_star"' in flags
    assert f'href="/adjudication/{application.pk}/?indicator=0#indicator-0"' not in flags
    assert f'href="/adjudication/{application.pk}/#indicator-0"' in flags
    assert "县里说明（已核实）：含新建所，已核实" in flags


def test_the_index_sorted_by_risk_puts_high_severity_first(
    world: World, login: Callable[[User], Client]
) -> None:
    from tests.web.adjudication.conftest import evidence_everywhere

    city = Organisation.objects.create(
        kind=Organisation.Kind.CITY, name="东营市", parent=world.province, tier=2
    )
    clean = []
    for i in (1, 2, 3):
        county = Organisation.objects.create(
            kind=Organisation.Kind.COUNTY, name=f"县{i}", parent=city
        )
        clean.append(Application.objects.create(campaign=world.campaign, county=county))
        store(clean[-1], coherent_values(i))
        evidence_everywhere(clean[-1])  # no claim without evidence: no flag at all
        put_status(clean[-1], Application.Status.SUBMITTED)
    application = _implausible(world)
    client = login(world.evaluator)
    url = reverse("adjudication:index")
    plain = [int(pk) for pk in ROW.findall(client.get(url).content.decode())]
    assert plain[0] != application.pk  # by city: 东营市 before 威海市
    risky = client.get(url, {"campaign": world.campaign.pk, "sort": "risk"}).content.decode()
    ordered = [int(pk) for pk in ROW.findall(risky)]
    assert ordered[0] == application.pk
    assert set(ordered) == {application.pk, *(a.pk for a in clean)}
    assert "按风险排序" in risky
    assert [len(cohort_flags(world.campaign)[a.pk]) for a in clean] == [0, 0, 0]


def test_high_severity_comes_before_more_points_of_medium_severity() -> None:
    from qcounty.core.messages import Message
    from qcounty.core.plausibility import Flag

    def flag(severity: str, points: float) -> Flag:
        message = Message("plaus.same_evidence", {"short": "ab", "others_n": 1})
        return Flag("k", "across", severity, "c", "n", (), {}, message, points_at_stake=points)

    high, medium = [flag("high", 0.0)], [flag("medium", 5.0), flag("medium", 5.0)]
    assert risk_key(high) < risk_key(medium) < risk_key([flag("low", 9.0)]) < risk_key([])


def test_flags_are_computed_once_per_state_of_the_cohort(world: World) -> None:
    application = _implausible(world)
    first = cohort_flags(world.campaign)
    assert cohort_flags(world.campaign) is first
    put_status(application, Application.Status.ACCEPTED)  # same values: the same state
    assert cohort_flags(world.campaign) is first
    store(world.other_application, synthetic_values(1))
    put_status(world.other_application, Application.Status.SUBMITTED)
    assert cohort_flags(world.campaign) is not first


def _keys(campaign_flags: dict[int, list[Flag]], application: Application) -> set[str]:
    return {flag.keys[0] for flag in campaign_flags[application.pk] if flag.keys}


def test_a_correction_by_the_province_settles_the_flag_it_corrects(world: World) -> None:
    # 14 three-star stations of 10 stations: corrected to 6 (with its 2 four-star stations,
    # 8 of 10), the part is no longer above its whole, and the next look at the flags reads
    # the correction, not the cached state
    application = _implausible(world)
    assert "pre.three_star" in _keys(cohort_flags(world.campaign), application)
    adjudication.correct_value(application, "pre.three_star", 6, "只有6个三星所", world.evaluator)
    assert "pre.three_star" not in _keys(cohort_flags(world.campaign), application)


def test_a_returned_application_corrected_by_its_county_is_checked_again(world: World) -> None:
    # returned (a ReturnNote), corrected by the county, resubmitted: the same application is
    # held again with other values, and its flags are those of the new values
    application = _implausible(world)
    assert "pre.three_star" in _keys(cohort_flags(world.campaign), application)
    transition_application(application, "return_application", world.evaluator, reason="三星所数")
    actions.save_value(application, "pre.three_star", 6, world.office)
    put_status(application, Application.Status.SUBMITTED)
    assert "pre.three_star" not in _keys(cohort_flags(world.campaign), application)


def test_a_county_cannot_open_the_province_s_flags(
    world: World, login: Callable[[User], Client]
) -> None:
    application = _implausible(world)
    for user in (world.office, world.market_clerk, world.rongcheng_office):
        response = login(user).get(reverse("adjudication:application", args=[application.pk]))
        assert response.status_code == 404
