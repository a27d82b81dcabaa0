"""The bundled schemes beyond Shandong run through the web campaign end to end in their words.

Anhui's 质量工作考核 (cities, A/B/C/D, a veto forcing D) and Guangdong's 名牌产品 质量评价
(enterprises, 质保能力 capped at 210): the province creates the campaign in the admin, the
demo loader sets up the units, every department's clerk fills exactly its items through the
reporting form with an evidence file, the unit's office accepts and submits, the province
accepts, its experts score the judged items, the evaluator settles and checks everything, takes
the snapshot, reads the evaluation pages and publishes the list; the documents are opened. The
values are the golden cohorts' (tests/core/test_golden_anhui.py, test_golden_guangdong.py), and
so are the totals and grades, with their arithmetic repeated below.

One test per scheme builds its campaign once and walks it through (a test per step would build
it again each time). Every page and document visited is read for 县/梯队 where the scheme's own
unit and groups should be (tests/web/unit_words.py).
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from qcounty.core import load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.wording import Wording, wording
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.documents.models import DocumentJob
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.organisations.models import Organisation
from tests.core import test_golden_anhui as golden_anhui
from tests.core import test_golden_guangdong as golden_guangdong
from tests.core import test_golden_taizhou as golden_taizhou
from tests.web.campaigns import scheme_flow as flow
from tests.web.unit_words import (
    document_text,
    leftovers,
    split_page,
    visible_text,
)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
Role = flow.Role
Kind = Organisation.Kind
# the unit office's pages visited once all departments' parts are in
OFFICE_PAGES = (
    "tasks:board",
    "tasks:assessment",
    "review:progress",
    "review:history",
    "cockpit:dashboard",
    "cockpit:gaps",
)


def record_page(scheme: str, what: str, page: str, words: Wording) -> None:
    """Record the page's main part under its name, its header and navigation as base.html's."""
    main, chrome = split_page(page)
    record(scheme, what, main, words)
    record(scheme, "base.html (header, navigation, role)", chrome, words)


def record(scheme: str, what: str, text: str, words: Wording) -> None:
    """Fail if a page or document visited says 县/梯队 where the scheme's unit should be."""
    found = leftovers(text, words)
    assert not found, f"{scheme}: {what} says 县/梯队 for {words.unit}: {found[:5]}"


@pytest.fixture(autouse=True)
def _documents_at_once(settings: Any, evidence_root: Any) -> None:
    settings.TASKS = IMMEDIATE  # the Word documents are built as the request's job


def _set_up(client: Client, scheme: str, province_name: str, campaign_name: str) -> Campaign:
    """The province's administrator creates the campaign; the units are loaded for it."""
    framework = load_framework(scheme)
    province = Organisation.objects.create(kind=Kind.PROVINCE, name=province_name)
    admin = flow.user("scheme-admin", Role.ADMIN, province)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    campaign = flow.create_campaign(client, framework, campaign_name)
    call_command("load_demo", framework=scheme, stdout=io.StringIO())
    assert Campaign.objects.filter(framework_id=scheme).count() == 1  # the units joined it
    return campaign


