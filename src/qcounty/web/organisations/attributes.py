"""An evaluated unit's attributes, checked against the schemes of the campaigns it takes part in.

A scheme may declare attributes of its units (`attributes:` — industry, size class …) and
compare units within one of them (`groups_by:`). The unit's value of each is stored on the
organisation (attribute key → option id). The schemes that judge the value are those of the
unit's own campaigns; a unit with no application yet is checked against every campaign's scheme.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from qcounty.core.framework.groups import Attribute
from qcounty.core.framework.model import Framework
from qcounty.web.organisations.models import Organisation


def schemes_of(unit: Organisation | None) -> list[Framework]:
    """Return the schemes the unit's attributes must fit: its campaigns', or every campaign's."""
    # both import organisations' models
    from qcounty.web.campaigns.models import Campaign
    from qcounty.web.schemes.library import framework_of

    campaigns = Campaign.objects.all()
    if unit is not None and unit.pk is not None and unit.applications.exists():
        campaigns = campaigns.filter(applications__county=unit)
    pairs = sorted(set(campaigns.values_list("framework_id", "framework_version")))
    return [framework_of(scheme_id, version) for scheme_id, version in pairs]


def attribute_problems(kind: str, raw: Any, schemes: list[Framework]) -> list[str]:
    """Return why these attributes cannot be stored (Chinese sentences); empty if they can."""
    if raw in (None, {}):
        return []
    if not isinstance(raw, dict):
        return [_('属性应为 JSON 对象（属性键 → 选项），例如 {"industry": "food"}。')]
    if kind != Organisation.Kind.COUNTY:
        return [_("只有参评单位可以填写属性。")]
    declared: dict[str, list[Attribute]] = {}
    for framework in schemes:
        for attribute in framework.attributes:
            declared.setdefault(attribute.key, []).append(attribute)
    problems = []
    for key, value in raw.items():
        attributes = declared.get(key)
        if not attributes:
            known = "、".join(declared) or _("无")
            problems.append(
                _(
                    "未知属性“{key}”：所参加的创建周期的评价体系中没有这一属性（可填写的属性：{known}）。"
                ).format(key=key, known=known)
            )
            continue
        for attribute in attributes:
            ids = [o.id for o in attribute.options]
            if value not in ids:
                options = "、".join(f"{o.id}（{o.label}）" for o in attribute.options)
                problems.append(
                    _("属性“{label}”（{key}）应为 {options} 之一，实际为“{value}”。").format(
                        label=attribute.label, key=key, options=options, value=value
                    )
                )
                break
    return problems
