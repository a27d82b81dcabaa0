"""The live score: what the panel shows is what qcounty.core computes from the same values."""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.core.cohort import County, check_value, parse_cohort
from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.selfassess import self_assess
from qcounty.core.synth import generate_cohort
from qcounty.web.campaigns.actions import set_reference_cohort
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.models import InputValue, Record
from tests.web.conftest import YEAR, World, framework, reference_cohort
from tests.web.reporting.forms import field_post, record_post


@cache
def _synthetic_values() -> dict[str, Any]:
    return generate_cohort(framework(), counties=5, seed=11, year=YEAR)["counties"][0]["values"]


def synthetic_values() -> dict[str, Any]:
    """Return a synthetic county's values (JSON, as in a cohort file) that pass both gates."""
    return copy.deepcopy(_synthetic_values())


def core_total(values: dict[str, Any], reference: dict[str, Any] | None = None) -> float:
    """Return 文登区's total as qcounty.core computes it from these values (JSON)."""
    fw = framework()
    typed = {
        spec.key: None if values.get(spec.key) is None else check_value(spec, values[spec.key])
        for spec in fw.inputs()
    }
    county = County(name="文登区", city="威海市", tier=2, values=typed)
    cohort = parse_cohort(reference or reference_cohort(), fw)
    return self_assess(fw, county, YEAR, cohort).total


def panel_total(client: Client, application: Application) -> str:
    response = client.get(reverse("reporting:score", args=[application.pk]))
    assert response.status_code == 200
    found = re.search(r'id="score-total">([^<]*)<', response.content.decode())
    assert found, "no score-total in the panel"
    return found.group(1)


def shown(total: float) -> str:
    return f"{round(total, 2):.2f}"


def fill_through_the_views(
    client: Client, application: Application, values: dict[str, Any]
) -> None:
    a = application.pk
    for spec in framework().inputs():
        value = values.get(spec.key)
        if value is None:
            continue
        if isinstance(spec, RecordsInput):
            if value == []:
                url = reverse("reporting:records_none", args=[a, spec.key])
                response = client.post(url)
            for data in value:
                url = reverse("reporting:record_add", args=[a, spec.key])
                response = client.post(url, record_post(data))
                assert 'class="error"' not in response.content.decode(), (spec.key, data)
        else:
            url = reverse("reporting:save", args=[a, spec.key])
            response = client.post(url, field_post(spec, value))
            assert 'class="error"' not in response.content.decode(), spec.key
        assert response.status_code == 200, spec.key


def fill_in_the_database(application: Application, values: dict[str, Any]) -> None:
    for spec in framework().inputs():
        value = values.get(spec.key)
        if value is None:
            continue
        if isinstance(spec, RecordsInput) and value:
            Record.objects.bulk_create(
                Record(application=application, key=spec.key, data=data) for data in value
            )
        else:
            InputValue.objects.create(application=application, key=spec.key, value=value)


def test_an_empty_application_scores_zero(world: World, office_client: Client) -> None:
    assert panel_total(office_client, world.application) == shown(core_total({})) == "0.00"


def test_the_total_after_filling_in_the_form_is_the_cores_total_for_the_same_values(
    world: World, office_client: Client
) -> None:
    values = synthetic_values()
    fill_through_the_views(office_client, world.application, values)
    expected = core_total(values)
    assert expected > 30  # the gates pass: the comparison means something
    assert panel_total(office_client, world.application) == shown(expected)
    page = office_client.get(reverse("reporting:application", args=[world.application.pk]))
    assert f'id="score-total">{shown(expected)}<' in page.content.decode()


def test_records_outside_their_window_and_declared_none_score_as_the_core_scores_them(
    world: World, office_client: Client
) -> None:
    values = synthetic_values()
    commendation = {
        "level": "provincial",
        "issuer": "山东省人民政府",
        "title": "质量强省建设表扬",
        "to_county_government": True,
    }
    through_the_form = {
        "i04.commendations": [
            {**commendation, "date": "2021-03-01"},
            {**commendation, "date": "2019-05-01"},  # outside 2020–2022
        ],
        "i42.awards": [],
    }
    fill_in_the_database(world.application, {**values, **dict.fromkeys(through_the_form)})
    fill_through_the_views(office_client, world.application, through_the_form)
    assert panel_total(office_client, world.application) == shown(
        core_total({**values, **through_the_form})
    )


@pytest.mark.parametrize(
    ("metrologists", "points"),
    [(3, 0.0), (4, 0.1), (9, 0.6), (13, 1.0), (30, 1.0)],  # 17.1: 0.1 per one above 3, at most 1
)
def test_registered_metrologists_add_a_tenth_of_a_point_each_above_three(
    world: World, office_client: Client, metrologists: int, points: float
) -> None:
    values = synthetic_values()
    values["i17.metrologists"] = None
    fill_in_the_database(world.application, values)
    before = core_total(values)
    after = core_total({**values, "i17.metrologists": metrologists})
    assert after - before == pytest.approx(points, abs=1e-9)

    assert panel_total(office_client, world.application) == shown(before)
    url = reverse("reporting:save", args=[world.application.pk, "i17.metrologists"])
    response = office_client.post(url, {"value": str(metrologists)})
    assert response["HX-Trigger"] == "score-changed"
    assert panel_total(office_client, world.application) == shown(after)


def test_saving_nine_metrologists_raises_the_shown_total_by_0_6(
    world: World, office_client: Client
) -> None:
    values = synthetic_values()
    values["i17.metrologists"] = None
    fill_in_the_database(world.application, values)
    before = float(panel_total(office_client, world.application))
    office_client.post(
        reverse("reporting:save", args=[world.application.pk, "i17.metrologists"]), {"value": "9"}
    )
    after = float(panel_total(office_client, world.application))
    assert after - before == pytest.approx(0.6, abs=0.01 + 1e-9)  # both shown to 2 decimals


def test_the_score_follows_a_change_of_the_reference_cohort(
    world: World, office_client: Client
) -> None:
    values = synthetic_values()
    fill_in_the_database(world.application, values)
    first = panel_total(office_client, world.application)
    assert first == shown(core_total(values))
    other = generate_cohort(framework(), counties=20, seed=99, year=YEAR)
    set_reference_cohort(world.campaign, other)
    expected = shown(core_total(values, reference=other))
    assert expected != first
    assert panel_total(office_client, world.application) == expected