def _report_in(
    client: Client,
    scheme: str,
    application: Application,
    framework: Framework,
    values: dict[str, Any],
    estimates: dict[str, Any],
    n: int,
) -> None:
    """Each department's clerk fills exactly its items with an evidence file and submits; the
    unit's office accepts them all and submits the application."""
    words = wording(framework)
    unit = application.county
    sections = sum(len(first.second_level) for first in framework.first_level)
    for department, roles in flow.departments_of(unit, framework).items():
        clerk = flow.user(f"{scheme[:6]}-{n}-{department.pk}", Role.CLERK, department)
        client.force_login(clerk)
        mine = flow.keys_of(framework, roles)
        if n == 0:  # the form offers the clerk exactly its department's items (once: costly)
            assert flow.editable_keys(client, application, sections) == mine
            page = flow.ok(client.get(reverse("reporting:application", args=[application.pk])))
            record_page(scheme, "reporting:application (clerk)", page, words)
        flow.fill(client, application, framework, {k: estimates.get(k, values[k]) for k in mine})
        indicator = flow.indicators_of(framework, roles)[0]
        flow.attach(client, application, indicator, f"{department.name}佐证材料.pdf")
        flow.section_action(client, application, department, "submit")
        said = flow.messages(client)
        assert not any("未" in m for m in said), (department.name, said)
    office = flow.user(f"{scheme[:6]}-{n}-office", Role.COUNTY_OFFICE, unit)
    client.force_login(office)
    page = flow.ok(client.get(reverse("reporting:application", args=[application.pk])))
    record_page(scheme, "reporting:application (office)", page, words)
    # the live score out of the scheme's full marks (Guangdong's 400), not out of 100
    assert f'<span class="muted">/ {framework.total_points:g}</span>' in page
    # a unit directly under the province is not headed as the province's (安徽省合肥市)
    assert unit.parent.kind != Kind.PROVINCE or unit.parent.name + unit.name not in page
    page = flow.ok(client.get(reverse("home")))
    record_page(scheme, "home (office)", page, words)
    flow.ok(client.post(reverse("review:accept_submitted", args=[application.pk])), 302)
    if n == 0:
        # the scheme's roles, each with the unit's department answering for it
        page = flow.ok(client.get(reverse("tasks:mapping", args=[application.pk])))
        assert all(u.name in page for u in framework.units)
        for name in ("tasks:mapping", *OFFICE_PAGES):
            page = flow.ok(client.get(reverse(name, args=[application.pk])))
            record_page(scheme, f"{name} (office)", page, words)
            assert unit.parent.kind != Kind.PROVINCE or unit.parent.name + unit.name not in page
    flow.application_action(client, application, "submit")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED, flow.messages(client)


def _adjudicate(
    client: Client,
    evaluator: Any,
    experts: tuple[Any, Any],
    application: Application,
    framework: Framework,
    scores: dict[str, float],
    spread: float,
    first: bool = False,
) -> None:
    """The province accepts the application; experts score each judged item (two of them
    `spread` apart around the golden score for the first unit), the evaluator settles each at
    their mean and checks every data item."""
    judged = [x.key for x in framework.inputs() if x.judged]
    data = [x.key for x in framework.inputs() if not x.judged and not x.informational]
    client.force_login(evaluator)
    flow.application_action(client, application, "accept")
    if first:
        for name in ("adjudication:application", "adjudication:county_view"):
            page = flow.ok(client.get(reverse(name, args=[application.pk])))
            record_page(framework.id, name, page, wording(framework))
        page = flow.ok(client.get(reverse("adjudication:index")))
        record_page(framework.id, "adjudication:index", page, wording(framework))
    # the first unit's items get two experts' scores apart (settled at their mean), the
    # others one expert's (its own score is the mean): half the requests
    for expert, sign in zip(
        experts if first else experts[:1], (-1, 1) if first else (0,), strict=True
    ):
        client.force_login(expert)
        top = {k: framework.input_or_none(k).max for k in judged}  # type: ignore[attr-defined]
        own = {
            k: scores[k] if scores[k] + spread > top[k] else scores[k] + sign * spread
            for k in judged
        }
        flow.judge(client, application, judged, own)
    client.force_login(evaluator)
    flow.reconcile(client, application, judged)
    flow.check(client, application, data)


def _evaluate(client: Client, scheme: str, campaign: Campaign, words: Wording) -> CohortSnapshot:
    """Take the snapshot (nothing left unsettled) and read the evaluation pages."""
    home = flow.ok(client.get(reverse("home")))
    record_page(scheme, "home (province)", home, words)
    index = flow.ok(client.get(reverse("evaluation:index")))
    record_page(scheme, "evaluation:index", index, words)
    url = reverse("evaluation:take_snapshot", args=[campaign.pk])
    flow.ok(client.post(url, {"note": ""}), 302)
    snapshot = CohortSnapshot.objects.get(campaign=campaign)
    assert snapshot.unsettled and not any(
        r["unreconciled"] or r["unchecked"] for r in snapshot.unsettled
    )
    page = flow.ok(client.get(reverse("evaluation:snapshot", args=[snapshot.pk])))
    record_page(scheme, "evaluation:snapshot", page, words)
    for position in range(snapshot.counties):
        page = flow.ok(client.get(reverse("evaluation:county", args=[snapshot.pk, position])))
        record_page(scheme, "evaluation:county", page, words)
    return snapshot


