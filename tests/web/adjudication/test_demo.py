"""The demo's expert scores: every judged item of the province's applications, twice."""

from __future__ import annotations

from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions
from qcounty.web.adjudication.demo import load_demo_adjudication
from qcounty.web.adjudication.models import ExpertScore
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.models import InputValue
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


def test_each_comment_fits_its_score(
    world: World, submitted: Application, experts: tuple[User, User]
) -> None:
    # 文登区 claims no 有效落实 of its plan and no 成效显著 in industrial metrology, and a medical
    # score of 0.3 of 0.8: the experts, who keep to the claim, score them low
    claims = {"i08.plan": "none", "i16.effective": False, "i35.medical_score": 0.3}
    for key, value in claims.items():
        InputValue.objects.update_or_create(
            application=submitted, key=key, defaults={"value": value}
        )
    load_demo_adjudication(world.campaign)
    scores = {(s.key, s.expert.username): s for s in ExpertScore.objects.select_related("expert")}
    praise = {"佐证材料齐全，成效有据可查。", "材料完整，工作扎实，成效明显。"}
    lacking = {"佐证材料不足，未见成效依据。", "未提供有效佐证材料，不能认定。"}
    for (key, expert), score in scores.items():
        low = score.value in (False, "none") or (key == "i35.medical_score" and score.value < 0.4)
        high = score.value in (True, "implemented")
        if low:  # no, nothing, or under half of 0.8: never "佐证材料齐全，成效有据可查"
            assert score.comment in lacking and score.comment not in praise, (key, expert)
        if high:
            assert score.comment in praise, (key, expert)
    # expert-1 keeps to the claim: 无 and 否, with a comment saying the evidence is lacking
    for key in ("i08.plan", "i16.effective"):
        first = scores[(key, "expert-1")]
        assert first.value in ("none", False)
        assert first.comment == "佐证材料不足，未见成效依据。"
    # 0.3 − 0.05 = 0.25 of 0.8: under half
    medical = scores[("i35.medical_score", "expert-1")]
    assert medical.value == 0.25 and medical.comment == "佐证材料不足，未见成效依据。"
    # the two experts word their comments differently
    assert (
        scores[("i16.effective", "expert-1")].comment
        != scores[("i16.effective", "expert-2")].comment
    )
