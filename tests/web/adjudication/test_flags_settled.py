"""The province's flags (issue 17): beside each claim, settled by a decision, duplicates side by
side with other counties (the province only), the county's explanation in the history."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions as decisions
from qcounty.web.adjudication.risk import cohort_flags, input_of, open_flags
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from tests.web.adjudication.conftest import (
    coherent_values,
    evidence_everywhere,
    evidence_of,
    put_status,
    store,
)
from tests.web.adjudication.test_flags import ROW, _implausible
from tests.web.conftest import World


def _section(html: str, anchor: str) -> str:
    """Return the part of a page from an element's id to the next input row."""
    return html.split(f'id="{anchor}"')[1].split('class="adj-input')[0]


def test_each_flag_is_shown_beside_the_claim_it_is_about(
    world: World, login: Callable[[User], Client]
) -> None:
    application = _implausible(world)
    html = login(world.evaluator).get(reverse("adjudication:application", args=[application.pk]))
    row = _section(html.content.decode(), "input-pre-three-star")
    assert 'class="flags row-flags"' in row
    assert 'data-kind="part_exceeds_whole" data-key="pre.three_star"' in row
    assert "县里说明（已核实）：含新建所，已核实" in row
    other = _section(html.content.decode(), "input-pre-stations")
    assert 'data-key="pre.three_star"' not in other  # beside the value to correct only


def test_a_decision_on_the_flagged_input_settles_the_flag_and_it_leaves_the_risk_order(
    world: World, login: Callable[[User], Client]
) -> None:
    application = _implausible(world)
    evidence_everywhere(application)
    other = world.other_application
    values = coherent_values(1)
    values["pre.stations"], values["pre.three_star"] = 10, 11  # a part above its whole
    store(other, values)
    evidence_everywhere(other)
    put_status(other, Application.Status.SUBMITTED)
    client = login(world.evaluator)
    url = reverse("adjudication:index")
    query = {"campaign": world.campaign.pk, "sort": "risk"}
    before = [int(pk) for pk in ROW.findall(client.get(url, query).content.decode())]
    assert before == [application.pk, other.pk]
    keys = {f.keys[0] for f in open_flags(world.campaign)[application.pk]}
    assert "pre.three_star" in keys
    for key in sorted({input_of(world.campaign.framework, k) for k in keys}):
        decisions.accept_value(application, key, world.evaluator)
    assert open_flags(world.campaign)[application.pk] == []
    assert cohort_flags(world.campaign)[application.pk]  # still flagged, but settled
    ordered = [int(pk) for pk in ROW.findall(client.get(url, query).content.decode())]
    assert ordered == [other.pk, application.pk]
    page = client.get(reverse("adjudication:application", args=[application.pk]))
    flags = page.content.decode().split('id="flags"')[1].split("</section>")[0]
    settled = flags.split('data-kind="part_exceeds_whole" data-key="pre.three_star"')[1]
    settled = settled.split("</li>")[0]
    assert "已处理" in settled and "核实无误" in settled and str(world.evaluator) in settled
    assert ' settled" data-kind="part_exceeds_whole" data-key="pre.three_star"' in flags


def test_a_correction_settles_the_flag_with_the_corrected_value(world: World) -> None:
    from qcounty.web.adjudication.flagged import workspace_flags

    application = _implausible(world)
    decisions.correct_value(application, "pre.three_star", 12, "按台账核减", world.evaluator)
    shown = [s for s in workspace_flags(application) if s.key == "pre.three_star"]
    assert shown and all(s.settled is not None for s in shown)  # 12 > 10: still flagged
    assert all(s.settled.text.startswith("已更正为 12") for s in shown if s.settled)
    assert all(s.settled.by == world.evaluator for s in shown if s.settled)


STANDARD = {"scope": "national", "role": "lead_formulate", "title": "农产品分级规范",
            "code": "GB/T 12345-2021", "date": "2021-05-01", "status": "已发布", "drafters": "甲"}  # fmt: skip


