"""The demo: Shandong's organisations, Wendeng's departments and users, a campaign, an application."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import global_settings
from django.test import Client
from django.urls import reverse

from qcounty.core import load_framework
from qcounty.web import demo
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evidence.models import Evidence
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting.models import InputValue, Record

Kind = Organisation.Kind
MODELS = (Organisation, UnitAssignment, User, Campaign, Application, InputValue, Record, Evidence)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def wendeng() -> Organisation:
    return Organisation.objects.get(kind=Kind.COUNTY, name="文登区", parent__name="威海市")


def test_the_demo_creates_shandong_wendeng_a_campaign_and_wendengs_application(db: None) -> None:
    assert sum(counts().values()) == 0
    loaded = demo.load_demo()
    framework = load_framework(demo.FRAMEWORK)

    assert Organisation.objects.filter(kind=Kind.PROVINCE).count() == 1
    assert Organisation.objects.filter(kind=Kind.CITY).count() == 16
    assert Organisation.objects.filter(kind=Kind.COUNTY).count() == 136
    tiers = dict(Organisation.objects.filter(kind=Kind.CITY).values_list("name", "tier"))
    assert tiers == framework.tier_of_city()

    county = wendeng()
    departments = set(county.children.values_list("name", flat=True))
    assert {"区市场监管局", "区统计局", "区质量强区办"} <= departments
    assert Organisation.objects.filter(kind=Kind.DEPARTMENT).exclude(parent=county).count() == 0
    assigned = set(county.unit_assignments.values_list("unit_id", flat=True))
    assert assigned == {u.id for u in framework.units}

    clerks = {
        u.id: f"wendeng-{u.id.replace('_', '-')}" for u in framework.units if u.id != "related"
    }
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames == {
        "admin", "province", "expert-1", "expert-2", "wendeng-office", *clerks.values(),
        "rongcheng-office", "province-head",  # the 公示 and objections demo
    }  # fmt: skip
    assert User.objects.get(username="expert-1").role == User.Role.EXPERT
    assert {u.username for u in loaded.users} == usernames
    assert User.objects.get(username="wendeng-office").role == User.Role.COUNTY_OFFICE
    assert User.objects.get(username="province").role == User.Role.EVALUATOR
    market = User.objects.get(username="wendeng-market-supervision")
    assert (market.role, market.organisation.name, market.county) == (
        User.Role.CLERK,
        "区市场监管局",
        county,
    )
    assert User.objects.get(username="wendeng-statistics").organisation.name == "区统计局"

    campaign = Campaign.objects.get(evaluation_year=2023)
    assert loaded.campaign == campaign
    assert (campaign.framework_id, campaign.evaluation_year) == (framework.id, 2023)
    assert len(campaign.reference_cohort["counties"]) == 136
    assert campaign.reference_cohort["evaluation_year"] == 2023

    # the province holds the other counties' applications (evaluation demo): Wendeng's is one
    application = Application.objects.get(campaign=loaded.campaign, county=county)
    assert application.status == Application.Status.DRAFT
    filled = set(
        InputValue.objects.filter(application=application).values_list("key", flat=True)
    ) | set(Record.objects.filter(application=application).values_list("key", flat=True))
    left_open = {x.key for x in framework.indicator(demo.LEFT_OPEN).inputs}
    assert not filled & left_open  # indicator 17 is left for the clerk
    assert len(filled) > 80

    # the two experts have scored the judged items of every application the province holds
    from qcounty.web.adjudication.models import ExpertScore

    held = Application.objects.filter(campaign=campaign).exclude(status=Application.Status.DRAFT)
    scored = ExpertScore.objects.filter(application__in=held)
    assert {s.expert.username for s in scored} == {"expert-1", "expert-2"}
    assert set(scored.values_list("application_id", flat=True)) == set(
        held.values_list("pk", flat=True)
    )


def test_loading_the_demo_twice_creates_nothing_new(db: None) -> None:
    demo.load_demo()
    first = counts()
    demo.load_demo()
    assert counts() == first


def test_the_demo_completes_what_is_missing(db: None) -> None:
    demo.load_demo()
    first = counts()
    # a user with audit entries cannot be deleted (only deactivated): take one without
    User.objects.filter(username="wendeng-market-supervision").delete()
    demo.load_demo()
    assert counts() == first


def test_the_clerk_of_the_demo_fills_in_indicator_17_and_the_score_rises(db: None) -> None:
    loaded = demo.load_demo()
    client = Client()
    client.force_login(User.objects.get(username="wendeng-market-supervision"))
    application = Application.objects.get(campaign=loaded.campaign, county=wendeng())

    def total() -> float:
        page = client.get(reverse("reporting:score", args=[application.pk])).content.decode()
        return float(page.split('id="score-total">')[1].split("<")[0])

    before = total()
    url = reverse("reporting:save", args=[application.pk, "i17.metrologists"])
    assert client.post(url, {"value": "9"}).status_code == 200
    assert total() - before == pytest.approx(0.6, abs=0.01 + 1e-9)


def test_a_demo_clerk_logs_in_with_the_published_password(db: None, settings: Any) -> None:
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the real, slow hasher
    demo._demo_password_hash.cache_clear()  # a hash made under another test's hasher
    try:
        demo.load_demo()
        clerk = User.objects.get(username="wendeng-market-supervision")
        assert clerk.password.startswith("pbkdf2_sha256$")

        client = Client()
        response = client.post(
            reverse("accounts:login"),
            {"username": "wendeng-market-supervision", "password": demo.PASSWORD},
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("home")
        home = client.get(reverse("home"))
        assert home.wsgi_request.user == clerk
        assert "文登区" in home.content.decode()

        wrong = Client().post(
            reverse("accounts:login"),
            {"username": "wendeng-market-supervision", "password": "not-the-password"},
        )
        assert wrong.status_code == 200
        assert not wrong.wsgi_request.user.is_authenticated
    finally:
        demo._demo_password_hash.cache_clear()


def test_the_demo_workbooks_of_ten_counties_pass_the_provinces_check(db: None) -> None:
    """The evaluator's bulk import in the demo: ten 烟台市 counties, every one accepted."""
    from django.core.files import File

    from qcounty.web.bulk.actions import check_batch, create_batch
    from qcounty.web.bulk.files import survey

    result = demo.load_demo()
    evaluator = User.objects.get(username="province")
    with result.workbooks.open("rb") as f:
        uploads, count = survey([File(f, name=result.workbooks.name)])
        batch = create_batch(result.campaign, evaluator, uploads, count)
    check_batch(batch.pk)
    statuses = list(batch.items.values_list("status", flat=True))
    assert len(statuses) == 10
    assert set(statuses) == {"accepted"}


def test_the_demo_is_served_with_debug_off_so_users_see_the_chinese_error_pages() -> None:
    """`make demo` runs runserver without QCOUNTY_DEBUG: DEBUG is off unless asked for."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    demo_target = (repo / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "runserver" in demo_target and "QCOUNTY_DEBUG" not in demo_target
    env = {k: v for k, v in os.environ.items() if k != "QCOUNTY_DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "qcounty.web.settings"
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=env, capture_output=True, text=True, check=True, cwd=repo,
    )  # fmt: skip
    assert shown.stdout.strip() == "False"
