"""An application's page scores the county once while the decisions change no value, twice
once a correction makes the values that count differ from the claims (issue 12: the page
scored the same county twice, against the whole reference cohort each time)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication import estimates
from qcounty.web.campaigns.models import Application
from tests.web.adjudication.conftest import post
from tests.web.conftest import World


def scorings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the core's self-assessments from here on."""
    calls: list[int] = []
    real = estimates.self_assess

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(estimates, "self_assess", counted)
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
