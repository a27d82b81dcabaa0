"""The documents' phrases that name who coordinates a unit's application and the product.

Shandong's documents name the county's 质量强县工作办公室 and the 质量强县创建评价系统; a scheme
that evaluates cities or companies names the unit's lead department and a 质量评价系统, in the
unit's words (core/wording.py), so its documents carry no 县.
"""

from __future__ import annotations

from qcounty.core.wording import DEFAULT_UNIT, Wording

COUNTY_OFFICE = "县（市、区）质量强县工作办公室"
COUNTY_SYSTEM = "质量强县创建评价系统"


def counties(words: Wording) -> bool:
    """Return whether the scheme evaluates counties (Shandong's words throughout)."""
    return words.unit == DEFAULT_UNIT


def coordinator(words: Wording) -> str:
    """Return who coordinates a unit's application: 县（市、区）质量强县工作办公室, 本企业的申报牵头部门."""
    return COUNTY_OFFICE if counties(words) else f"本{words.short}的申报牵头部门"


def system_name(words: Wording) -> str:
    """Return the product's name as a document says it: 质量强县创建评价系统, 质量评价系统."""
    return COUNTY_SYSTEM if counties(words) else "质量评价系统"


def cycle(words: Wording) -> str:
    """Return what one campaign is called: 创建周期 (Shandong's creation), 评价周期."""
    return "创建周期" if counties(words) else "评价周期"


def peers(words: Wording) -> str:
    """Return the reference cohort's units: 参照县, 参照企业."""
    return f"参照{words.short}"


def ranked_units(words: Wording) -> str:
    """Return what the eligible units are, in brackets: those that passed the gates, ranked."""
    if counties(words):
        return "（通过前置指标且未被一票否决的县）"
    return f"（参与排名的{words.short}）"


def grouped(words: Wording) -> bool:
    """Return whether the scheme compares its units within groups (tiers, industries)."""
    return bool(words.group_names)


def government(words: Wording) -> bool:
    """Return whether the unit is a region whose people's government a letter is addressed to."""
    return words.short in ("县", "市", "区", "旗", "州", "盟", "乡", "镇", "省")
