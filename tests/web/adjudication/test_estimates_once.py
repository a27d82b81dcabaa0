"""An application's page scores the county once while the decisions change no value, twice
once a correction makes the values that count differ from the claims (issue 12: the page
scored the same county twice, against the whole reference cohort each time), and not again
while neither changes: each state of values is scored once per process."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.core.cohort import County
from qcounty.core.gaps.assessor import Assessor
from qcounty.core.results import CountyResult
from qcounty.web import caching
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import estimates
from qcounty.web.campaigns.models import Application
from tests.web.adjudication.conftest import post
from tests.web.conftest import World


def scorings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the core's scorings of a county against the reference from here on (none cached)."""
    calls: list[int] = []
    real = Assessor.result

    def counted(self: Assessor, county: County) -> CountyResult:
        calls.append(1)
        return real(self, county)

    monkeypatch.setattr(Assessor, "result", counted)
    caching.clear_all()
    return calls


def test_the_page_scores_once_when_no_value_was_corrected(
    world: World,
    submitted: Application,
    login: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = login(world.evaluator)
    post(client, "decide", submitted, "i17.metrologists", {"action": "accept"})
    calls = scorings(monkeypatch)
    assert client.get(reverse("adjudication:application", args=[submitted.pk])).status_code == 200
    assert len(calls) == 1


def test_a_correction_scores_the_claims_and_the_values_that_count(
    world: World,
    submitted: Application,
    login: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = login(world.evaluator)
    data = {"action": "correct", "value": "5", "reason": "注册证书只有5张"}
    post(client, "decide", submitted, "i17.metrologists", data)
    calls = scorings(monkeypatch)
    page = client.get(reverse("adjudication:application", args=[submitted.pk]))
    assert page.status_code == 200 and len(calls) == 2
    result = estimates.estimates(submitted)
    # 17.1: 0.1 × (9 − 3) = 0.6 claimed, 0.1 × (5 − 3) = 0.2 counted
    assert result.claimed.total - result.adjudicated.total == pytest.approx(0.4)


def test_the_page_does_not_score_again_while_no_value_changes(
    world: World,
    submitted: Application,
    login: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = login(world.evaluator)
    data = {"action": "correct", "value": "5", "reason": "注册证书只有5张"}
    post(client, "decide", submitted, "i17.metrologists", data)
    calls = scorings(monkeypatch)
    url = reverse("adjudication:application", args=[submitted.pk])
    assert client.get(url).status_code == 200 and len(calls) == 2
    assert client.get(url).status_code == 200
    assert client.get(reverse("adjudication:estimate", args=[submitted.pk])).status_code == 200
    assert len(calls) == 2  # the claims and the values that count, each scored once
    data = {"action": "correct", "value": "6", "reason": "注册证书有6张"}
    post(client, "decide", submitted, "i17.metrologists", data)
    assert client.get(url).status_code == 200
    assert len(calls) == 3  # a new value that counts: scored again, the claims not