def _publish(client: Client, scheme: str, snapshot: CohortSnapshot, words: Wording) -> str:
    """Publish the 公示 list; return its page's text (the .docx and .xlsx lists opened)."""
    url = reverse("evaluation:publish", args=[snapshot.pk])
    flow.ok(client.post(url, {"kind": "proposed", "seen": "0"}), 302)
    publication = Publication.objects.get(campaign=snapshot.campaign)
    page = flow.ok(client.get(reverse("evaluation:publication", args=[publication.pk])))
    record_page(scheme, "evaluation:publication", page, words)
    for fmt in ("docx", "xlsx"):
        response = client.get(reverse("evaluation:publication_list", args=[publication.pk, fmt]))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        _open(content, fmt)
        record(scheme, f"evaluation:publication_list.{fmt}", document_text(content), words)
    return visible_text(page)


def _open(content: bytes, fmt: str) -> str:
    """Open a Word or Excel file as its reader would; return its text."""
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


def _documents(client: Client, scheme: str, application: Application, words: Wording) -> str:
    """The unit's office downloads its score sheet, Annex 2 and Excel template (at once) and
    its Word score sheet, Annex 2 and quality report (as jobs); return the Excel sheet's text."""
    texts = {}
    for name in ("score_sheet", "annex2", "template"):
        args = [application.pk] if name == "template" else [application.pk, "xlsx"]
        response = client.get(reverse(f"documents:{name}", args=args))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (name, content[:300])
        texts[name] = _open(content, "xlsx")
        record(scheme, f"documents:{name}.xlsx", document_text(content), words)
    kinds = DocumentJob.Kind
    for kind in (kinds.SCORE_SHEET_DOCX, kinds.ANNEX2_DOCX, kinds.QUALITY_REPORT):
        start = reverse("documents:job_start", args=[application.pk, kind])
        flow.ok(client.post(start), 302)
        job = DocumentJob.objects.filter(application=application, kind=kind).latest("pk")
        response = client.get(reverse("documents:job_download", args=[job.pk]))
        assert response.status_code == 200, (kind, job.status)
        content = b"".join(response.streaming_content)
        texts[kind] = _open(content, "docx")
        record(scheme, f"documents:{kind}", document_text(content), words)
    # Annex 2 of a scheme without a printed form: the scheme's own items, titled by the scheme
    assert application.county.name in texts[kinds.ANNEX2_DOCX]
    return texts["score_sheet"]


# --------------------------------------------------------------------------- Anhui


def test_anhuis_cities_are_assessed_through_the_web_campaign(db: None, client: Client) -> None:
    scheme = golden_anhui.SCHEME
    framework = load_framework(scheme)
    words = wording(framework)
    campaign = _set_up(client, scheme, "安徽省", "2014年安徽省质量工作考核")
    evaluator = flow.user("ah-province", Role.EVALUATOR, Organisation.objects.get(name="安徽省"))
    experts = (
        flow.user("ah-expert-1", Role.EXPERT, evaluator.organisation),
        flow.user("ah-expert-2", Role.EXPERT, evaluator.organisation),
    )
    judged = [x.key for x in framework.inputs() if x.judged]
    applications = {}
    for n, (name, values) in enumerate(golden_anhui.COHORT):
        unit = Organisation.objects.get(kind=Kind.COUNTY, name=name)
        assert unit.parent.kind == Kind.PROVINCE and unit.city_name == ""  # no city above a city
        application = Application.objects.get(campaign=campaign, county=unit)
        # the city estimates every 考核工作组 item at its full 3 points; the experts decide
        estimates = dict.fromkeys(judged, 3)
        _report_in(client, scheme, application, framework, values, estimates, n)
        _adjudicate(client, evaluator, experts, application, framework, values, 0.1, n == 0)
        applications[name] = application

    client.force_login(evaluator)
    snapshot = _evaluate(client, scheme, campaign, words)
    score = snapshots.scored(snapshot).score
    rows = {score.counties[i].name: score.county(i) for i in range(len(score.counties))}
    assert rows.keys() == {name for name, _ in golden_anhui.COHORT}
    # 合肥市: 15 + 10 + 15 = 40; 20 × 2.5 = 50; 40 + 50 = 90 → A级 (90 ≥ 90)
    # 芜湖市: 15 + 0 + 15 = 30 (农产品 94.5 < 96); 20 × 2.5 = 50; 80 → B级
    # 蚌埠市: 40 + 20 × 3 = 100, but a systemic incident: 一律为D级, not ranked
    # 淮南市: 0 + 0 + 0 (each 1.5 points below its target); 20 × 2.9 = 58 → D级 (58 < 60)
    # (the city's own estimates, 20 × 3 = 60 each, would have given 100, 90, 100 and 60)
    got = {n: (round(r.total, 6), r.grade, r.rank) for n, r in rows.items()}
    assert got == {
        "合肥市": (90, "A级", 1),
        "芜湖市": (80, "B级", 2),
        "蚌埠市": (100, "D级", None),
        "淮南市": (58, "D级", 3),
    }
    bengbu = next(i for i, c in enumerate(score.counties) if c.name == "蚌埠市")
    page = flow.ok(client.get(reverse("evaluation:county", args=[snapshot.pk, bengbu])))
    assert "考核结果一律为D级" in page and "D级" in page

    listed = _publish(client, scheme, snapshot, words)
    # the veto's own consequence is 蚌埠市's status on the list (the grades are not listed yet)
    assert "合肥市" in listed and "考核结果一律为D级" in listed

    client.force_login(
        flow.user("ah-hefei-office-2", Role.COUNTY_OFFICE, applications["合肥市"].county)
    )
    sheet = _documents(client, scheme, applications["合肥市"], words)
    assert "合肥市" in sheet and "安徽省合肥市" not in sheet  # no province as the city's city


