"""A county office opens its county's application in a campaign; nobody else can."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from qcounty.web.campaigns.models import Application, Campaign
from tests.web.conftest import World


def _new_campaign(world: World) -> Campaign:
    old = world.campaign
    return Campaign.objects.create(
        name="2024年创建",
        framework_id=old.framework_id,
        framework_version=old.framework_version,
        evaluation_year=2024,
        data_cutoff=old.data_cutoff,
        department_deadline=old.department_deadline,
        application_deadline=old.application_deadline,
    )


def test_the_office_sees_a_campaign_without_its_application_and_opens_one(
    world: World, login
) -> None:
    campaign = _new_campaign(world)
    client: Client = login(world.office)
    assert "2024年创建" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("campaigns:open", args=[campaign.pk]))
    application = Application.objects.get(campaign=campaign, county=world.wendeng)
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:application", args=[application.pk])
    # opening twice gives the same application
    client.post(reverse("campaigns:open", args=[campaign.pk]))
    assert Application.objects.filter(campaign=campaign).count() == 1


def test_a_clerk_or_the_evaluator_cannot_open_an_application(world: World, login) -> None:
    campaign = _new_campaign(world)
    for user in (world.market_clerk, world.evaluator):
        response = login(user).post(reverse("campaigns:open", args=[campaign.pk]))
        assert response.status_code == 404
    assert not Application.objects.filter(campaign=campaign).exists()
