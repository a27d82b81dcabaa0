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
from qcounty.web.adjudication.actions import correct_value
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.actions import Refused, publish, take_snapshot
from qcounty.web.evaluation.models import CohortSnapshot, Immutable
from qcounty.web.reporting.models import InputValue
from tests.web.conftest import World, framework
from tests.web.evaluation.conftest import TOTALS, position


def test_a_snapshot_stores_the_cohort_file_the_framework_text_and_their_hashes(
    world: World, cohort: dict[str, Application]
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator, note="第一次评审")
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
    snapshot = take_snapshot(world.campaign, world.evaluator)
    names = [c["name"] for c in json.loads(snapshot.cohort_json)["counties"]]
    assert "荣成市" not in names
    assert snapshot.counties == 5


def test_without_an_accepted_application_no_snapshot_is_taken(world: World) -> None:
    with pytest.raises(Refused, match="还没有省级已接收的申报"):
        take_snapshot(world.campaign, world.evaluator)
    assert CohortSnapshot.objects.count() == 0


def test_a_cohort_the_core_cannot_read_is_refused_with_its_message(
    world: World, cohort: dict[str, Application]
) -> None:
    InputValue.objects.filter(application=cohort["历下区"], key="pre.stations").delete()
    message = "字段“市场监管所总数”（pre.stations）：为必填项，不能为空"
    with pytest.raises(Refused, match=re.escape(message)):
        take_snapshot(world.campaign, world.evaluator)
    assert CohortSnapshot.objects.count() == 0


def test_the_snapshot_reproduces_the_published_result_after_the_applications_change(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator)
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
    now = snapshots.scored(take_snapshot(world.campaign, world.evaluator)).score
    changed = {c.name: round(float(now.totals[i]), 6) for i, c in enumerate(now.counties)}
    assert (changed["德城区"], changed["荣成市"], changed["文登区"]) == (2.0, 1.2, 4.0)


def test_a_snapshot_is_never_changed_or_deleted(
    world: World, cohort: dict[str, Application]
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator)
    snapshot.note = "改过"
    with pytest.raises(Immutable):
        snapshot.save()
    with pytest.raises(Immutable):
        snapshot.delete()
    assert CohortSnapshot.objects.get().note == ""


def test_a_snapshot_whose_stored_text_was_altered_is_not_scored(
    world: World, cohort: dict[str, Application]
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator)
    altered = snapshot.cohort_json.replace('"i31.rd_share":2.0', '"i31.rd_share":4.0')
    CohortSnapshot.objects.filter(pk=snapshot.pk).update(cohort_json=altered)
    with pytest.raises(snapshots.SnapshotDamaged, match="参评县数据与其 SHA-256 不符"):
        snapshots.scored(CohortSnapshot.objects.get(pk=snapshot.pk))


def test_the_evaluator_takes_a_snapshot_from_the_evaluation_page(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    index = evaluator_client.get(reverse("evaluation:index"))
    assert "生成快照（6 个省级已接收的申报）" in index.content.decode()
    response = evaluator_client.post(
        reverse("evaluation:take_snapshot", args=[world.campaign.pk]), {"note": "初评"}
    )
    snapshot = CohortSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:snapshot", args=[snapshot.pk])
    assert snapshot.note == "初评"


def test_the_page_of_an_altered_snapshot_says_so_instead_of_showing_figures(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    snapshot = take_snapshot(world.campaign, world.evaluator)
    altered = snapshot.framework_text.replace("total_points: 100", "total_points: 101")
    assert altered != snapshot.framework_text
    CohortSnapshot.objects.filter(pk=snapshot.pk).update(framework_text=altered)
    response = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk]))
    assert response.status_code == 500
    assert "评价体系文件与其 SHA-256 不符，已被改动，不能使用" in response.content.decode()
