"""The demo's expert scores: every judged item of the province's applications, twice."""

from __future__ import annotations

from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions
from qcounty.web.adjudication.demo import load_demo_adjudication
from qcounty.web.adjudication.models import ExpertScore
from qcounty.web.campaigns.models import Application
from tests.web.conftest import World, framework


def test_each_expert_scores_every_judged_item_once(
    world: World, submitted: Application, experts: tuple[User, User]
) -> None:
    judged = [x.key for x in framework().inputs() if x.judged]
    assert len(judged) == 8  # 8, 11, 16, 18, 23, 25 (two), 35
    assert load_demo_adjudication(world.campaign) == 8 * 2
    assert load_demo_adjudication(world.campaign) == 0  # idempotent
    scored = set(ExpertScore.objects.values_list("key", "expert__username"))
    assert scored == {(key, e.username) for key in judged for e in experts}
    assert not ExpertScore.objects.filter(application=world.other_application).exists()  # a draft
    reconciliation = actions.reconcile(submitted, "i35.medical_score", "mean", world.evaluator)
    values = [s["value"] for s in reconciliation.scores]
    assert reconciliation.value == sum(values) / 2
