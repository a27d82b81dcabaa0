"""A workbook of a unit directly under the province (no 所属市) finds its unit."""

from __future__ import annotations

from qcounty.web.bulk.actions import find_county
from qcounty.web.organisations.models import Organisation
from tests.web.conftest import World

Kind = Organisation.Kind


def test_a_workbook_without_a_city_finds_the_provinces_own_unit(world: World) -> None:
    hefei = Organisation.objects.create(kind=Kind.COUNTY, name="合肥市", parent=world.province)
    other = Organisation.objects.create(kind=Kind.PROVINCE, name="安徽省")
    assert find_county(world.province, "合肥市", "") == hefei
    assert find_county(None, "合肥市", "") == hefei
    assert find_county(other, "合肥市", "") is None  # another province's
    assert find_county(world.province, "文登区", "") is None  # 文登区 has a city
    assert find_county(world.province, "文登区", "威海市") == world.wendeng
