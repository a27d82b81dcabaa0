"""The final list (认定名单) freezes its campaign: no transition, value, record, evidence, import,
bulk load or decision changes an application of it any more, whoever asks; the user is told
why, in Chinese, and the pages offer no edit control.

The cohort of the evaluation tests is accepted by the province; the final list is published
from its snapshot. Where a path needs an application that is open to its county (the finding:
a reopened application whose county office then changed a value), the application is put back
to "returned" directly, as a reopen before this rule existed (or the admin) left it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from qcounty.office.reader import read_workbook
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions as adjudication
from qcounty.web.adjudication.models import Decision
from qcounty.web.bulk.actions import check_workbook, load_offline_values
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import actions
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.evidence.models import Evidence
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import actions as reporting
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review import actions as review
from qcounty.web.review.models import AuditEntry, Section
from tests.web.conftest import PDF, World
from tests.web.documents.test_documents import _fill_17
from tests.web.evaluation.conftest import position
from tests.web.reporting.forms import record_post

A = Application.Status
S = Section.Status
PUBLISHED_ON = dt.date(2024, 6, 28)
FROZEN = "本周期认定名单已公布（第1版，2024-06-28），申报已冻结，不能再修改。"
COMMENDATION = {
    "level": "provincial",
    "issuer": "山东省市场监督管理局",
    "date": "2022-05-01",
    "title": "质量提升工作表扬",
    "to_county_government": True,
}


@pytest.fixture
def final(world: World, snapshot: CohortSnapshot) -> Publication:
    actions.publish(snapshot, "proposed", world.evaluator, today=PUBLISHED_ON)
    return actions.publish(snapshot, "final", world.evaluator, today=PUBLISHED_ON)


@pytest.fixture
def wendeng(cohort: dict[str, Application]) -> Application:
    return cohort["文登区"]


def put_status(application: Application, status: str) -> Application:
    """Put an application in a state directly (no rules, no audit)."""
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def reopened(application: Application) -> Application:
    """The application as a reopen before the rule left it: back with its county."""
    return put_status(application, A.RETURNED)


def changes(application: Application) -> tuple[object, ...]:
    """Return everything of the application a change would touch."""
    application.refresh_from_db()
    return (
        application.status,
        sorted(
            InputValue.objects.filter(application=application).values_list(
                "key", "value", "version"
            )
        ),
        sorted(
            Record.objects.filter(application=application).values_list("key", "data", "version")
        ),
        sorted(Section.objects.filter(application=application).values_list("pk", "status")),
        Evidence.objects.filter(application=application).count(),
        Decision.objects.filter(application=application).count(),
        AuditEntry.objects.filter(application=application).exclude(action="refused").count(),
    )


# ---------------------------------------------------------------- the rule


def test_the_message_names_the_final_lists_version_and_date(
    world: World, final: Publication
) -> None:
    assert freeze.frozen_message(world.campaign.pk) == FROZEN


def test_the_proposed_list_does_not_freeze_the_campaign(
    world: World, snapshot: CohortSnapshot, wendeng: Application, office_client: Client
) -> None:
    actions.publish(snapshot, "proposed", world.evaluator, today=PUBLISHED_ON)
    reopened(wendeng)
    reporting.save_value(wendeng, "i17.a_class_coverage", 12.5, world.office)
    assert InputValue.objects.get(application=wendeng, key="i17.a_class_coverage").value == 12.5


# ---------------------------------------------------------------- transitions


def test_the_province_cannot_reopen_an_accepted_application_after_the_final_list(
    world: World, final: Publication, wendeng: Application, login: Callable[[User], Client]
) -> None:
    before = changes(wendeng)
    url = reverse("review:application_action", args=[wendeng.pk, "reopen"])
    response = login(world.evaluator).post(url, {"reason": "县里要求修改数据"}, follow=True)
    assert FROZEN in response.content.decode()
    assert changes(wendeng) == before
    assert wendeng.status == A.ACCEPTED
    refused = AuditEntry.objects.get(application=wendeng, action="refused")
    assert (refused.name, refused.reason) == ("reopen_application", FROZEN)


@pytest.mark.parametrize("action", ["return", "accept"])
def test_the_province_can_neither_return_nor_accept_a_submitted_application(
    world: World, final: Publication, login: Callable[[User], Client], action: str
) -> None:
    # a county of the campaign that submitted after the snapshot
    county = Organisation.objects.create(
        kind=Organisation.Kind.COUNTY, name="乳山市", parent=world.weihai
    )
    late = put_status(open_application(world.campaign, county), A.SUBMITTED)
    url = reverse("review:application_action", args=[late.pk, action])
    response = login(world.evaluator).post(url, {"reason": "材料不全"}, HTTP_HX_REQUEST="true")
    assert FROZEN in response.content.decode()
    late.refresh_from_db()
    assert late.status == A.SUBMITTED


def test_the_county_cannot_move_a_section_or_submit_after_the_final_list(
    world: World, final: Publication, wendeng: Application, office_client: Client
) -> None:
    reopened(wendeng)
    section = Section.objects.get(application=wendeng, department=world.market_dept)
    Section.objects.filter(pk=section.pk).update(status=S.ACCEPTED)
    before = changes(wendeng)
    url = reverse("review:section_action", args=[section.pk, "reopen"])
    page = office_client.post(url, {"reason": "改数据"}, HTTP_HX_REQUEST="true").content.decode()
    assert FROZEN in page
    url = reverse("review:application_action", args=[wendeng.pk, "submit"])
    assert FROZEN in office_client.post(url, HTTP_HX_REQUEST="true").content.decode()
    with pytest.raises(review.Refused, match="申报已冻结"):
        review.transition_section(section, "reopen_section", world.office, reason="改数据")
    assert changes(wendeng) == before


def test_no_extension_is_granted_after_the_final_list(
    world: World, final: Publication, wendeng: Application
) -> None:
    reopened(wendeng)
    section = Section.objects.get(application=wendeng, department=world.market_dept)
    with pytest.raises(review.Refused, match="申报已冻结"):
        review.grant_extension(section, world.office, dt.date(2099, 1, 1), "补材料")
    section.refresh_from_db()
    assert section.extended_until is None


# ---------------------------------------------------------------- the county's data


def test_the_county_office_cannot_change_a_value_after_the_final_list(
    world: World, final: Publication, wendeng: Application, office_client: Client
) -> None:
    # the finding: i17.a_class_coverage 89.28 → 12.5 was accepted
    InputValue.objects.create(application=wendeng, key="i17.a_class_coverage", value=89.28)
    reopened(wendeng)
    before = changes(wendeng)
    url = reverse("reporting:save", args=[wendeng.pk, "i17.a_class_coverage"])
    response = office_client.post(url, {"value": "12.5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps it in: the field, read-only, says why
    page = response.content.decode()
    assert FROZEN in page
    assert "disabled" in page
    assert changes(wendeng) == before
    with pytest.raises(freeze.Frozen):
        reporting.save_value(wendeng, "i17.a_class_coverage", 12.5, world.office)
    assert InputValue.objects.get(application=wendeng, key="i17.a_class_coverage").value == 89.28


def test_the_county_cannot_add_change_or_delete_a_record_after_the_final_list(
    world: World, final: Publication, wendeng: Application, office_client: Client
) -> None:
    record = Record.objects.create(application=wendeng, key="i04.commendations", data=COMMENDATION)
    reopened(wendeng)
    before = changes(wendeng)
    add = reverse("reporting:record_add", args=[wendeng.pk, "i04.commendations"])
    update = reverse("reporting:record_update", args=[wendeng.pk, record.pk])
    delete = reverse("reporting:record_delete", args=[wendeng.pk, record.pk])
    none = reverse("reporting:records_none", args=[wendeng.pk, "i04.commendations"])
    changed = {**COMMENDATION, "title": "另一次表扬"}
    for url, data in ((add, COMMENDATION), (update, changed), (delete, {}), (none, {})):
        response = office_client.post(url, record_post(data), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert FROZEN in response.content.decode(), url
    assert changes(wendeng) == before


def test_a_clerk_cannot_change_a_value_after_the_final_list(
    world: World, final: Publication, wendeng: Application, login: Callable[[User], Client]
) -> None:
    reopened(wendeng)
    url = reverse("reporting:save", args=[wendeng.pk, "i17.metrologists"])
    page = login(world.market_clerk).post(url, {"value": "30"}).content.decode()
    assert FROZEN in page
    assert not InputValue.objects.filter(application=wendeng, key="i17.metrologists").exists()


def test_the_application_page_says_it_is_frozen_and_offers_no_edit_control(
    world: World, final: Publication, wendeng: Application, office_client: Client
) -> None:
    reopened(wendeng)
    response = office_client.get(reverse("reporting:application", args=[wendeng.pk]))
    page = response.content.decode()
    assert FROZEN in page
    assert not response.context["editable_any"]
    assert reverse("documents:import", args=[wendeng.pk]) not in page  # no upload form
    assert reverse("evidence:upload", args=[wendeng.pk, 17]) not in page
    assert reverse("review:application_action", args=[wendeng.pk, "submit"]) not in page


def test_the_evaluator_is_offered_no_reopen_after_the_final_list(
    world: World, final: Publication, wendeng: Application, login: Callable[[User], Client]
) -> None:
    page = (
        login(world.evaluator)
        .get(reverse("reporting:application", args=[wendeng.pk]))
        .content.decode()
    )
    assert FROZEN in page
    assert reverse("review:application_action", args=[wendeng.pk, "reopen"]) not in page


# ---------------------------------------------------------------- evidence


def test_no_evidence_is_attached_or_removed_after_the_final_list(
    world: World,
    final: Publication,
    wendeng: Application,
    office_client: Client,
    make_evidence: Callable[..., Evidence],
) -> None:
    kept = make_evidence(application=wendeng, indicator=17)
    reopened(wendeng)
    before = changes(wendeng)
    upload = SimpleUploadedFile("新证书.pdf", PDF.replace(b"200", b"300"), "application/pdf")
    url = reverse("evidence:upload", args=[wendeng.pk, 17])
    page = office_client.post(url, {"file": upload}, HTTP_HX_REQUEST="true").content.decode()
    assert FROZEN in page
    page = office_client.post(reverse("evidence:remove", args=[kept.pk])).content.decode()
    assert FROZEN in page
    assert changes(wendeng) == before
    assert kept.file.storage.exists(kept.file.name)


# ---------------------------------------------------------------- imports


def _filled_template(client: Client, application: Application) -> SimpleUploadedFile:
    response = client.get(reverse("documents:template", args=[application.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data = _fill_17(book, {"i17.metrologists": 30, "i17.a_class_coverage": 12.5})
    return SimpleUploadedFile("计量.xlsx", data)


def test_an_import_checked_before_the_final_list_is_not_committed_after_it(
    world: World,
    snapshot: CohortSnapshot,
    wendeng: Application,
    office_client: Client,
    evidence_root: object,
) -> None:
    reopened(wendeng)
    upload = _filled_template(office_client, wendeng)
    page = office_client.post(reverse("documents:import", args=[wendeng.pk]), {"file": upload})
    token = page.context["token"]
    assert token  # the dry run passed: nothing was frozen yet
    actions.publish(snapshot, "final", world.evaluator, today=PUBLISHED_ON, without_publicity=True)
    before = changes(wendeng)
    url = reverse("documents:import_commit", args=[wendeng.pk, token])
    done = office_client.post(url, follow=True).content.decode()
    assert FROZEN in done
    assert "导入未完成，未写入任何数据" in done
    assert changes(wendeng) == before


def test_an_import_is_refused_at_its_dry_run_after_the_final_list(
    world: World, final: Publication, wendeng: Application, office_client: Client
) -> None:
    reopened(wendeng)
    # the template was downloaded while the application was open (it still downloads)
    upload = _filled_template(office_client, wendeng)
    page = office_client.post(reverse("documents:import", args=[wendeng.pk]), {"file": upload})
    assert FROZEN in page.content.decode()
    assert page.context["token"] == ""


def test_the_province_loads_no_offline_workbook_into_a_frozen_campaign(
    world: World, final: Publication
) -> None:
    county = Organisation.objects.create(
        kind=Organisation.Kind.COUNTY, name="乳山市", parent=world.weihai
    )
    empty = open_application(world.campaign, county)
    with pytest.raises(freeze.Frozen):
        load_offline_values(empty, {"i17.metrologists": 30}, world.evaluator, "省级批量导入")
    assert not InputValue.objects.filter(application=empty).exists()
    # and the dry run refuses its workbook, saying why
    from qcounty.office.template import TemplateMeta, write_template
    from tests.web.conftest import YEAR, framework

    fw = framework()
    meta = TemplateMeta(
        framework_id=fw.id,
        framework_version=fw.version,
        campaign=world.campaign.name,
        evaluation_year=YEAR,
        county="乳山市",
        city="威海市",
        department=None,
        application_id=None,
        generated_at="2024-03-01T09:00:00+08:00",
    )
    data = write_template(fw, meta, None, {"i17.metrologists": 30})
    reason, _county = check_workbook(world.campaign, None, read_workbook(data, fw))
    assert reason == FROZEN


def test_no_county_opens_an_application_in_a_frozen_campaign(
    world: World, final: Publication, login: Callable[[User], Client]
) -> None:
    county = Organisation.objects.create(
        kind=Organisation.Kind.COUNTY, name="乳山市", parent=world.weihai
    )
    office = User.objects.create(
        username="rushan-office", role="county_office", organisation=county
    )
    client = login(office)
    assert world.campaign.name not in client.get(reverse("home")).content.decode()
    response = client.post(reverse("campaigns:open", args=[world.campaign.pk]), follow=True)
    assert FROZEN in response.content.decode()
    assert not Application.objects.filter(county=county).exists()


# ---------------------------------------------------------------- the province's decisions


def test_the_what_if_is_a_preview_only_after_the_final_list(
    world: World, final: Publication, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    i = position(snapshot, "文登区")
    url = reverse("evaluation:whatif", args=[snapshot.pk, i])
    page = evaluator_client.get(url, {"key": "i31.rd_share", "value": "5"}).content.decode()
    assert "预演（未保存）" in page  # the preview still works
    assert FROZEN in page
    assert reverse("evaluation:whatif_save", args=[snapshot.pk, i]) not in page
    save = reverse("evaluation:whatif_save", args=[snapshot.pk, i])
    response = evaluator_client.post(save, {"key": "i31.rd_share", "value": "5", "reason": "复核"})
    assert response.status_code == 400
    assert "认定名单已经公布" in response.content.decode()
    assert not Decision.objects.exists()


def test_no_decision_or_expert_score_is_recorded_after_the_final_list(
    world: World, final: Publication, wendeng: Application, expert: User
) -> None:
    before = changes(wendeng)
    with pytest.raises(adjudication.Refused, match="认定名单已经公布"):
        adjudication.accept_value(wendeng, "i31.rd_share", world.evaluator)
    with pytest.raises(adjudication.Refused, match="认定名单已经公布"):
        adjudication.correct_value(wendeng, "i31.rd_share", 2.5, "以年鉴为准", world.evaluator)
    with pytest.raises(adjudication.Refused, match="认定名单已经公布"):
        adjudication.score_judged(wendeng, "i35.medical_score", 0.4, "", expert)
    assert changes(wendeng) == before


def test_the_adjudication_page_says_it_is_frozen(
    world: World, final: Publication, wendeng: Application, evaluator_client: Client
) -> None:
    page = evaluator_client.get(
        reverse("adjudication:application", args=[wendeng.pk])
    ).content.decode()
    assert FROZEN in page


# ---------------------------------------------------------------- a write during the publication


@pytest.mark.django_db(transaction=True)
def test_a_value_saved_while_the_final_list_is_numbered_waits_and_is_then_refused(
    world: World,
    cohort: dict[str, Application],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (QCOUNTY_TEST_DB=postgresql)")
    from tests.web.evaluation.test_concurrency import BLOCKED, WAIT, Writer, pause

    wendeng = reopened(cohort["文登区"])
    snapshot = actions.take_snapshot(world.campaign, world.evaluator, confirmed=True)
    # the final list stops after locking the campaign, before numbering its version
    reached, go = pause(monkeypatch, actions, "next_version")
    final = Writer(
        lambda: actions.publish(snapshot, "final", world.evaluator, without_publicity=True)
    )
    final.start()
    assert reached.wait(WAIT)
    save = Writer(lambda: reporting.save_value(wendeng, "i17.metrologists", 30, world.office))
    save.start()
    save.join(BLOCKED)
    waited = save.is_alive()  # for the campaign's row, held by the publication
    go.set()
    final.join(WAIT)
    save.join(WAIT)
    assert final.error is None and isinstance(final.result, Publication)
    assert isinstance(save.error, freeze.Frozen)
    assert not InputValue.objects.filter(application=wendeng, key="i17.metrologists").exists()
    assert waited
