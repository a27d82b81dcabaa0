"""Read the evaluation's forms; the core checks what the numbers mean (`RobustnessSpec.check`)."""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets

from django.http import QueryDict
from django.utils.translation import gettext as _

from qcounty.core.evaluate import EvaluationError, RobustnessSpec
from qcounty.web.evaluation.actions import Refused
from qcounty.web.reporting.fields import FULL_WIDTH

DEFAULT_REPLICATIONS = 1_000
DEFAULT_NOISE_PERCENT = 10
SEED_DIGITS = 19  # the core takes seeds below 2⁶³ (19 digits)


def random_seed() -> int:
    """Return a seed to offer in the form (shown, and stored with the run)."""
    return secrets.randbelow(2**31)


def _text(form: QueryDict, name: str) -> str:
    return form.get(name, "").translate(FULL_WIDTH).replace(",", "").strip()


def _integer(form: QueryDict, name: str, label: str) -> int:
    text = _text(form, name)
    if not text:
        raise EvaluationError(_("请填写{label}").format(label=label))
    if re.fullmatch(r"-?[0-9]{1,30}", text):
        return int(text)
    # 1e9: a number, refused below as such
    if re.fullmatch(r"-?[0-9]+(\.[0-9]*)?[eE][0-9]{1,3}", text):
        value = float(text)
        if math.isfinite(value) and value.is_integer():
            return int(value)
    raise EvaluationError(_("{label}应为整数，实际为“{text}”").format(label=label, text=text[:20]))


def _number(form: QueryDict, name: str, label: str) -> float:
    text = _text(form, name).removesuffix("%").strip()
    if not text:
        raise EvaluationError(_("请填写{label}").format(label=label))
    try:
        value = float(text)
    except ValueError:
        raise EvaluationError(
            _("{label}应为数字，实际为“{text}”").format(label=label, text=text[:20])
        ) from None
    if not math.isfinite(value):
        raise EvaluationError(
            _("{label}应为数字，实际为“{text}”").format(label=label, text=text[:20])
        )
    return value


def robustness_spec(form: QueryDict) -> RobustnessSpec:
    """Return the run's parameters typed in the form (noise in per cent); the caller checks them
    with the core (`RobustnessSpec.check`), which refuses absurd values in Chinese."""
    replications = _integer(form, "replications", _("模拟次数"))
    noise = _number(form, "noise", _("权重扰动幅度"))
    seed = _integer(form, "seed", _("随机种子"))
    top = _integer(form, "top", _("前 N 名的 N"))
    if len(str(abs(seed))) > SEED_DIGITS:
        raise EvaluationError(_("随机种子必须是 0 到 2⁶³−1 之间的整数"))
    return RobustnessSpec(
        replications=replications,
        weight_noise=noise / 100,
        policies=tuple(form.getlist("policies")),
        seed=seed,
        top=top,
    )


def publicity_period(form: QueryDict) -> tuple[dt.date, int] | None:
    """Return the 公示 period typed with a 公示 list (first day, working days), None if the
    form has none; refuse a malformed one (`Refused`, raised through the evaluation's actions)."""
    if form.get("kind") != "proposed" or "publicity_days" not in form:
        return None
    start_text = form.get("publicity_start", "").strip()
    days_text = _text(form, "publicity_days")
    if not start_text and not days_text:
        return None
    try:
        start = dt.date.fromisoformat(start_text)
    except ValueError:
        raise Refused(_("请填写公示期的开始日期（如 2026-12-07）")) from None
    if not (days_text.isascii() and days_text.isdigit()):
        raise Refused(_("公示期的工作日天数应为正整数，实际为“{text}”").format(text=days_text[:20]))
    return start, int(days_text)
