"""Cohort snapshots: what they store, and that a published result is reproduced from them."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.loader import parse_framework, resolve
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.actions import accept_value, correct_value, reconcile, score_judged
from qcounty.web.adjudication.cohort import current_cohort
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.actions import Refused, Unsettled, publish, take_snapshot
from qcounty.web.evaluation.models import CohortSnapshot, Immutable
from qcounty.web.reporting.models import InputValue
from qcounty.web.reporting.scoring import values_of
from tests.web.conftest import World, framework
from tests.web.evaluation.conftest import TOTALS, position, tamper


def test_a_snapshot_stores_the_cohort_file_the_framework_text_and_their_hashes(
    world: World, cohort: dict[str, Application]
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator, note="第一次评审", confirmed=True)
    data = json.loads(snapshot.cohort_json)
    assert (data["format"], data["framework"], data["evaluation_year"]) == (
        "qcounty-cohort/1",
        "shandong-county-2022",
        2023,
    )
    # ordered by city, then county (Python's order of the names), with the application ids
    assert [(c["city"], c["name"]) for c in data["counties"]] == sorted(
        (a.county.parent.name, name) for name, a in cohort.items()
    )
    assert snapshot.application_ids == [cohort[c["name"]].pk for c in data["counties"]]
    assert snapshot.counties == 6
    assert snapshot.cohort_sha256 == hashlib.sha256(snapshot.cohort_json.encode()).hexdigest()
    bundled = resolve("shandong-county-2022").read_text(encoding="utf-8")
    assert snapshot.framework_text == bundled
    assert snapshot.framework_sha256 == hashlib.sha256(bundled.encode()).hexdigest()
    assert snapshot.policies == framework().policies.model_dump(mode="json")
    assert (snapshot.note, snapshot.created_by) == ("第一次评审", world.evaluator)
    # the stored file is what the core reads: a county file's values, unreported inputs as null
    parsed = parse_cohort(data, parse_framework(snapshot.framework_text))
    wendeng = parsed.counties[position(snapshot, "文登区")]
    assert (wendeng.values["i31.rd_share"], wendeng.values["i01.slogan"]) == (2.0, True)
    assert wendeng.values["i19.helped"] is None


def test_only_applications_the_province_accepted_are_in_a_snapshot(
    world: World, cohort: dict[str, Application]
) -> None:
    Application.objects.filter(pk=cohort["荣成市"].pk).update(status=Application.Status.SUBMITTED)
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    names = [c["name"] for c in json.loads(snapshot.cohort_json)["counties"]]
    assert "荣成市" not in names
    assert snapshot.counties == 5


def test_without_an_accepted_application_no_snapshot_is_taken(world: World) -> None:
    with pytest.raises(Refused, match="还没有省级已接收的申报"):
        take_snapshot(world.campaign, world.evaluator, confirmed=True)
    assert CohortSnapshot.objects.count() == 0


def test_a_cohort_the_core_cannot_read_is_refused_with_its_message(
    world: World, cohort: dict[str, Application]
) -> None:
    InputValue.objects.filter(application=cohort["历下区"], key="pre.stations").delete()
    message = "字段“市场监管所总数”（pre.stations）：为必填项，不能为空"
    with pytest.raises(Refused, match=re.escape(message)):
        take_snapshot(world.campaign, world.evaluator, confirmed=True)
    assert CohortSnapshot.objects.count() == 0


def test_the_snapshot_reproduces_the_published_result_after_the_applications_change(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    published = publish(snapshot, "proposed", world.evaluator)
    # afterwards: a county's value changes and the province corrects another one
    InputValue.objects.filter(application=cohort["德城区"], key="i01.slogan").update(value=False)
    correct_value(cohort["荣成市"], "i31.rd_share", 1.0, "以年鉴为准", world.evaluator)
    # ...and the process forgets everything it had parsed and scored
    snapshots.clear_cache()

    again = snapshots.scored(CohortSnapshot.objects.get(pk=snapshot.pk)).score
    totals = {c.name: round(float(again.totals[i]), 6) for i, c in enumerate(again.counties)}
    assert totals == TOTALS
    for row in published.figures["rows"]:
        i = row["position"]
        assert (float(again.totals[i]), int(again.ranks[i]) or None) == (row["total"], row["rank"])
    # while a new snapshot sees the changes: 德城区 loses the slogan's 2 points (4.00 → 2.00)
    # and 荣成市 at 1.0 becomes tier 2's x_s (d = 60 → 1.20)
    now = snapshots.scored(take_snapshot(world.campaign, world.evaluator, confirmed=True)).score
    changed = {c.name: round(float(now.totals[i]), 6) for i, c in enumerate(now.counties)}
    assert (changed["德城区"], changed["荣成市"], changed["文登区"]) == (2.0, 1.2, 4.0)


def test_a_snapshot_is_never_changed_or_deleted(
    world: World, cohort: dict[str, Application]
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    snapshot.note = "改过"
    with pytest.raises(Immutable):
        snapshot.save()
    with pytest.raises(Immutable):
        snapshot.delete()
    assert CohortSnapshot.objects.get().note == ""


def test_a_snapshot_whose_stored_text_was_altered_is_not_scored(
    world: World, cohort: dict[str, Application]
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    altered = snapshot.cohort_json.replace('"i31.rd_share":2.0', '"i31.rd_share":4.0')
    tamper(snapshot, cohort_json=altered)
    with pytest.raises(snapshots.SnapshotDamaged, match="参评县数据与其 SHA-256 不符"):
        snapshots.scored(CohortSnapshot.objects.get(pk=snapshot.pk))


def test_the_evaluator_takes_a_snapshot_from_the_evaluation_page(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    index = evaluator_client.get(reverse("evaluation:index")).content.decode()
    assert "生成快照（6 个省级已接收的申报）" in index
    # nothing of the hand cohort is checked: 8 judged inputs and 93 other scored inputs each
    assert "6 个县有未汇总的专家评分项（共 48 项）" in index  # 6 × 8
    assert "6 个县有未经省级核实的数据项（共 558 项）" in index  # 6 × 93
    assert 'name="confirm"' in index and "仍然生成快照" in index
    url = reverse("evaluation:take_snapshot", args=[world.campaign.pk])
    refused = evaluator_client.post(url, {"note": "初评"}, follow=True).content.decode()
    assert "未生成快照：6 个县有未汇总的专家评分项（共 48 项）" in refused
    assert "请勾选“仍然生成快照”" in refused
    assert CohortSnapshot.objects.count() == 0
    response = evaluator_client.post(url, {"note": "初评", "confirm": "1"})
    snapshot = CohortSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:snapshot", args=[snapshot.pk])
    assert snapshot.note == "初评"
    page = evaluator_client.get(response["Location"]).content.decode()
    assert "6 个县有未汇总的专家评分项" in page
    assert "6 个县有未经省级核实的数据项" in page


def settle(application: Application, user: User, *, leave: tuple[str, ...] = ()) -> None:
    """Record the province's decision on every scored input but those left: judged items
    reconciled to their lowest level (as the hand cohort leaves them blank: 0 points), the
    others accepted as claimed."""
    claims = values_of(application)
    decisions, reconciliations = [], []
    for spec in framework().inputs():
        if spec.informational or spec.key in leave:
            continue
        if spec.judged:
            lowest = {"BoolInput": False, "NumberInput": 0.0, "ChoiceInput": "none"}
            reconciliations.append(
                Reconciliation(
                    application=application,
                    key=spec.key,
                    method=Reconciliation.Method.CHOSEN,
                    value=lowest[type(spec).__name__],
                    scores=[],
                    decided_by=user,
                )
            )
        else:
            decisions.append(
                Decision(
                    application=application,
                    key=spec.key,
                    kind=Decision.Kind.ACCEPTED,
                    claimed=claims[spec.key],
                    value=claims[spec.key],
                    decided_by=user,
                )
            )
    Decision.objects.bulk_create(decisions)
    Reconciliation.objects.bulk_create(reconciliations)


def test_a_snapshot_waits_for_confirmation_while_items_are_open_and_stores_their_counts(
    world: World, cohort: dict[str, Application], expert: User
) -> None:
    # 文登区 estimated its medical-service score (a judged item) itself: 0.6 of 0.8
    InputValue.objects.create(application=cohort["文登区"], key="i35.medical_score", value=0.6)
    for name, application in cohort.items():
        leave = {
            "文登区": ("i35.medical_score",),  # the experts' scores not reconciled yet
            "荣成市": ("i31.rd_share", "i01.slogan"),  # two values never checked
        }.get(name, ())
        settle(application, world.evaluator, leave=leave)
    with pytest.raises(Unsettled) as refused:
        take_snapshot(world.campaign, world.evaluator)
    assert str(refused.value).startswith(
        "未生成快照：1 个县有未汇总的专家评分项（共 1 项），"
        "1 个县有未经省级核实的数据项（共 2 项），这些项目将按县级自报值计分。"
    )
    assert CohortSnapshot.objects.count() == 0

    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    by_name = {c["name"]: n for n, c in enumerate(json.loads(snapshot.cohort_json)["counties"])}
    assert snapshot.unsettled[by_name["文登区"]] == {"unreconciled": 1, "unchecked": 0}
    assert snapshot.unsettled[by_name["荣成市"]] == {"unreconciled": 0, "unchecked": 2}
    assert sum(r["unreconciled"] + r["unchecked"] for r in snapshot.unsettled) == 3
    assert snapshot.unsettled_summary == {
        "unreconciled_counties": 1,
        "unreconciled": 1,
        "unchecked_counties": 1,
        "unchecked": 2,
    }
    # the county's own estimate is what the snapshot counts for it
    wendeng = json.loads(snapshot.cohort_json)["counties"][by_name["文登区"]]
    assert wendeng["values"]["i35.medical_score"] == 0.6

    # once reconciled and checked, no confirmation is asked
    score_judged(cohort["文登区"], "i35.medical_score", 0.4, "", expert)
    reconcile(cohort["文登区"], "i35.medical_score", "mean", world.evaluator)
    for key in ("i31.rd_share", "i01.slogan"):
        accept_value(cohort["荣成市"], key, world.evaluator)
    settled = take_snapshot(world.campaign, world.evaluator)
    assert settled.unsettled == [{"unreconciled": 0, "unchecked": 0}] * 6
    assert settled.unsettled_summary["unreconciled_counties"] == 0


def test_the_results_page_names_the_counties_with_open_items(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    for name, application in cohort.items():
        settle(
            application, world.evaluator, leave=("i35.medical_score",) if name == "德城区" else ()
        )
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    html = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).content
    page = html.decode()
    assert "1 个县有未汇总的专家评分项" in page
    assert 'class="unchecked-count' not in page  # every other input was checked
    listed = page.split('class="list unsettled-list"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</tr>", listed, re.S)
    assert len(rows) == 1 and "德州市德城区" in rows[0]
    # 德城区 is ranked first: its row in the ranking is marked
    ranking = page.split('class="list ranking"')[1].split("</table>")[0]
    first = re.findall(r'<tr class="[^"]*">(.*?)</tr>', ranking, re.S)[0]
    assert "德城区" in first and "未汇总 1" in first
    # its mark says why, in words (a {{ l }} placeholder once showed there)
    assert 'title="有未汇总的专家评分项，按县级自报值计分"' in first and "{{" not in page


def test_the_page_of_an_altered_snapshot_says_so_instead_of_showing_figures(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    altered = snapshot.framework_text.replace("total_points: 100", "total_points: 101")
    assert altered != snapshot.framework_text
    tamper(snapshot, framework_text=altered)
    response = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk]))
    assert response.status_code == 500
    assert "评价体系文件与其 SHA-256 不符，已被改动，不能使用" in response.content.decode()


def test_an_expert_scoring_after_the_reconciliation_reopens_the_item(
    world: World, cohort: dict[str, Application], expert: User, evaluator_client: Client
) -> None:
    judged = [x.key for x in framework().inputs() if x.judged]
    for name, application in cohort.items():
        settle(application, world.evaluator, leave=tuple(judged) if name == "文登区" else ())
    wendeng = cohort["文登区"]
    index = reverse("evaluation:index")
    # 文登区's 8 judged items wait for the experts
    assert "1 个县有未汇总的专家评分项（共 8 项）" in evaluator_client.get(index).content.decode()
    score_judged(wendeng, "i35.medical_score", 0.5, "", expert)
    reconcile(wendeng, "i35.medical_score", "mean", world.evaluator)
    # one reconciled: 8 − 1 = 7 open
    assert "1 个县有未汇总的专家评分项（共 7 项）" in evaluator_client.get(index).content.decode()

    score_judged(wendeng, "i35.medical_score", 0.3, "", expert)  # the expert thinks again
    # the reconciliation (0.5) is older than the latest score: the item is open again, 8
    assert "1 个县有未汇总的专家评分项（共 8 项）" in evaluator_client.get(index).content.decode()
    workspace = reverse("adjudication:application", args=[wendeng.pk]) + "?indicator=35"
    assert "请重新汇总" in evaluator_client.get(workspace).content.decode()
    with pytest.raises(Unsettled, match=re.escape("1 个县有未汇总的专家评分项（共 8 项）")):
        take_snapshot(world.campaign, world.evaluator)
    assert CohortSnapshot.objects.count() == 0
    confirmed = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    assert confirmed.unsettled[position(confirmed, "文登区")]["unreconciled"] == 8

    reconcile(wendeng, "i35.medical_score", "mean", world.evaluator)  # settled again: 0.3
    assert "1 个县有未汇总的专家评分项（共 7 项）" in evaluator_client.get(index).content.decode()


def test_the_snapshot_holds_the_cohort_the_province_reads_value_for_value(
    world: World, cohort: dict[str, Application]
) -> None:
    """The file is written from the stored values as they are (checked column by column, issue
    12) and reads back as `current_cohort` types them one by one."""
    correct_value(cohort["荣成市"], "i31.rd_share", 1.0, "以年鉴为准", world.evaluator)
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    parsed = parse_cohort(
        json.loads(snapshot.cohort_json), parse_framework(snapshot.framework_text)
    )
    expected = current_cohort(world.campaign, accepted_only=True)
    assert [c.values for c in parsed.counties] == [c.values for _, c in expected]
    assert [(c.city, c.name, c.tier) for c in parsed.counties] == [
        (c.city, c.name, c.tier) for _, c in expected
    ]


def test_a_stored_value_the_framework_no_longer_accepts_counts_as_unreported(
    world: World, cohort: dict[str, Application]
) -> None:
    # saved under an earlier framework (a bulk import, an edited option): the core refuses it
    # in a file, and the web reads it as unreported; the snapshot is taken as the web reads it
    InputValue.objects.update_or_create(
        application=cohort["德城区"], key="i19.helped", defaults={"value": "许多"}
    )
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    data = json.loads(snapshot.cohort_json)
    decheng = data["counties"][position(snapshot, "德城区")]
    assert decheng["values"]["i19.helped"] is None
    expected = current_cohort(world.campaign, accepted_only=True)
    parsed = parse_cohort(data, parse_framework(snapshot.framework_text))
    assert [c.values for c in parsed.counties] == [c.values for _, c in expected]


def test_a_snapshot_taken_after_a_change_scores_the_change_while_the_first_stays_cached(
    world: World, cohort: dict[str, Application]
) -> None:
    first = snapshots.scored(take_snapshot(world.campaign, world.evaluator, confirmed=True))
    assert snapshots.scored(CohortSnapshot.objects.get(pk=first.snapshot_id)) is first  # cached
    InputValue.objects.filter(application=cohort["德城区"], key="i01.slogan").update(value=False)
    # no cache cleared: the new snapshot is a new key (德城区 loses the slogan's 2 points)
    second = snapshots.scored(take_snapshot(world.campaign, world.evaluator, confirmed=True))
    i = second.position_of(cohort["德城区"].pk)
    assert i is not None and round(float(second.score.totals[i]), 6) == 2.0
    again = snapshots.scored(CohortSnapshot.objects.get(pk=first.snapshot_id))
    assert again is first
    j = first.position_of(cohort["德城区"].pk)
    assert j is not None and round(float(first.score.totals[j]), 6) == TOTALS["德城区"] == 4.0
