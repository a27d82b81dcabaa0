"""Publication: the 公示 list and the final list, immutable, versioned, downloadable."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory
from django.urls import reverse
from docx import Document

from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import actions, snapshots
from qcounty.web.evaluation.actions import Refused, publish, take_snapshot
from qcounty.web.evaluation.models import CohortSnapshot, Immutable, Publication
from qcounty.web.evaluation.publication import ReportMismatch, county_report
from qcounty.web.evaluation.snapshots import scored
from qcounty.web.reporting.models import InputValue
from tests.web.conftest import World
from tests.web.evaluation.conftest import position


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_evaluator_publishes_the_proposed_list_of_the_selected_counties(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    url = reverse("evaluation:publish", args=[snapshot.pk])
    response = evaluator_client.post(url, {"kind": "proposed", "notice": "公示期 5 个工作日。"})
    published = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:publication", args=[published.pk])
    assert (published.kind, published.version, published.snapshot) == ("proposed", 1, snapshot)
    assert [(r["county"], r["rank"]) for r in published.figures["selected"]] == [
        ("德城区", 1),
        ("文登区", 2),
        ("历下区", 3),
        ("荣成市", 3),
    ]
    assert published.figures["meta"]["snapshot_sha256"] == snapshot.cohort_sha256
    page = evaluator_client.get(response["Location"]).content.decode()
    assert "拟认定名单（公示） 第1版" in page
    assert "公示期 5 个工作日。" in page


def test_the_lists_download_as_word_and_excel_with_chinese_file_names(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    published = publish(snapshot, "proposed", world.evaluator, today=dt.date(2023, 6, 30))
    docx = evaluator_client.get(reverse("evaluation:publication_list", args=[published.pk, "docx"]))
    name = f"{world.campaign.name}拟认定名单（公示）第1版.docx"
    assert docx["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote(name)}"
    text = text_of(docx.content)
    for county, total in (
        ("德城区", "4.00"),
        ("文登区", "3.20"),
        ("历下区", "2.00"),
        ("荣成市", "2.00"),
    ):
        assert county in text and total in text
    assert "市中区" not in text and "陵城区" not in text
    assert "2023年6月30日" in text
    xlsx = evaluator_client.get(reverse("evaluation:publication_list", args=[published.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "德城区" in values and 4.0 in values and 3.2 in values
    # columns 序号 排名 市 县 梯队 得分: the tier by its name, as the results page shows it
    assert sheet.cell(2, 5).value == "梯队"
    listed = {sheet.cell(r, 4).value: sheet.cell(r, 5).value for r in range(3, 7)}
    assert listed == {
        "德城区": "第三梯队",
        "文登区": "第二梯队",
        "历下区": "第一梯队",
        "荣成市": "第二梯队",
    }
    assert (
        evaluator_client.get(
            reverse("evaluation:publication_list", args=[published.pk, "pdf"])
        ).status_code
        == 404
    )


def test_each_countys_score_report_downloads_with_its_points(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    published = publish(snapshot, "final", world.evaluator, without_publicity=True)
    url = reverse("evaluation:county_report", args=[published.pk, position(snapshot, "文登区")])
    response = evaluator_client.get(url)
    assert response.status_code == 200
    text = text_of(response.content)
    assert "文登区" in text and "3.20" in text
    missing = reverse("evaluation:county_report", args=[published.pk, 99])
    assert evaluator_client.get(missing).status_code == 404


def test_a_second_issue_is_version_2_and_version_1_stays_unchanged(
    world: World, cohort: dict[str, Application], snapshot: CohortSnapshot
) -> None:
    first = publish(snapshot, "proposed", world.evaluator)
    kept = (first.figures, first.snapshot_id, first.published_on)
    # a county's value changes; a new snapshot and a second issue follow
    InputValue.objects.filter(application=cohort["德城区"], key="i01.slogan").update(value=False)
    second = publish(
        take_snapshot(world.campaign, world.evaluator, confirmed=True), "proposed", world.evaluator
    )
    assert (second.version, second.kind) == (2, "proposed")
    first.refresh_from_db()
    assert (first.figures, first.snapshot_id, first.published_on) == kept
    # 德城区 without the slogan: 2.00, tied second with 历下区 and 荣成市 behind 文登区 (3.20)
    assert [(r["county"], r["rank"]) for r in second.figures["selected"]] == [
        ("文登区", 1),
        ("历下区", 2),
        ("德城区", 2),
        ("荣成市", 2),
    ]
    final = publish(snapshot, "final", world.evaluator)
    assert final.version == 1  # numbered per kind


def test_a_publication_is_never_changed_or_deleted(
    world: World, snapshot: CohortSnapshot, rf: RequestFactory
) -> None:
    published = publish(snapshot, "proposed", world.evaluator)
    published.notice = "改过的说明"
    with pytest.raises(Immutable):
        published.save()
    with pytest.raises(Immutable):
        published.delete()
    assert Publication.objects.get().notice == ""
    request = rf.get("/")
    request.user = world.admin
    model_admin = site._registry[Publication]
    assert not model_admin.has_change_permission(request, published)
    assert not model_admin.has_delete_permission(request, published)
    assert not model_admin.has_add_permission(request)


def test_an_unknown_kind_is_refused_and_nothing_is_published(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    url = reverse("evaluation:publish", args=[snapshot.pk])
    response = evaluator_client.post(url, {"kind": "draft"}, follow=True)
    assert "请选择发布“拟认定名单（公示）”或“认定名单”" in response.content.decode()
    assert Publication.objects.count() == 0
    with pytest.raises(Refused):
        publish(snapshot, "final", world.evaluator, notice="长" * 2001)


def test_the_final_list_closes_the_provinces_corrections_but_not_the_proposed_list(
    world: World, snapshot: CohortSnapshot, cohort: dict[str, Application]
) -> None:
    from qcounty.web.adjudication.actions import Refused as NotOpen
    from qcounty.web.adjudication.actions import correct_value

    wendeng = cohort["文登区"]
    publish(snapshot, "proposed", world.evaluator)
    # during the 公示 the province may still correct a value (an objection upheld)
    correct_value(wendeng, "i17.metrologists", 5, "异议核实：证书只有5张", world.evaluator)
    publish(snapshot, "final", world.evaluator)
    with pytest.raises(NotOpen, match="认定名单已经公布"):
        correct_value(wendeng, "i17.metrologists", 4, "再次更正", world.evaluator)
    assert wendeng.decisions.count() == 1


def test_a_report_shows_no_tier_median_where_no_county_of_the_tier_is_eligible(
    world: World, cohort: dict[str, Application], evaluator_client: Client
) -> None:
    # 历下区 fails the three-star gate as 市中区 does: tier 1 has no eligible county left
    InputValue.objects.filter(application=cohort["历下区"], key="pre.three_star").update(value=2)
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    published = publish(snapshot, "proposed", world.evaluator)
    url = reverse("evaluation:county_report", args=[published.pk, position(snapshot, "市中区")])
    document = Document(io.BytesIO(evaluator_client.get(url).content))
    heads = [[c.text for c in t.rows[0].cells] for t in document.tables]
    table = document.tables[next(n for n, h in enumerate(heads) if "全省中位数" in h)]
    assert table.rows[0].cells[4].text == "第一梯队中位数"
    levels = [[c.text for c in row.cells] for row in table.rows[1:-1]]
    assert len(levels) == 4
    # the province's medians are of the 3 eligible counties (德城区, 文登区, 荣成市), as the
    # core computes them; tier 1 has none: "—", not the median of its two ineligible counties
    whole = scored(snapshot).score.medians().first
    assert [row[3] for row in levels] == [f"{x:.2f}" for x in whole]
    assert [row[4] for row in levels] == ["—"] * 4


def test_a_version_number_taken_meanwhile_is_numbered_again(
    world: World, snapshot: CohortSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # another evaluator published version 1 between our reading the last version (none yet,
    # so 1) and our writing: the unique constraint refuses our 1, we number again and get 2
    publish(snapshot, "proposed", world.evaluator, notice="另一位评价人员的发布")
    numbers = iter([1])
    real = actions.next_version
    monkeypatch.setattr(actions, "next_version", lambda c, k: next(numbers, None) or real(c, k))
    mine = publish(snapshot, "proposed", world.evaluator, notice="我的发布")
    assert mine.version == 2
    assert list(Publication.objects.order_by("version").values_list("version", "notice")) == [
        (1, "另一位评价人员的发布"),
        (2, "我的发布"),
    ]


def test_a_version_number_taken_twice_is_refused_with_a_message_not_a_500(
    world: World,
    snapshot: CohortSnapshot,
    evaluator_client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publish(snapshot, "proposed", world.evaluator)
    monkeypatch.setattr(actions, "next_version", lambda campaign, kind: 1)  # always taken
    url = reverse("evaluation:publish", args=[snapshot.pk])
    response = evaluator_client.post(url, {"kind": "proposed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:snapshot", args=[snapshot.pk])
    page = evaluator_client.get(response["Location"]).content.decode()
    assert "另一位评价人员刚刚发布了名单，请刷新后重试" in page
    assert Publication.objects.count() == 1


def test_a_report_that_would_contradict_the_published_list_is_refused(
    world: World,
    snapshot: CohortSnapshot,
    evaluator_client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    published = publish(snapshot, "proposed", world.evaluator)
    wendeng = next(r for r in published.figures["rows"] if r["county"] == "文登区")
    assert (round(wendeng["total"], 6), wendeng["rank"]) == (3.2, 2)
    # today's engine scores differently (as if it compared item 31 across the whole province):
    # 文登区 2.0 against the eligible 1.5 … 4.0, d = 60 + 40 × 0.5 / 2.5 = 68 → 1.36, + 2 = 3.36
    real = snapshots.score_cohort

    def changed_engine(framework, cohort, policies):  # type: ignore[no-untyped-def]
        return real(
            framework, cohort, policies=policies.with_overrides({"ec_tier_groups": "province"})
        )

    monkeypatch.setattr(snapshots, "score_cohort", changed_engine)
    snapshots.clear_cache()
    url = reverse("evaluation:county_report", args=[published.pk, wendeng["position"]])
    response = evaluator_client.get(url)
    assert response.status_code == 302  # back to the publication, with the reason; no document
    assert response["Location"] == reverse("evaluation:publication", args=[published.pk])
    page = evaluator_client.get(response["Location"]).content.decode()
    assert "威海市文登区得 3.36 分、第 1 名" in page
    assert "发布的 3.20 分、第 2 名不一致" in page
    # 历下区 3.0 in the province's group: d = 60 + 40 × 1.5 / 2.5 = 84 → 1.68, 4th not 3rd
    lixia = next(r for r in published.figures["rows"] if r["county"] == "历下区")
    with pytest.raises(ReportMismatch, match=re.escape("济南市历下区得 1.68 分、第 4 名")):
        county_report(published, lixia["position"])
    # while 荣成市 keeps its 2.00 (4.0 is x_h either way) and its 3rd place: its report is made
    rongcheng = next(r for r in published.figures["rows"] if r["county"] == "荣成市")
    assert "荣成市" in text_of(county_report(published, rongcheng["position"]))


def test_lists_are_published_in_order_publicity_first_then_the_final_list(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    url = reverse("evaluation:publish", args=[snapshot.pk])
    page = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).content
    assert "未经公示直接发布认定名单" in page.decode()  # no 公示 yet: the box is offered
    # a final list without a 公示 before it needs the box ticked
    refused = evaluator_client.post(url, {"kind": "final"}, follow=True).content.decode()
    assert "本周期还没有发布拟认定名单（公示）" in refused
    assert "请勾选“未经公示直接发布认定名单”" in refused
    assert Publication.objects.count() == 0
    response = evaluator_client.post(url, {"kind": "final", "without_publicity": "1"})
    final = Publication.objects.get()
    assert response["Location"] == reverse("evaluation:publication", args=[final.pk])
    assert (final.kind, final.version) == ("final", 1)
    # once the final list is out, no 公示 can follow it, through the form or otherwise
    refused = evaluator_client.post(url, {"kind": "proposed"}, follow=True).content.decode()
    assert "认定名单已经公布，不能再发布公示名单" in refused
    with pytest.raises(Refused, match="认定名单已经公布，不能再发布公示名单"):
        publish(snapshot, "proposed", world.evaluator)
    assert Publication.objects.count() == 1
    page = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).content
    form = page.decode().split('class="card publish')[1].split("</form>")[0]
    assert 'value="proposed"' not in form and 'value="final"' in form
    # a second final version (a correction) is still possible, confirmed again: still no 公示
    with pytest.raises(Refused, match="本周期还没有发布拟认定名单（公示）"):
        publish(snapshot, "final", world.evaluator)
    assert publish(snapshot, "final", world.evaluator, without_publicity=True).version == 2


def test_after_a_publicity_list_the_final_list_needs_no_confirmation(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    publish(snapshot, "proposed", world.evaluator)
    page = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).content
    assert "未经公示直接发布认定名单" not in page.decode()
    response = evaluator_client.post(
        reverse("evaluation:publish", args=[snapshot.pk]), {"kind": "final"}
    )
    assert response.status_code == 302
    assert sorted(Publication.objects.values_list("kind", "version")) == [
        ("final", 1),
        ("proposed", 1),
    ]
