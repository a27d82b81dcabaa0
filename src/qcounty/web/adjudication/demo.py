"""Demo data of the province's workspace: two experts' scores of every judged item.

The evaluator then reconciles them in the demo (mean or a chosen score). Idempotent: an
application the experts have scored already is left alone.
"""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import check_value
from qcounty.core.framework.inputs import BoolInput, ChoiceInput, Input, NumberInput
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.cohort import claims_of, held_applications
from qcounty.web.adjudication.models import ExpertScore
from qcounty.web.campaigns.models import Campaign

EXPERTS = ("expert-1", "expert-2")
# each expert's comment on a score at each level (each expert words it their own way)
COMMENTS = {
    "good": ("佐证材料齐全，成效有据可查。", "材料完整，工作扎实，成效明显。"),
    "fair": ("材料基本齐全，部分成效缺少量化数据。", "已有相关工作，但落实情况和成效的佐证不足。"),
    "poor": ("佐证材料不足，未见成效依据。", "未提供有效佐证材料，不能认定。"),
}


def load_demo_adjudication(campaign: Campaign) -> int:
    """Let the demo's two experts score every judged item of the applications the province holds.

    Return the number of scores written.
    """
    experts = list(User.objects.filter(username__in=EXPERTS, role=User.Role.EXPERT))
    if len(experts) != len(EXPERTS):
        return 0
    experts.sort(key=lambda u: EXPERTS.index(u.username))
    applications = held_applications(campaign)
    done = set(
        ExpertScore.objects.filter(application__in=applications).values_list(
            "application_id", flat=True
        )
    )
    applications = [a for a in applications if a.pk not in done]
    framework = campaign.framework
    judged = [x for x in framework.inputs() if x.judged]
    claims = claims_of(framework, applications)
    rows = []
    for application in applications:
        for n, spec in enumerate(judged):
            claimed = claims[application.pk].get(spec.key)
            for e, expert in enumerate(experts):
                value = _score(spec, claimed, e, application.pk + n)
                if value is None:
                    continue
                value = check_value(spec, value)
                rows.append(
                    ExpertScore(
                        application=application,
                        key=spec.key,
                        expert=expert,
                        value=value,
                        comment=COMMENTS[level(spec, value)][e],
                    )
                )
    ExpertScore.objects.bulk_create(rows)
    return len(rows)


def _score(spec: Input, claimed: Any, expert: int, salt: int) -> Any:
    """Return an expert's score: near the county's claim, the second expert now and then stricter."""
    stricter = expert == 1 and salt % 3 == 0
    if isinstance(spec, NumberInput):
        base = float(claimed) if isinstance(claimed, int | float) else 0.5
        low, high = spec.min or 0.0, spec.max if spec.max is not None else base + 0.1
        shift = (-0.1 if stricter else 0.05) if expert else -0.05
        return round(min(high, max(low, base + shift)), 2)
    if isinstance(spec, BoolInput):
        return False if stricter else bool(claimed)
    if isinstance(spec, ChoiceInput):
        ids = [o.id for o in spec.options]
        chosen = claimed if claimed in ids else ids[-1]
        if stricter and ids.index(chosen) + 1 < len(ids):
            return ids[ids.index(chosen) + 1]  # options run from the best level down
        return chosen
    return None


def level(spec: Input, value: Any) -> str:
    """Return how good a score is: good, fair or poor (its comment follows it).

    Yes is good and no poor; of a choice, the first option (the best) is good, the last poor;
    a number in the top quarter of its range is good, in the bottom half poor.
    """
    if isinstance(spec, BoolInput):
        return "good" if value else "poor"
    if isinstance(spec, ChoiceInput):
        ids = [o.id for o in spec.options]
        at = ids.index(value) if value in ids else len(ids) - 1
        return "good" if at == 0 else "poor" if at == len(ids) - 1 else "fair"
    if isinstance(spec, NumberInput) and isinstance(value, int | float):
        low = spec.min or 0.0
        high = spec.max if spec.max is not None else max(float(value), low + 1.0)
        share = (float(value) - low) / (high - low) if high > low else 1.0
        return "good" if share >= 0.75 else "fair" if share >= 0.5 else "poor"
    return "fair"
