"""The plausibility messages name the units and their groups in the scheme's words."""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.groups import Attribute
from qcounty.core.framework.inputs import Option
from qcounty.core.framework.model import Framework
from qcounty.core.plausibility import Flag, check_cohort, same_evidence
from qcounty.core.wording import wording
from tests.builders import cohort_json, county_json, shandong
from tests.core.plausibility.helpers import TODAY
from tests.core.plausibility.test_across import STANDARD
from tests.core.plausibility.test_peers import tier

INDUSTRY = Attribute(
    key="industry",
    label="行业",
    options=[Option(id="food", label="食品制造业"), Option(id="textile", label="纺织业")],
)


def companies() -> Framework:
    """Return Shandong's scheme as if it evaluated companies grouped by industry."""
    return shandong().model_copy(
        update={"evaluated_unit": "企业", "attributes": [INDUSTRY], "groups_by": "industry"}
    )


def cities() -> Framework:
    return shandong().model_copy(update={"evaluated_unit": "市"})


def _flags(framework: Framework, *values: dict[str, Any], kind: str) -> list[Flag]:
    rows = [county_json(f"县{j + 1}", "济南市", v, synthetic=True) for j, v in enumerate(values)]
    cohort = parse_cohort(cohort_json(rows), shandong())
    return [f for f in check_cohort(framework, cohort, None, today=TODAY) if f.kind == kind]


def test_an_outlier_of_a_company_scheme_is_compared_within_its_industry() -> None:
    [flag] = _flags(companies(), *tier(240), kind="peer_outlier")
    text = flag.explain()
    assert "同行业 13 个企业的中位数 24，位列第 1/13" in text
    assert flag.basis == "同行业中位数"
    assert "县" not in text.replace("县1", "") and "梯队" not in text


def test_an_outlier_of_a_city_scheme_names_cities() -> None:
    [flag] = _flags(cities(), *tier(240), kind="peer_outlier")
    assert "同梯队 13 个市的中位数 24" in flag.explain()


def test_shandong_reads_as_before() -> None:
    [flag] = _flags(shandong(), *tier(240), kind="peer_outlier")
    assert "同梯队 13 个县的中位数 24" in flag.explain() and flag.basis == "同梯队中位数"


def test_claims_texts_and_evidence_shared_by_companies_name_companies() -> None:
    found = _flags(
        companies(), {"i14.standards": [STANDARD]}, {"i14.standards": [STANDARD]}, kind="same_claim"
    )
    text = found[0].explain()
    assert "另有 1 个企业同样填报，同一事项只能由一个企业申报" in text and "个县" not in text
    slogan = "以“质量兴县、品牌强县”为主线，建立质量工作联席会议制度，形成政府主导、部门联动、企业主体、社会参与的工作格局。"
    [first, _] = _flags(
        companies(), {"i01.slogan_text": slogan}, {"i01.slogan_text": slogan}, kind="same_text"
    )
    assert "与另外 1 个企业的填报内容完全相同" in first.explain()
    pairs = [(("济南市", "甲"), "ab" * 32), (("济南市", "乙"), "ab" * 32)]
    [evidence, _] = same_evidence(pairs, wording(companies()))
    assert "与另外 1 个企业的材料为同一文件" in evidence.explain()
    [shandong_evidence, _] = same_evidence(pairs)
    assert "与另外 1 个县的材料为同一文件" in shandong_evidence.explain()
