"""The evaluation's demo: 125 accepted applications, a first snapshot, pages that render."""

from __future__ import annotations

import zipfile

from django.test import Client
from django.urls import reverse

from qcounty.web import demo
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.reporting.models import InputValue, Record


def counts() -> tuple[int, int, int, int]:
    return (
        Application.objects.count(),
        InputValue.objects.count(),
        Record.objects.count(),
        CohortSnapshot.objects.count(),
    )


def test_the_demo_province_holds_the_other_counties_and_a_first_snapshot(db: None) -> None:
    loaded = demo.load_demo()
    campaign = loaded.campaign
    applications = Application.objects.filter(campaign=campaign).select_related("county__parent")
    accepted = {
        (a.county.parent.name, a.county.name)
        for a in applications
        if a.status == Application.Status.ACCEPTED
    }
    # 136 counties, less 文登区 (the county-side demo, in draft) and the ten 烟台市 counties
    # of the bulk-import zip (the province imports them during the demo): 125
    assert len(accepted) == 125
    assert ("威海市", "文登区") not in accepted
    assert applications.get(county__name="文登区").status == Application.Status.DRAFT
    with zipfile.ZipFile(loaded.workbooks) as z:
        in_zip = {name.removesuffix(".xlsx") for name in z.namelist()}
    assert len(in_zip) == 10
    assert not {name for _, name in accepted} & in_zip
    assert not applications.filter(county__name__in=in_zip).exists()

    snapshot = CohortSnapshot.objects.get(campaign=campaign)
    assert snapshot.counties == 125
    assert snapshot.created_by.username == "province"

    client = Client()
    client.force_login(User.objects.get(username="province"))
    assert client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).status_code == 200
    assert client.get(reverse("evaluation:county", args=[snapshot.pk, 0])).status_code == 200
    # an application that arrived accepted (no review sections) opens in the reporting form,
    # for the evaluator and for the administrator, and in the adjudication workspace
    application = Application.objects.get(pk=snapshot.application_ids[0])
    assert client.get(reverse("reporting:application", args=[application.pk])).status_code == 200
    assert client.get(reverse("adjudication:application", args=[application.pk])).status_code == 200
    client.force_login(User.objects.get(username="admin"))
    assert client.get(reverse("reporting:application", args=[application.pk])).status_code == 200

    before = counts()
    demo.load_demo()
    assert counts() == before