# --------------------------------------------------------------------------- Guangdong


def test_guangdongs_enterprises_are_evaluated_through_the_web_campaign(
    db: None, client: Client
) -> None:
    scheme = golden_guangdong.SCHEME
    framework = load_framework(scheme)
    words = wording(framework)
    campaign = _set_up(client, scheme, "广东省", "2018年广东省名牌产品（工业类）质量评价")
    province = Organisation.objects.get(name="广东省")
    evaluator = flow.user("gd-province", Role.EVALUATOR, province)
    experts = (
        flow.user("gd-expert-1", Role.EXPERT, province),
        flow.user("gd-expert-2", Role.EXPERT, province),
    )
    judged = [x.key for x in framework.inputs() if x.judged]
    # the demo's made-up enterprises take the golden companies' values, in order
    units = list(Organisation.objects.filter(kind=Kind.COUNTY, parent=province).order_by("name"))[
        : len(golden_guangdong.COHORT)
    ]
    named = {}
    for n, (unit, (name, values)) in enumerate(zip(units, golden_guangdong.COHORT, strict=True)):
        named[unit.name] = name
        application = Application.objects.get(campaign=campaign, county=unit)
        # the enterprise's own estimates of the experts' items: their full points
        estimates = {k: framework.input_or_none(k).max for k in judged}  # type: ignore[attr-defined]
        _report_in(client, scheme, application, framework, values, estimates, n)
        _adjudicate(client, evaluator, experts, application, framework, values, 5, n == 0)

    client.force_login(evaluator)
    snapshot = _evaluate(client, scheme, campaign, words)
    score = snapshots.scored(snapshot).score
    got = {
        named[score.counties[i].name]: (round(score.county(i).total, 6), score.county(i).rank)
        for i in range(len(score.counties))
    }
    # 甲: 150 + 20 = 170; 质保能力 25 + 50 + 30 = 105 and every item held (330 − 130 = 200):
    #     305 > 210 → 210; 170 + 210 = 380
    # 乙: 120 + 0 = 120; 20 + 40 + 20 = 80, items 11, 12, 14, 17 (10 each), 20 (5) → 45;
    #     125 < 210; 120 + 125 = 245
    # 丙: 160 + 20 = 180; 30 + 60 + 40 = 130, items 8 (20), 11, 17 (10 each), 19 (5) → 45;
    #     175 < 210; 180 + 175 = 355
    assert got == {"甲公司": (380, 1), "乙公司": (245, 3), "丙公司": (355, 2)}
    jia = next(i for i, c in enumerate(score.counties) if named[c.name] == "甲公司")
    page = flow.ok(client.get(reverse("evaluation:county", args=[snapshot.pk, jia])))
    assert re.search(r"380\.00\s*/\s*400", visible_text(page)) and "本企业" in page
    # the cap is said where it binds (the page does not show the second level's notes yet)
    notes = [m.render() for m in score.county(jia).second_level[1].notes]
    assert notes == ["质保能力 各项合计 305 分，封顶 210 分。"]

    listed = _publish(client, scheme, snapshot, words)
    assert units[0].name in listed and "企业" in listed


