"""An evaluated unit directly under the province (a city a scheme evaluates) has no city."""

from __future__ import annotations

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from tests.web.conftest import World


def test_a_unit_of_the_province_has_neither_city_nor_tier(world: World, make_token) -> None:
    hefei = Organisation.objects.create(
        kind=Organisation.Kind.COUNTY, name="合肥市", parent=world.province
    )
    application = Application.objects.create(campaign=world.campaign, county=hefei)
    _, api = make_token(hefei, User.Role.COUNTY_OFFICE, "read")
    county = api.get(f"/applications/{application.pk}").json()["county"]
    assert (county["name"], county["city"], county["tier"]) == ("合肥市", "", None)
    wendeng = api.get(f"/applications/{world.application.pk}")
    assert wendeng.status_code == 404  # another unit's: not this office's
