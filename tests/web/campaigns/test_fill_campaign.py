"""`manage.py fill_campaign`: N accepted applications with synthetic values, ready to snapshot."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from qcounty.core.cohort import shandong_counties
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.actions import take_snapshot
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record
from tests.web.conftest import World, framework

Kind = Organisation.Kind
Status = Application.Status


def test_it_adds_n_accepted_applications_with_values_that_a_snapshot_scores(world: World) -> None:
    call_command("fill_campaign", applications=5, seed=3, campaign=str(world.campaign.pk))
    added = Application.objects.filter(campaign=world.campaign, status=Status.ACCEPTED)
    assert added.count() == 5
    for application in added:
        stored = InputValue.objects.filter(application=application).count()
        stored += Record.objects.filter(application=application).count()
        assert stored > 50  # the framework has 120-odd inputs; the generator fills most
    snapshots.clear_cache()
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    assert snapshot.counties == 5
    assert len(snapshots.scored(snapshot).score.counties) == 5
    snapshots.clear_cache()


def test_counties_beyond_shandongs_are_synthetic_in_the_frameworks_cities(world: World) -> None:
    n = len(list(shandong_counties())) + 4  # 136 real + 4 made up
    call_command("fill_campaign", applications=n, seed=3)
    synthetic = Organisation.objects.filter(kind=Kind.COUNTY, synthetic=True)
    names = sorted(synthetic.values_list("name", flat=True))
    # of Shandong's counties the world holds only 文登区 and 荣成市, both with applications:
    # no drawn county is free here, so all n are synthetic counties
    assert Application.objects.filter(campaign=world.campaign).count() == 2 + n
    assert names[0] == "合成县0001" and len(names) == n
    tiers = framework().tier_of_city()
    for county in synthetic.select_related("parent"):
        assert county.parent.name in tiers
        assert county.parent.tier == tiers[county.parent.name]
    snapshots.clear_cache()
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    assert snapshot.counties == n
    cohort = json.loads(snapshot.cohort_json)["counties"]
    assert sum(1 for c in cohort if c.get("synthetic")) == n
    snapshots.clear_cache()


def test_a_second_run_numbers_its_synthetic_counties_after_the_first(world: World) -> None:
    Organisation.objects.create(kind=Kind.COUNTY, name="合成县0007", parent=world.weihai)
    call_command("fill_campaign", applications=140, seed=1)
    assert Organisation.objects.filter(name="合成县0008").exists()
    assert not Organisation.objects.filter(name="合成县0001").exists()


def test_a_real_county_without_an_application_gets_one(world: World) -> None:
    # 环翠区 is one of 威海市's counties; with all 136 drawn, it takes its own application
    huancui = Organisation.objects.create(kind=Kind.COUNTY, name="环翠区", parent=world.weihai)
    call_command("fill_campaign", applications=136, seed=1)
    assert Application.objects.filter(county=huancui, status=Status.ACCEPTED).exists()
    assert not Organisation.objects.filter(kind=Kind.COUNTY, name="环翠区", synthetic=True).exists()


def test_an_unknown_campaign_is_refused_and_nothing_is_written(world: World) -> None:
    with pytest.raises(CommandError, match="没有创建周期"):
        call_command("fill_campaign", applications=3, campaign="不存在的周期")
    assert Application.objects.count() == 2


def test_a_count_below_one_is_refused(world: World) -> None:
    with pytest.raises(CommandError, match="正整数"):
        call_command("fill_campaign", applications=0)
