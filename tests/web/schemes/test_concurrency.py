"""A version being claimed by a new campaign cannot be deleted under it (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import transaction

from qcounty.web.campaigns.models import Campaign
from qcounty.web.schemes import actions
from qcounty.web.schemes.checking import Refused
from qcounty.web.schemes.models import SchemeVersion
from tests.web.conftest import World
from tests.web.schemes.conftest import anhui
from tests.web.threads import BLOCKED, WAIT, Writer, postgresql_only

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_delete_waits_for_the_campaign_claiming_the_version_and_is_then_refused(
    world: World,
) -> None:
    postgresql_only()
    row = actions.publish_scheme(world.admin, actions.upload_scheme(world.admin, anhui()).pk)
    claimed, go = threading.Event(), threading.Event()

    def set_up_campaign() -> None:
        with transaction.atomic():
            actions.claim_for_campaign(row.scheme_id, row.version)
            claimed.set()
            go.wait(WAIT)
            Campaign.objects.create(
                name="2024年安徽",
                framework_id=row.scheme_id,
                framework_version=row.version,
                evaluation_year=2024,
                data_cutoff=dt.date(2023, 12, 31),
                department_deadline=dt.date(2024, 3, 31),
                application_deadline=dt.date(2024, 4, 30),
            )

    campaign = Writer(set_up_campaign)
    campaign.start()
    assert claimed.wait(WAIT)
    delete = Writer(lambda: actions.delete_scheme(world.admin, row.pk))
    delete.start()
    delete.join(BLOCKED)
    assert delete.is_alive()  # waiting for the campaign's lock on the version
    go.set()
    campaign.join(4 * WAIT)
    delete.join(4 * WAIT)
    assert campaign.error is None
    assert isinstance(delete.error, Refused)
    assert SchemeVersion.objects.filter(pk=row.pk).exists()