# --------------------------------------------------------------------------- Taizhou


def test_taizhous_districts_are_assessed_with_bonus_and_deductions_through_the_web(
    db: None, client: Client
) -> None:
    scheme = golden_taizhou.SCHEME
    framework = load_framework(scheme)
    words = wording(framework)
    # the city assesses its own 市（区）: the top of the tree is 泰州市 itself
    campaign = _set_up(client, scheme, "泰州市", "2011年泰州市质量强市（区）工作考核")
    top = Organisation.objects.get(name="泰州市", kind=Kind.PROVINCE)
    evaluator = flow.user("tz-city", Role.EVALUATOR, top)
    experts = (
        flow.user("tz-assessor-1", Role.EXPERT, top),
        flow.user("tz-assessor-2", Role.EXPERT, top),
    )
    judged = [x.key for x in framework.inputs() if x.judged]
    applications = {}
    for n, (name, values) in enumerate(golden_taizhou.COHORT):
        unit = Organisation.objects.get(kind=Kind.COUNTY, name=name)
        assert unit.parent == top and unit.city_name == ""
        application = Application.objects.get(campaign=campaign, county=unit)
        # the district estimates the 考核组's items at their full points; the assessors decide
        estimates = {k: framework.input_or_none(k).max for k in judged}  # type: ignore[attr-defined]
        _report_in(client, scheme, application, framework, values, estimates, n)
        _adjudicate(client, evaluator, experts, application, framework, values, 1, n == 0)
        applications[name] = application

    client.force_login(evaluator)
    snapshot = _evaluate(client, scheme, campaign, words)
    score = snapshots.scored(snapshot).score
    # only the five districts that reported are scored: the two others stayed in draft
    rows = {score.counties[i].name: score.county(i) for i in range(len(score.counties))}
    assert rows.keys() == {name for name, _ in golden_taizhou.COHORT}
    # (tests/core/test_golden_taizhou.py has every item's arithmetic)
    # 海陵区: base 28 + 45 + 19 = 92; 加分 6.6 → capped at 5; 92 + 5 = 97 → A级
    # 高港区: base 21.8 + 31.5 + 10 = 63.3; 加分 1.4; 扣分 4 → capped at 3; 61.7 → C级
    # 靖江市: base 96 + 加分 2 = 98, but a systemic incident: 一律为D级, not ranked
    # 泰兴市: base 80.5 + 0.5 − 1 = 80 → B级 (on the line)
    # 兴化市: base 98 + 4 = 102: above the full 100 (base + bonus, as the scheme says) → A级
    got = {
        n: (round(r.total, 6), round(r.bonus, 6), round(r.deduction, 6), r.grade, r.rank)
        for n, r in rows.items()
    }
    assert got == {
        "海陵区": (97, 5, 0, "A级", 2),
        "高港区": (61.7, 1.4, 3, "C级", 4),
        "靖江市": (98, 2, 0, "D级", None),
        "泰兴市": (80, 0.5, 1, "B级", 3),
        "兴化市": (102, 4, 0, "A级", 1),
    }
    xinghua = next(i for i, c in enumerate(score.counties) if c.name == "兴化市")
    page = visible_text(
        flow.ok(client.get(reverse("evaluation:county", args=[snapshot.pk, xinghua])))
    )
    assert "102.00" in page and "加分项" in page

    listed = _publish(client, scheme, snapshot, words)
    assert "兴化市" in listed and "考核结果一律为D级" in listed

    client.force_login(
        flow.user("tz-hailing-office-2", Role.COUNTY_OFFICE, applications["海陵区"].county)
    )
    sheet = _documents(client, scheme, applications["海陵区"], words)
    # the score sheet shows the blocks and the capped group as the core explained them
    assert "海陵区" in sheet and "加分项" in sheet and "扣分项" in sheet
