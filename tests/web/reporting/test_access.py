"""Who may see and change what, through the views: anonymous visitors, clerks, other counties,
the province's evaluator, the county office."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting.models import InputValue, Record
from tests.web.conftest import PDF, World, framework, reference_cohort
from tests.web.reporting.forms import field_post

LOGIN_URL = reverse("accounts:login")

STANDARD = {
    "scope": "national",
    "role": "lead_formulate",
    "title": "海参 干制品",
    "code": "GB/T 0000-2021",
    "date": "2021-06-30",
}


def section_pages(client: Client, application: Application) -> list[str]:
    """Return the application page once per group of indicators it offers, opened by its link."""
    url = application_url(application)
    html = client.get(url).content.decode()
    numbers = sorted(set(re.findall(r'href="\?section=(\d+)"', html)), key=int)
    return [client.get(f"{url}?section={n}").content.decode() for n in numbers] or [html]


def shown_indicators(client: Client, application: Application) -> set[int]:
    """Return the indicators of every group the page offers."""
    pattern = r'<article class="indicator" id="indicator-(\d+)"'
    return {
        int(n) for page in section_pages(client, application) for n in re.findall(pattern, page)
    }


def application_url(application: Application) -> str:
    return reverse("reporting:application", args=[application.pk])


def save_url(application: Application, key: str) -> str:
    return reverse("reporting:save", args=[application.pk, key])


def upload_url(application: Application, indicator: int) -> str:
    return reverse("evidence:upload", args=[application.pk, indicator])


def pdf_upload(name: str = "证明.pdf", content: bytes = PDF) -> dict[str, object]:
    return {"file": SimpleUploadedFile(name, content, content_type="application/pdf")}


def record_of(world: World, key: str = "i14.standards") -> Record:
    data = {**STANDARD, "status": None, "drafters": None}
    return Record.objects.create(application=world.application, key=key, data=data)


# --- anonymous visitors --------------------------------------------------------------------


def every_url(world: World, evidence: Evidence, record: Record) -> list[tuple[str, str]]:
    a = world.application.pk
    return [
        ("get", reverse("home")),
        ("get", reverse("reporting:application", args=[a])),
        ("get", reverse("reporting:score", args=[a])),
        ("post", reverse("reporting:save", args=[a, "i17.metrologists"])),
        ("post", reverse("reporting:record_add", args=[a, "i14.standards"])),
        ("post", reverse("reporting:records_none", args=[a, "i14.standards"])),
        ("post", reverse("reporting:record_update", args=[a, record.pk])),
        ("post", reverse("reporting:record_delete", args=[a, record.pk])),
        ("post", reverse("evidence:upload", args=[a, 17])),
        ("get", reverse("evidence:download", args=[evidence.pk])),
        ("post", reverse("evidence:remove", args=[evidence.pk])),
    ]


def test_every_page_sends_an_anonymous_visitor_to_the_login_page(
    client: Client, world: World, make_evidence: Callable[..., Evidence]
) -> None:
    evidence = make_evidence()
    record = record_of(world)
    for method, url in every_url(world, evidence, record):
        data = {"value": "9"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(f"{LOGIN_URL}?next="), (method, url)
    assert not InputValue.objects.exists()
    assert Record.objects.filter(pk=record.pk).exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_login_page_itself_answers_an_anonymous_visitor(client: Client, db: None) -> None:
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


# --- clerks see and change only their department's indicators ------------------------------


def test_a_clerk_sees_only_the_indicators_of_the_units_assigned_to_their_department(
    world: World, login: Callable[..., Client]
) -> None:
    fw = framework()
    by_unit = {
        unit: {i.number for i in fw.indicators() if unit in i.units}
        for unit in ("statistics", "market_supervision")
    }

    client = login(world.statistics_clerk)
    html = client.get(application_url(world.application)).content.decode()
    assert shown_indicators(client, world.application) == by_unit["statistics"]
    assert 31 in by_unit["statistics"]
    assert 17 not in by_unit["statistics"]
    assert "只显示本部门负责的指标" in html

    client = login(world.market_clerk)
    assert shown_indicators(client, world.application) == by_unit["market_supervision"]
    assert 17 in by_unit["market_supervision"]
    assert 31 not in by_unit["market_supervision"]


def test_a_clerk_without_assigned_units_sees_no_indicator_and_is_told_why(
    world: World, login: Callable[..., Client]
) -> None:
    world.market_clerk.organisation.assignments.all().delete()
    client = login(world.market_clerk)
    html = client.get(application_url(world.application)).content.decode()
    assert shown_indicators(client, world.application) == set()
    assert "没有分配给您的指标" in html


def test_a_clerk_can_save_an_input_of_their_own_department(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.statistics_clerk)
    response = client.post(save_url(world.application, "i31.rd_share"), {"value": "2.5"})
    assert response.status_code == 200
    assert InputValue.objects.get(application=world.application, key="i31.rd_share").value == 2.5


def test_a_clerk_cannot_save_an_input_of_another_department(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.statistics_clerk)
    response = client.post(save_url(world.application, "i17.metrologists"), {"value": "9"})
    assert response.status_code == 403
    assert not InputValue.objects.filter(key="i17.metrologists").exists()


def test_a_clerk_cannot_add_or_declare_records_of_another_department(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.statistics_clerk)
    a = world.application.pk
    add = client.post(reverse("reporting:record_add", args=[a, "i14.standards"]), STANDARD)
    none = client.post(reverse("reporting:records_none", args=[a, "i14.standards"]))
    assert (add.status_code, none.status_code) == (403, 403)
    assert not Record.objects.exists()
    assert not InputValue.objects.exists()


def test_a_clerk_cannot_change_or_delete_a_record_of_another_department(
    world: World, login: Callable[..., Client]
) -> None:
    record = record_of(world)
    client = login(world.statistics_clerk)
    a = world.application.pk
    changed = {**STANDARD, "title": "改过的标准名称"}
    update = client.post(reverse("reporting:record_update", args=[a, record.pk]), changed)
    delete = client.post(reverse("reporting:record_delete", args=[a, record.pk]))
    assert (update.status_code, delete.status_code) == (403, 403)
    record.refresh_from_db()
    assert record.data["title"] == STANDARD["title"]


def test_a_clerk_can_neither_see_nor_upload_evidence_of_another_department(
    world: World, login: Callable[..., Client], make_evidence: Callable[..., Evidence]
) -> None:
    evidence = make_evidence(indicator=17)
    client = login(world.statistics_clerk)
    assert client.post(upload_url(world.application, 17), pdf_upload()).status_code == 404
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 404
    # remove answers 403 where upload and download answer 404 (reported): either refuses
    assert client.post(reverse("evidence:remove", args=[evidence.pk])).status_code in (403, 404)
    assert list(Evidence.objects.all()) == [evidence]


# --- counties see only their own application -----------------------------------------------


def test_another_countys_users_get_404_for_the_application_and_everything_in_it(
    world: World, login: Callable[..., Client], make_evidence: Callable[..., Evidence]
) -> None:
    evidence = make_evidence()
    record = record_of(world)
    a = world.application.pk
    for user in (world.rongcheng_office, world.rongcheng_clerk):
        client = login(user)
        for method, url, data in [
            ("get", reverse("reporting:application", args=[a]), None),
            ("get", reverse("reporting:score", args=[a]), None),
            ("post", reverse("reporting:save", args=[a, "i17.metrologists"]), {"value": "9"}),
            ("post", reverse("reporting:record_add", args=[a, "i14.standards"]), STANDARD),
            ("post", reverse("reporting:records_none", args=[a, "i14.standards"]), None),
            ("post", reverse("reporting:record_update", args=[a, record.pk]), STANDARD),
            ("post", reverse("reporting:record_delete", args=[a, record.pk]), None),
            ("post", reverse("evidence:upload", args=[a, 17]), pdf_upload()),
            ("get", reverse("evidence:download", args=[evidence.pk]), None),
            ("post", reverse("evidence:remove", args=[evidence.pk]), None),
        ]:
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (user.username, method, url)
    assert not InputValue.objects.exists()
    assert list(Record.objects.all()) == [record]
    assert list(Evidence.objects.all()) == [evidence]


def test_a_record_of_another_county_cannot_be_reached_through_ones_own_application(
    world: World, login: Callable[..., Client]
) -> None:
    record = record_of(world)  # 文登区's
    client = login(world.rongcheng_office)
    b = world.other_application.pk
    response = client.post(reverse("reporting:record_delete", args=[b, record.pk]))
    assert response.status_code == 404
    assert Record.objects.filter(pk=record.pk).exists()


def test_the_home_page_lists_only_the_applications_a_user_may_see(
    world: World, login: Callable[..., Client]
) -> None:
    wendeng, rongcheng = world.application, world.other_application

    def listed(user: object) -> set[int]:
        html = login(user).get(reverse("home")).content.decode()
        # a county's link opens its application, or the province's workspace on it
        links = r'href="/(?:applications|adjudication)/(\d+)/[#"?]'
        return {int(n) for n in re.findall(links, html)}

    assert listed(world.office) == {wendeng.pk}
    assert listed(world.market_clerk) == {wendeng.pk}
    assert listed(world.rongcheng_office) == {rongcheng.pk}
    assert listed(world.admin) == {wendeng.pk, rongcheng.pk}
    assert listed(world.evaluator) == set()  # both are drafts
    Application.objects.filter(pk=rongcheng.pk).update(status=Application.Status.SUBMITTED)
    assert listed(world.evaluator) == {rongcheng.pk}


# --- the province's evaluator --------------------------------------------------------------


def test_the_evaluator_gets_404_on_a_draft_application(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.evaluator)
    a = world.application.pk
    assert client.get(reverse("reporting:application", args=[a])).status_code == 404
    assert client.get(reverse("reporting:score", args=[a])).status_code == 404
    response = client.post(save_url(world.application, "i17.metrologists"), {"value": "9"})
    assert response.status_code == 404
    assert not InputValue.objects.exists()


@pytest.fixture
def submitted(world: World) -> Application:
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    world.application.refresh_from_db()
    return world.application


def test_the_evaluator_reads_a_submitted_application_but_cannot_change_anything(
    world: World,
    submitted: Application,
    login: Callable[..., Client],
    make_evidence: Callable[..., Evidence],
) -> None:
    evidence = make_evidence()
    record = record_of(world)
    client = login(world.evaluator)
    page = client.get(application_url(submitted))
    assert page.status_code == 200
    assert len(shown_indicators(client, submitted)) == 43
    assert client.get(reverse("reporting:score", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 200

    a = submitted.pk
    for url, data in [
        (save_url(submitted, "i17.metrologists"), {"value": "9"}),
        (reverse("reporting:record_add", args=[a, "i14.standards"]), STANDARD),
        (reverse("reporting:records_none", args=[a, "i15.pilots"]), None),
        (reverse("reporting:record_update", args=[a, record.pk]), STANDARD),
        (reverse("reporting:record_delete", args=[a, record.pk]), None),
        (upload_url(submitted, 17), pdf_upload()),
        (reverse("evidence:remove", args=[evidence.pk]), None),
    ]:
        assert client.post(url, data).status_code in (403, 404), url
    assert not InputValue.objects.exists()
    assert list(Record.objects.all()) == [record]
    assert list(Evidence.objects.all()) == [evidence]


def test_the_evaluators_page_has_no_editable_field(
    world: World, submitted: Application, login: Callable[..., Client]
) -> None:
    html = "".join(section_pages(login(world.evaluator), submitted))
    assert html.count("<fieldset disabled>") == html.count("<fieldset") > 100
    assert 'class="upload' not in html
    assert "添加一条" not in html


def test_once_submitted_the_county_office_can_no_longer_save(
    world: World, submitted: Application, login: Callable[..., Client]
) -> None:
    client = login(world.office)
    response = client.post(save_url(submitted, "i17.metrologists"), {"value": "9"})
    assert response.status_code == 403
    assert not InputValue.objects.exists()


# --- the county office ---------------------------------------------------------------------


def test_the_county_office_sees_all_43_indicators_and_both_gates(
    world: World, office_client: Client
) -> None:
    html = office_client.get(application_url(world.application)).content.decode()
    assert shown_indicators(office_client, world.application) == set(range(1, 44))
    assert 'id="gates"' in html
    for gate in framework().gates:
        for spec in gate.inputs:
            assert f'id="field-{spec.key.replace(".", "")}"' in html
    assert "只显示本部门负责的指标" not in html


def test_the_county_office_can_save_any_input(world: World, office_client: Client) -> None:
    # every scalar input of every indicator and gate, whichever department answers for it,
    # with the values of a synthetic county
    values = reference_cohort()["counties"][0]["values"]
    keys = [s.key for s in framework().inputs() if not isinstance(s, RecordsInput)]
    for key in keys:
        spec = framework().input_or_none(key)
        response = office_client.post(
            save_url(world.application, key), field_post(spec, values[key])
        )
        assert response.status_code == 200, key
        assert 'class="error"' not in response.content.decode(), key
    stored = dict(
        InputValue.objects.filter(application=world.application).values_list("key", "value")
    )
    assert stored == {k: values[k] for k in keys}


def test_a_post_needs_the_csrf_token_that_the_page_gives_to_htmx(world: World, db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office)
    page = client.get(application_url(world.application)).content.decode()
    found = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page)
    assert found
    url = save_url(world.application, "i17.metrologists")
    assert client.post(url, {"value": "9"}).status_code == 403
    assert not InputValue.objects.exists()
    assert client.post(url, {"value": "9"}, HTTP_X_CSRFTOKEN=found.group(1)).status_code == 200
    assert InputValue.objects.get(key="i17.metrologists").value == 9
