"""Who may use the bulk import: `bulk.access`, for every role."""

from __future__ import annotations

import pytest
from django.http import Http404

from qcounty.web.accounts.models import User
from qcounty.web.bulk import access
from qcounty.web.bulk.models import BulkImport
from qcounty.web.organisations.models import Organisation
from tests.web.conftest import World


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("evaluator", True), ("admin", True), ("office", False), ("market_clerk", False)],
)
def test_only_the_province_and_the_admin_import(world: World, who: str, allowed: bool) -> None:
    user = getattr(world, who)
    assert access.may_import(user) is allowed
    if allowed:
        assert access.require_province_user(user) == user
    else:
        with pytest.raises(Http404):
            access.require_province_user(user)


def test_another_provinces_batch_is_not_found(world: World) -> None:
    other = Organisation.objects.create(name="江苏省", kind=Organisation.Kind.PROVINCE)
    theirs = User.objects.create_user(
        "js-evaluator", password="x", role=User.Role.EVALUATOR, organisation=other
    )
    batch = BulkImport.objects.create(campaign=world.campaign, uploaded_by=theirs)
    with pytest.raises(Http404):
        access.get_batch_for_user(world.evaluator, batch.pk)
    assert access.get_batch_for_user(theirs, batch.pk) == batch
    assert access.get_batch_for_user(world.admin, batch.pk) == batch  # the admin sees every batch


def test_an_own_batch_is_found(world: World) -> None:
    batch = BulkImport.objects.create(campaign=world.campaign, uploaded_by=world.evaluator)
    assert access.get_batch_for_user(world.evaluator, batch.pk) == batch
    with pytest.raises(Http404):
        access.get_batch_for_user(world.evaluator, batch.pk + 1000)