def test_cross_county_duplicates_are_side_by_side_for_the_province_only(
    world: World, login: Callable[[User], Client]
) -> None:
    digest = "ab" * 32
    mine, theirs = world.application, world.other_application
    for application, code in ((mine, "GB/T 12345-2021"), (theirs, "gb/t １２３４５－２０２１")):
        values = coherent_values(0 if application == mine else 1)
        values["i14.standards"] = [STANDARD | {"code": code}]
        store(application, values)
        evidence_of(application, 14, sha256=digest)
        put_status(application, Application.Status.SUBMITTED)
    shared = evidence_of(theirs, 14).pk  # another file of theirs: not shown
    page = login(world.evaluator).get(
        reverse("adjudication:application", args=[mine.pk]), {"indicator": 14}
    )
    flags = page.content.decode().split('id="flags"')[1].split("</section>")[0]
    claim = flags.split('data-kind="same_claim"')[1].split("</li>")[0]
    assert f'href="/adjudication/{theirs.pk}/?indicator=14#indicator-14">威海市荣成市</a>' in claim
    assert f'href="/adjudication/{mine.pk}/?indicator=14#indicator-14">威海市文登区</a>' in claim
    assert "第 1 条：" in claim and "GB/T 12345-2021" in claim
    same_file = flags.split('data-kind="same_evidence"')[1].split("</li>")[0]
    theirs_file = Evidence.objects.get(application=theirs, sha256=digest).pk
    assert f'href="/adjudication/evidence/{theirs_file}/"' in same_file
    assert f"/adjudication/evidence/{shared}/" not in same_file
    reloaded = login(world.evaluator).get(reverse("adjudication:flags", args=[mine.pk]))
    claim = reloaded.content.decode().split('data-kind="same_claim"')[1].split("</li>")[0]
    assert f'href="/adjudication/{theirs.pk}/?indicator=14#indicator-14">威海市荣成市</a>' in claim
    county = login(world.office)
    panel = county.get(reverse("reporting:selfcheck", args=[mine.pk])).content.decode()
    assert "荣成市" not in panel and f"/adjudication/{theirs.pk}/" not in panel
    assert county.get(reverse("adjudication:flags", args=[mine.pk])).status_code == 404


def test_the_flags_panel_reloads_for_the_province(
    world: World, login: Callable[[User], Client]
) -> None:
    application = _implausible(world)
    response = login(world.evaluator).get(reverse("adjudication:flags", args=[application.pk]))
    assert response.status_code == 200
    assert 'data-kind="part_exceeds_whole" data-key="pre.three_star"' in response.content.decode()


def test_the_province_reads_the_county_s_explanation_in_the_history(
    world: World, login: Callable[[User], Client]
) -> None:
    application = _implausible(world)
    page = login(world.evaluator).get(reverse("review:history", args=[application.pk]))
    html = page.content.decode()
    row = html.split('class="action-flag_explained"')[1].split("</tr>")[0]
    assert "自查说明" in row and "含新建所，已核实" in row and str(world.office) in row


def test_a_group_loaded_later_shows_its_flags_without_loading_the_cohort_again(
    world: World, login: Callable[[User], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcounty.web.adjudication import risk

    application = _implausible(world)
    client = login(world.evaluator)
    client.get(reverse("adjudication:application", args=[application.pk]))  # the cohort checked

    def no_cohort(*args: object, **kwargs: object) -> None:
        raise AssertionError("a partial page loaded the whole cohort")

    monkeypatch.setattr(risk, "current_values", no_cohort)
    decisions.accept_value(application, "pre.three_star", world.evaluator)
    page = client.get(reverse("adjudication:flags", args=[application.pk])).content.decode()
    settled = page.split('data-kind="part_exceeds_whole" data-key="pre.three_star"')[1]
    assert "已处理" in settled.split("</li>")[0]  # the decision read for this application alone


def test_a_duplicate_names_ten_other_counties_and_counts_the_rest() -> None:
    from qcounty.core.messages import Message
    from qcounty.core.plausibility import Flag
    from qcounty.web.adjudication.flagged import Shown

    others = tuple(("济南市", f"县{i:02d}") for i in range(12))
    message = Message("plaus.same_text", {"label": "x", "others_n": 12})
    flag = Flag("same_text", "across", "medium", "济南市", "甲", ("k",), {}, message, others=others)
    shown = Shown(flag, "k", "x", "", None)
    assert shown.others.startswith("济南市县00、济南市县01") and shown.others.endswith("等 12 个县")
    assert "县10" not in shown.others
