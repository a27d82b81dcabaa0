"""The scoring policies an evaluator may vary, with their settings in Chinese (display only)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qcounty.core.evaluate import POLICY_LABELS, VARIABLE_POLICIES, EvaluationError
from qcounty.core.framework.policies import Policies
from qcounty.core.wording import Wording
from qcounty.web.words import SHANDONG

SETTING_LABELS = {
    "ec_mapping": {
        "d_over_100": _("得分 = 分值 × d / 100（60%–100%）"),
        "scaled": _("得分 = 分值 × (d − 60) / 40（0–100%）"),
    },
    "ec_zero_range": {
        "full": _("d = 100"),
        "sixty_flag": _("d = 60，并提示人工复核"),
    },
    "ec_threshold_floor": {
        "threshold": _("不允许值取达标线"),
        "qualified_min": _("不允许值取达标{unit}中的最小值"),
    },
    "ec_group": {
        "eligible": _("仅{cohort}（取消资格、一票否决的{unit}除外）"),
        "all": _("全部{unit}"),
    },
    "ec_tier_groups": {
        "tiers": _("同一{grouping}的{unit}（分{grouping}）"),
        "province": _("全省{cohort}（不分{grouping}）"),
    },
    "ec_growth_zero_base": {
        "sixty_flag": _("该部分 d = 60，并提示人工复核"),
        "zero_flag": _("该部分不得分，并提示人工复核"),
    },
    "ec_zero_raw": {
        "excluded": _("积分为零的{unit}不得分、不进入比较组"),
        "plain": _("按普通功效系数法计算（含零）"),
    },
}


def setting_label(policy: str, setting: str, words: Wording = SHANDONG) -> str:
    """Return a setting in words, the units and groups named as the scheme names them."""
    label = SETTING_LABELS.get(policy, {}).get(setting)
    if label is None:
        return setting
    return str(label).format(
        unit=words.short,
        cohort=words.cohort,
        grouping=words.grouping,
    )


def choices(current: Policies, words: Wording = SHANDONG) -> list[dict[str, object]]:
    """Return every variable policy with its settings and the one in force."""
    data = current.model_dump(mode="json")
    return [
        {
            "name": name,
            "label": POLICY_LABELS[name],
            "current": data[name],
            "options": [(s, setting_label(name, s, words)) for s in settings],
        }
        for name, settings in VARIABLE_POLICIES.items()
    ]


def from_form(base: Policies, form: Mapping[str, str], prefix: str) -> Policies:
    """Return the base policies with the settings chosen in a form (`<prefix><policy>`).

    An unknown setting is refused with a Chinese message (EvaluationError).
    """
    overrides: dict[str, str] = {}
    for name, settings in VARIABLE_POLICIES.items():
        chosen = form.get(prefix + name)
        if chosen is None or chosen == "":
            continue
        if chosen not in settings:
            raise EvaluationError(
                gettext("“{policy}”没有“{setting}”这一设置；可选：{options}").format(
                    policy=POLICY_LABELS[name], setting=chosen, options="、".join(settings)
                )
            )
        overrides[name] = chosen
    return base.with_overrides(overrides)


def differences(a: Policies, b: Policies, words: Wording = SHANDONG) -> list[tuple[str, str, str]]:
    """Return (policy label, setting in a, setting in b) for every policy that differs."""
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    return [
        (
            str(POLICY_LABELS.get(k, k)),
            setting_label(k, str(da[k]), words),
            setting_label(k, str(db[k]), words),
        )
        for k in da
        if da[k] != db[k]
    ]
