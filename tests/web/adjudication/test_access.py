"""Who sees the workspace and who may decide: evaluators decide, experts score, counties never."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from tests.web.adjudication.conftest import post, put_status
from tests.web.conftest import PDF, World

COUNTY_ROLES = ("office", "clerk", "other_office", "other_clerk")


def user_of(world: World, experts: tuple[User, User], role: str) -> User:
    return {
        "admin": world.admin,
        "evaluator": world.evaluator,
        "expert": experts[0],
        "office": world.office,
        "clerk": world.market_clerk,
        "other_office": world.rongcheng_office,
        "other_clerk": world.rongcheng_clerk,
    }[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("evaluator", 200), ("expert", 200), *((r, 404) for r in COUNTY_ROLES)],
)
def test_the_workspace_is_the_provinces_alone(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    role: str,
    status: int,
) -> None:
    client = login(user_of(world, experts, role))
    assert client.get(reverse("adjudication:index")).status_code == status
    url = reverse("adjudication:application", args=[submitted.pk])
    assert client.get(url).status_code == status
    assert client.get(reverse("adjudication:estimate", args=[submitted.pk])).status_code == status


def test_the_index_lists_applications_submitted_to_the_province_with_progress(
    world: World, submitted: Application, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    post(client, "decide", submitted, "i17.metrologists", {"action": "accept"})
    post(
        client,
        "decide",
        submitted,
        "i17.public_standards",
        {"action": "correct", "value": "3", "reason": "只有3项"},
    )
    page = client.get(reverse("adjudication:index")).content.decode()
    assert "威海市文登区" in page
    assert "荣成市" not in page  # still a draft: the county's, not the province's
    # 101 inputs score (119 less 18 informational): 8 judged items (专家评分项) and 93 data
    # items (数据项) the province checks; 2 checked, 1 of them corrected
    assert "2 / 93" in page
    assert '<td class="num corrected">1</td>' in page


def test_the_workspace_index_and_the_evaluation_page_count_alike(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
) -> None:
    put_status(submitted, Application.Status.ACCEPTED)
    client = login(world.evaluator)
    post(client, "decide", submitted, "i17.metrologists", {"action": "accept"})
    post(login(experts[0]), "score", submitted, "i35.medical_score", {"value": "0.5"})
    client = login(world.evaluator)
    post(client, "reconcile", submitted, "i35.medical_score", {"method": "mean"})
    index = client.get(reverse("adjudication:index")).content.decode()
    row = index.split("威海市文登区")[1].split("</tr>")[0]
    cells = dict(
        re.findall(r'<td class="num (\w+)">(?:<span.*?</span></span>)?\s*([^<]*)</td>', row)
    )
    # data items: 93, one checked; judged items: 8, one scored and reconciled (the expert's
    # 0.5 instead of the county's own 0.68: the one value that differs from the claim)
    assert cells == {
        "verified": "1 / 93",
        "corrected": "1",
        "scored": "1 / 8",
        "reconciled": "1 / 8",
    }
    assert "数据项（93 项）由省级逐项核实；专家评分项（8 项）" in index
    evaluation = client.get(reverse("evaluation:index")).content.decode()
    # what is left: 93 − 1 = 92 data items, 8 − 1 = 7 judged items, in the same words
    assert "1 个县有未汇总的专家评分项（共 7 项）" in evaluation
    assert "1 个县有未经省级核实的数据项（共 92 项）" in evaluation


def test_a_draft_application_is_hidden_from_the_province(
    world: World, login: Callable[[User], Client]
) -> None:
    url = reverse("adjudication:application", args=[world.application.pk])
    assert login(world.evaluator).get(url).status_code == 404


@pytest.mark.parametrize("role", ["expert", "admin"])
def test_only_an_evaluator_corrects_or_reconciles(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    role: str,
) -> None:
    client = login(user_of(world, experts, role))
    correct = {"action": "correct", "value": "5", "reason": "x"}
    assert post(client, "decide", submitted, "i17.metrologists", correct).status_code == 403
    assert (
        post(client, "decide", submitted, "i17.metrologists", {"action": "accept"}).status_code
        == 403
    )
    assert post(client, "records", submitted, "i14.standards", {"reason": "x"}).status_code == 403
    reconcile = {"method": "mean"}
    assert post(client, "reconcile", submitted, "i35.medical_score", reconcile).status_code == 403
    assert not Decision.objects.exists() and not Reconciliation.objects.exists()


@pytest.mark.parametrize("role", ["evaluator", "admin"])
def test_only_an_expert_scores(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    role: str,
) -> None:
    client = login(user_of(world, experts, role))
    response = post(client, "score", submitted, "i35.medical_score", {"value": "0.5"})
    assert response.status_code == 403
    assert not ExpertScore.objects.exists()


@pytest.mark.parametrize("role", COUNTY_ROLES)
def test_county_roles_cannot_reach_any_decision(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    role: str,
) -> None:
    client = login(user_of(world, experts, role))
    for name, key, data in [
        ("decide", "i17.metrologists", {"action": "accept"}),
        ("records", "i14.standards", {"reason": "x"}),
        ("score", "i35.medical_score", {"value": "0.5"}),
        ("reconcile", "i35.medical_score", {"method": "mean"}),
    ]:
        assert post(client, name, submitted, key, data).status_code == 404
    assert not Decision.objects.exists() and not ExpertScore.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("office", 200),
        ("evaluator", 200),
        ("expert", 200),
        ("admin", 200),
        ("clerk", 404),
        ("other_office", 404),
        ("other_clerk", 404),
    ],
)
def test_the_county_office_reads_the_provinces_decisions(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    role: str,
    status: int,
) -> None:
    url = reverse("adjudication:county_view", args=[submitted.pk])
    assert login(user_of(world, experts, role)).get(url).status_code == status


# ---------------------------------------------------------------- evidence previews


@pytest.fixture
def pdf(submitted: Application, make_evidence: Callable[..., Evidence]) -> Evidence:
    return make_evidence(application=submitted, indicator=17)


@pytest.mark.parametrize("role", ["evaluator", "expert", "admin"])
def test_a_pdf_is_previewed_inline_in_the_workspace(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    pdf: Evidence,
    role: str,
) -> None:
    client = login(user_of(world, experts, role))
    url = reverse("adjudication:evidence", args=[pdf.pk])
    # the workspace loads one group of indicators at a time: the one holding indicator 17
    workspace = reverse("adjudication:application", args=[submitted.pk]) + "?indicator=17"
    page = client.get(workspace).content.decode()
    assert f'<iframe class="pdf no-print" src="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # framed by the workspace, no other site
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("role", COUNTY_ROLES)
def test_county_roles_get_no_preview(
    world: World,
    experts: tuple[User, User],
    login: Callable[[User], Client],
    pdf: Evidence,
    role: str,
) -> None:
    url = reverse("adjudication:evidence", args=[pdf.pk])
    assert login(user_of(world, experts, role)).get(url).status_code == 404


def test_a_word_file_is_downloaded_not_previewed(
    world: World,
    submitted: Application,
    login: Callable[[User], Client],
    make_evidence: Callable[..., Any],
) -> None:
    word = make_evidence(application=submitted, content=b"PK\x03\x04 not really", name="说明.docx")
    Evidence.objects.filter(pk=word.pk).update(kind=Evidence.Kind.DOCX)
    response = login(world.evaluator).get(reverse("adjudication:evidence", args=[word.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_of_a_draft_application_is_not_served_to_the_province(
    world: World, login: Callable[[User], Client], make_evidence: Callable[..., Any]
) -> None:
    draft = make_evidence(application=world.application)
    response = login(world.evaluator).get(reverse("adjudication:evidence", args=[draft.pk]))
    assert response.status_code == 404
