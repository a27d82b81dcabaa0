"""Golden cohort: five real Shandong counties, every expected point worked out by hand.

Every number below was computed by hand from the seed's Annex 1 (附件1) and its notes, read as
docs SCORING.md says (not by running the engine and copying its output). Evaluation year 2022:
近一年 = 2021, 近三年 = 2019–2021, 历年累计 = up to 2021.

The cohort (cities and tiers as in qcounty/data/shandong_counties.csv):

    荣成市 / 威海市, tier 2 — STRONG, golden, eligible (passes the gates with 25 % / 15 %)
    乳山市 / 威海市, tier 2 — WEAK, golden, eligible (exactly 16 % three-star, 8 % four-star)
    文登区 / 威海市, tier 2 — PREREQUISITE FAILS, golden (3 of 20 three-star = 15 % < 16 %)
    环翠区 / 威海市, tier 2 — vetoed (a major production-safety accident); little else filled
    历下区 / 济南市, tier 1 — eligible, supports the groups; reports no green-building area

Comparison groups (eligible counties that have a qualifying value):
    not tiered: {荣成市, 乳山市, 历下区};  tier 2: {荣成市, 乳山市};  tier 1: {历下区}.
文登区 (ineligible) and 环翠区 (vetoed) are scored with those bounds, d clipped to [60, 100].

Efficacy coefficient: d = 60 + 40 (x − x_s) / (x_h − x_s); points = max × d / 100;
x_h = group maximum, x_s = group minimum (or the threshold for "达到 … 的，按功效系数法得分").
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from qcounty.core.results import CountyResult
from qcounty.core.scoring import CohortScore
from tests.builders import cohort_json, county_json, score, shandong

STRONG = "荣成市"
WEAK = "乳山市"
FAILS_PREREQUISITE = "文登区"
VETOED = "环翠区"
TIER_ONE = "历下区"

GOLDEN = [STRONG, WEAK, FAILS_PREREQUISITE]
ALL = [STRONG, WEAK, FAILS_PREREQUISITE, VETOED, TIER_ONE]
CITY = {
    STRONG: "威海市",
    WEAK: "威海市",
    FAILS_PREREQUISITE: "威海市",
    VETOED: "威海市",
    TIER_ONE: "济南市",
}

ALL_ACTIVITIES = [
    "quality_month",
    "brand_day",
    "consumer_day",
    "standards_day",
    "metrology_day",
    "accreditation_day",
    "qc_groups",
]
ALL_FUNDED = [
    "development",
    "supervision",
    "standards",
    "metrology",
    "testing",
    "certification",
    "brand",
    "credit",
    "ip",
]
ALL_DOMAINS = ["production_safety", "environment", "food", "drugs", "other_products"]


def _no_gates_failed() -> dict[str, Any]:
    return {
        "veto.safety_accident": False,
        "veto.quality_incident": False,
        "veto.environment_incident": False,
        "veto.statistics_falsified": False,
    }


def commendation(level: str, date: str, to_county_government: bool = True) -> dict[str, Any]:
    return {
        "level": level,
        "issuer": "某表扬部门",
        "date": date,
        "title": f"{level} {date}",
        "to_county_government": to_county_government,
    }


def media(level: str, date: str, advertising: bool = False) -> dict[str, Any]:
    return {
        "level": level,
        "media": "某媒体",
        "title": f"{level} {date}",
        "date": date,
        "advertising": advertising,
    }


def event(level: str, date: str) -> dict[str, Any]:
    return {"level": level, "title": f"质量主题活动 {date}", "date": date}


def meeting(date: str, secretary_attended: bool) -> dict[str, Any]:
    return {
        "date": date,
        "title": "质量工作专题会议",
        "leaders": "县长",
        "secretary_attended": secretary_attended,
    }


def standard(scope: str, role: str, date: str) -> dict[str, Any]:
    return {
        "scope": scope,
        "role": role,
        "title": f"标准 {date}",
        "code": f"X-{date}",
        "date": date,
    }


def organisation(kind: str, date: str) -> dict[str, Any]:
    return {"kind": kind, "title": "某标委会单位", "committee": "某标委会", "date": date}


def pilot(level: str, date: str) -> dict[str, Any]:
    return {"level": level, "title": f"试点 {date}", "undertaker": "某单位", "date": date}


def activity(date: str) -> dict[str, Any]:
    return {"date": date, "title": f"活动 {date}"}


def award(level: str, grade: str, first_unit: bool, date: str) -> dict[str, Any]:
    return {
        "level": level,
        "grade": grade,
        "title": f"科技奖 {date}",
        "first_unit": first_unit,
        "date": date,
    }


def incentive(kind: str, date: str, matter: str | None = None) -> dict[str, Any]:
    out = {"kind": kind, "title": f"{kind} {date}", "issuer": "某颁发部门", "date": date}
    if matter is not None:
        out["matter"] = matter
    return out


# ---------------------------------------------------------------------------------- inputs

VALUES: dict[str, dict[str, Any]] = {
    STRONG: {
        "pre.stations": 20,
        "pre.three_star": 5,
        "pre.four_star": 3,  # 25 % ≥ 16, 15 % ≥ 8
        **_no_gates_failed(),
        "i01.slogan": True,
        "i02.model": "promotable",
        "i03.activities": ALL_ACTIVITIES,
        "i04.commendations": [
            commendation("national", "2019-05-10"),
            commendation("national", "2021-03-01"),
            commendation("national", "2018-12-20"),  # outside 2019–2021
            commendation("national", "2020-06-01", to_county_government=False),  # note 3
            commendation("provincial", "2019-08-01"),
            commendation("provincial", "2020-08-01"),
            commendation("provincial", "2021-08-01"),
            commendation("city", "2021-10-01"),
        ],
        "i04.media_reports": [
            media("national", "2021-05-01"),
            media("national", "2020-05-01", advertising=True),  # advertising excluded
            media("provincial", "2020-07-01"),
        ],
        "i05.events": [
            event("national", "2020-09-01"),
            event("provincial", "2021-09-01"),
            event("city", "2019-09-01"),
            event("city", "2020-10-01"),
            event("city", "2021-10-01"),
        ],
        "i06.body": True,
        "i06.meetings": [meeting("2021-04-15", True)],
        "i07.plan": True,
        "i07.mobilisation": True,
        "i08.plan": "implemented",
        "i09.credit_risk_full": True,
        "i09.blacklist_rules": True,
        "i09.blacklist_check_ok": True,
        "i10.funded": ALL_FUNDED,
        "i11.policy": "implemented",
        "i12.platform": "running",
        "i13.in_plan": True,
        "i13.policy": True,
        "i14.standards": [
            standard("national", "lead_formulate", "2019-06-01"),
            standard("national", "lead_formulate", "2021-06-01"),
            standard("national", "participate_revise", "2020-06-01"),
            standard("provincial", "lead_formulate", "2019-03-01"),
            standard("provincial", "lead_formulate", "2020-03-01"),
            standard("provincial", "lead_formulate", "2021-03-01"),
            standard("international", "participate_formulate", "2018-05-01"),  # outside
        ],
        "i15.organisations": [organisation("national_secretariat", "2020-04-01")],
        "i15.pilots": [
            pilot("provincial", "2019-11-01"),
            pilot("provincial", "2021-11-01"),
            pilot("provincial", "2022-02-01"),  # after the cut-off
        ],
        "i16.promoted": True,
        "i16.effective": True,
        "i16.centres": ["national", "provincial"],
        "i17.metrologists": 16,
        "i17.public_standards": 30,
        "i17.a_class_coverage": 100,
        "i17.verification_full": True,
        "i18.energy_review_coverage": 100,
        "i18.demo_projects": 1,
        "i18.shortlisted_projects": 1,
        "i18.integrity": True,
        "i18.sme_service": True,
        "i19.helped": 120,
        "i19.helped_before": 80,  # growth 50 %
        "i20.coverage": 60,
        "i21.domains": ALL_DOMAINS,
        "i22.initial_check": 100,
        "i22.completion": 100,
        "i22.report_check": 100,
        "i22.mediation": 80,
        "i23.policy": True,
        "i23.all_established": True,
        "i24.exchanges": [activity("2019-05-01"), activity("2020-05-01"), activity("2021-05-01")],
        "i24.trainings": [
            activity("2018-05-01"),
            activity("2019-06-01"),
            activity("2020-06-01"),
            activity("2021-06-01"),
        ],
        "i25.deployed": True,
        "i25.mapped": True,
        "i25.improved": True,
        "i25.help_action": True,
        "i25.help_effective": True,
        "i25.help_reported": True,
        "i26.disposal_rate": 100,
        "i26.referral_rate": 100,
        "i27.analysed": True,
        "i27.published": True,
        "i28.safe_county": True,
        "i29.drug_inspection_full": True,
        "i30.batches": 750,
        "i30.resident_population": 720_000,  # 1.04 批次/千人
        "i31.rd_share": 3.0,
        "i32.green_area": 500_000,
        "i33.prefab_area": 200_000,
        "i34.warranty_full": True,
        "i34.inspection_full": True,
        "i34.taishan_residential": 1,
        "i34.taishan_other": 1,
        "i34.standardisation_demo": 1,
        "i35.nursing_beds": 600,
        "i35.elderly_beds": 1000,  # 60 %
        "i35.teachers": 1000,
        "i35.students": 10_000,  # 10 %
        "i35.medical_score": 0.75,
        "i35.culture_area": 36_000,
        "i35.total_population": 720_000,  # 500 m²/万人
        "i35.scenic": {"a5": 1, "a4": 3, "a3": 2, "a2": 0, "a1": 0},
        "i35.scenic_increase": {"a5": 0, "a4": 1, "a3": 0, "a2": 0, "a1": 0},
        "i35.homestays": {"first": 2, "second": 3, "third": 0},
        "i35.homestays_increase": {"first": 0, "second": 2, "third": 0},
        "i35.hotels": {"s5": 1, "s4": 2, "s3": 1, "s2": 0, "s1": 0},
        "i35.hotels_increase": {"s5": 0, "s4": 0, "s3": 0, "s2": 0, "s1": 0},
        "i36.firms": 150,
        "i36.revenue": 200,
        "i37.plan": True,
        "i37.analysis": True,
        "i37.results": True,
        "i38.energy_reduction": 8.0,
        "i39.good_days": 90,
        "i39.pm25_improvement": 10,  # composite 0.4×90 + 0.6×10 = 42
        "i40.high_tech_share": 55,
        "i41.patents": 30,
        "i41.patents_before": 24,  # growth 25 %
        "i42.awards": [
            award("national", "second", True, "2020-12-01"),  # 2
            award("provincial", "first", True, "2021-12-01"),  # 2
            award("provincial", "first", False, "2019-12-01"),  # 2 × 50 % = 1
            award("national", "first", True, "2018-12-01"),  # outside
        ],
        "i43.incentives": [
            incentive("china_quality_award", "2015-11-01"),  # 历年累计: counts
            incentive("national", "2021-07-01", matter="专精特新小巨人企业甲"),
            incentive("provincial", "2020-07-01", matter="专精特新小巨人企业甲"),  # same matter
            incentive("governor_quality_award", "2017-03-01"),  # 历年累计: counts
            incentive("city", "2019-04-01"),
            incentive("city", "2020-04-01"),
            incentive("city", "2021-04-01"),
            incentive("national", "2018-06-01"),  # outside 2019–2021
        ],
    },
    WEAK: {
        "pre.stations": 25,
        "pre.three_star": 4,
        "pre.four_star": 2,  # exactly 16 % and 8 %
        **_no_gates_failed(),
        "i01.slogan": False,
        "i02.model": "partly",
        "i03.activities": ["quality_month", "consumer_day"],
        "i04.commendations": [
            commendation("city", "2021-11-01"),
            commendation("provincial", "2022-03-01"),  # after the cut-off
        ],
        "i04.media_reports": [media("provincial", "2019-04-01")],
        "i05.events": [event("city", "2021-06-01"), event("national", "2018-11-01")],  # 2nd outside
        "i06.body": True,
        "i06.meetings": [meeting("2020-10-10", True), meeting("2021-06-01", False)],
        "i07.plan": True,
        "i07.mobilisation": False,
        "i08.plan": "policy_only",
        "i09.credit_risk_full": False,
        "i09.blacklist_rules": True,
        "i09.blacklist_check_ok": False,
        "i10.funded": ["development", "supervision", "standards", "metrology", "testing"],
        "i11.policy": "none",
        "i12.platform": "not_running",
        "i13.in_plan": True,
        "i13.policy": False,
        "i14.standards": [
            standard("provincial", "lead_formulate", "2021-01-15"),
            standard("national", "participate_formulate", "2018-12-31"),  # outside
        ],
        "i15.organisations": [],
        "i15.pilots": [pilot("provincial", "2021-08-01")],
        "i16.promoted": True,
        "i16.effective": False,
        "i16.centres": [],
        "i17.metrologists": 3,
        "i17.public_standards": 14,
        "i17.a_class_coverage": 92,
        "i17.verification_full": False,
        "i18.energy_review_coverage": 85,
        "i18.demo_projects": 0,
        "i18.shortlisted_projects": 1,
        "i18.integrity": True,
        "i18.sme_service": False,
        "i19.helped": 30,
        "i19.helped_before": 0,  # growth with a zero base
        "i20.coverage": 20,
        "i21.domains": ["production_safety", "environment", "food", "drugs"],
        "i22.initial_check": 96,
        "i22.completion": 94,
        "i22.report_check": 98,
        "i22.mediation": 55,
        "i23.policy": True,
        "i23.all_established": False,
        "i24.exchanges": [activity("2018-11-01"), activity("2020-05-01"), activity("2021-05-01")],
        "i24.trainings": [activity("2019-03-01"), activity("2020-07-01"), activity("2021-09-01")],
        "i25.deployed": True,
        "i25.mapped": False,
        "i25.improved": False,
        "i25.help_action": True,
        "i25.help_effective": True,
        "i25.help_reported": False,
        "i26.disposal_rate": 91,
        "i26.referral_rate": 88,
        "i27.analysed": True,
        "i27.published": False,
        "i28.safe_county": False,
        "i29.drug_inspection_full": True,
        "i30.batches": 400,
        "i30.resident_population": 520_000,  # 0.77 批次/千人
        "i31.rd_share": 1.0,
        "i32.green_area": 100_000,
        "i33.prefab_area": 20_000,
        "i34.warranty_full": False,
        "i34.inspection_full": True,
        "i34.taishan_residential": 0,
        "i34.taishan_other": 0,
        "i34.standardisation_demo": 1,
        "i35.nursing_beds": 300,
        "i35.elderly_beds": 1000,  # 30 %
        "i35.teachers": 800,
        "i35.students": 10_000,  # 8 %
        "i35.medical_score": 0.4,
        "i35.culture_area": 13_000,
        "i35.total_population": 520_000,  # 250 m²/万人
        "i35.scenic": {"a5": 0, "a4": 1, "a3": 2, "a2": 0, "a1": 0},
        "i35.scenic_increase": {"a5": 0, "a4": 0, "a3": -1, "a2": 0, "a1": 0},
        "i35.homestays": {"first": 0, "second": 0, "third": 3},
        "i35.homestays_increase": {"first": 0, "second": 0, "third": 1},
        "i35.hotels": {"s5": 0, "s4": 0, "s3": 1, "s2": 0, "s1": 0},
        "i35.hotels_increase": {"s5": 0, "s4": 0, "s3": 0, "s2": 0, "s1": 0},
        "i36.firms": 50,
        "i36.revenue": 40,
        "i37.plan": True,
        "i37.analysis": False,
        "i37.results": False,
        "i38.energy_reduction": -2.0,
        "i39.good_days": 80,
        "i39.pm25_improvement": -5,  # composite 32 − 3 = 29
        "i40.high_tech_share": 25,
        "i41.patents": 6,
        "i41.patents_before": 5,  # growth 20 %
        "i42.awards": [
            award("provincial", "second", False, "2021-05-01"),  # 1 × 50 % = 0.5
            award("provincial", "first", True, "2017-05-01"),  # outside
        ],
        "i43.incentives": [
            incentive("city", "2020-05-01", matter="好品山东产品乙"),
            incentive("provincial", "2021-05-01", matter="好品山东产品乙"),  # same matter, higher
            incentive("city", "2021-08-01"),
            incentive("provincial", "2017-08-01"),  # not a governor's award: outside
        ],
    },
    FAILS_PREREQUISITE: {
        "pre.stations": 20,
        "pre.three_star": 3,
        "pre.four_star": 2,  # 15 % < 16 %, 10 % ≥ 8 %
        **_no_gates_failed(),
        "i01.slogan": True,
        "i02.model": "partly",
        "i03.activities": ALL_ACTIVITIES[:6],
        "i04.commendations": [
            commendation("provincial", "2020-03-01"),
            commendation("national", "2021-03-01", to_county_government=False),
        ],
        "i04.media_reports": [
            media("national", "2020-02-01"),
            media("provincial", "2019-02-01"),
            media("provincial", "2020-02-01"),
            media("provincial", "2021-02-01"),
        ],
        "i05.events": [event("provincial", "2019-10-01"), event("city", "2021-10-01")],
        "i06.body": True,
        "i06.meetings": [meeting("2021-09-01", True)],
        "i07.plan": True,
        "i07.mobilisation": True,
        "i08.plan": "implemented",
        "i09.credit_risk_full": True,
        "i09.blacklist_rules": True,
        "i09.blacklist_check_ok": True,
        "i10.funded": ALL_FUNDED[:8],
        "i11.policy": "policy_only",
        "i12.platform": "running",
        "i13.in_plan": True,
        "i13.policy": True,
        "i14.standards": [
            standard("national", "lead_formulate", "2020-09-01"),
            standard("provincial", "lead_formulate", "2021-09-01"),
        ],
        "i15.organisations": [],
        "i15.pilots": [pilot("national", "2020-12-01")],
        "i16.promoted": True,
        "i16.effective": True,
        "i16.centres": ["provincial"],
        "i17.metrologists": 5,
        "i17.public_standards": 20,
        "i17.a_class_coverage": 89,
        "i17.verification_full": True,
        "i18.energy_review_coverage": 98,
        "i18.demo_projects": 0,
        "i18.shortlisted_projects": 0,
        "i18.integrity": True,
        "i18.sme_service": True,
        "i19.helped": 60,
        "i19.helped_before": 50,  # growth 20 %
        "i20.coverage": 45,
        "i21.domains": ALL_DOMAINS,
        "i22.initial_check": 99,
        "i22.completion": 97,
        "i22.report_check": 100,
        "i22.mediation": 70,
        "i23.policy": True,
        "i23.all_established": True,
        "i24.exchanges": [activity("2019-04-01"), activity("2020-04-01"), activity("2021-04-01")],
        "i24.trainings": [activity("2020-04-01"), activity("2021-04-01"), activity("2022-01-10")],
        "i25.deployed": True,
        "i25.mapped": True,
        "i25.improved": False,
        "i25.help_action": True,
        "i25.help_effective": True,
        "i25.help_reported": True,
        "i26.disposal_rate": 96,
        "i26.referral_rate": 94,
        "i27.analysed": True,
        "i27.published": True,
        "i28.safe_county": True,
        "i29.drug_inspection_full": True,
        "i30.batches": 600,
        "i30.resident_population": 600_000,  # exactly 1 批次/千人
        "i31.rd_share": 2.5,
        "i32.green_area": 300_000,
        "i33.prefab_area": 80_000,
        "i34.warranty_full": True,
        "i34.inspection_full": True,
        "i34.taishan_residential": 0,
        "i34.taishan_other": 1,
        "i34.standardisation_demo": 0,
        "i35.nursing_beds": 450,
        "i35.elderly_beds": 1000,  # 45 %
        "i35.teachers": 900,
        "i35.students": 10_000,  # 9 %
        "i35.medical_score": 0.6,
        "i35.culture_area": 24_000,
        "i35.total_population": 600_000,  # 400 m²/万人
        "i35.scenic": {"a5": 0, "a4": 2, "a3": 1, "a2": 0, "a1": 0},
        "i35.scenic_increase": {"a5": 0, "a4": 1, "a3": 0, "a2": 0, "a1": 0},
        "i35.homestays": {"first": 1, "second": 1, "third": 0},
        "i35.homestays_increase": {"first": 1, "second": 0, "third": 0},
        "i35.hotels": {"s5": 0, "s4": 1, "s3": 2, "s2": 0, "s1": 0},
        "i35.hotels_increase": {"s5": 0, "s4": 0, "s3": 1, "s2": 0, "s1": 0},
        "i36.firms": 100,
        "i36.revenue": 160,
        "i37.plan": True,
        "i37.analysis": True,
        "i37.results": False,
        "i38.energy_reduction": 3.0,
        "i39.good_days": 92,
        "i39.pm25_improvement": 15,  # composite 36.8 + 9 = 45.8
        "i40.high_tech_share": 40,
        "i41.patents": 18,
        "i41.patents_before": 12,  # growth 50 %
        "i42.awards": [award("provincial", "first", True, "2018-12-31")],  # outside: raw 0
        "i43.incentives": [
            incentive("national", "2019-09-01"),
            incentive("governor_quality_award", "2012-09-01"),  # 历年累计: counts
            *[
                incentive("city", d)
                for d in (
                    "2019-03-01",
                    "2019-06-01",
                    "2019-09-01",
                    "2020-03-01",
                    "2020-06-01",
                    "2020-09-01",
                    "2021-03-01",
                    "2021-06-01",
                )
            ],  # 8 city
        ],
    },
    VETOED: {
        "pre.stations": 20,
        "pre.three_star": 4,
        "pre.four_star": 2,
        **_no_gates_failed(),
        "veto.safety_accident": True,
        "i01.slogan": False,
        "i02.model": "none",
        "i03.activities": [],
        "i04.commendations": [],
        "i04.media_reports": [],
        "i05.events": [],
        "i06.body": False,
        "i06.meetings": [],
        "i07.plan": False,
        "i07.mobilisation": False,
        "i08.plan": "none",
        "i09.credit_risk_full": False,
        "i09.blacklist_rules": False,
        "i09.blacklist_check_ok": False,
        "i10.funded": [],
        "i11.policy": "none",
        "i12.platform": "none",
        "i13.in_plan": False,
        "i13.policy": False,
        "i14.standards": [],
        "i15.organisations": [],
        "i15.pilots": [],
        "i16.promoted": False,
        "i16.effective": False,
        "i16.centres": [],
        "i17.metrologists": 0,
        "i17.public_standards": 40,
        "i17.a_class_coverage": 95,
        "i17.verification_full": False,
        "i18.energy_review_coverage": 80,
        "i18.demo_projects": 0,
        "i18.shortlisted_projects": 0,
        "i18.integrity": False,
        "i18.sme_service": False,
        "i19.helped": 200,
        "i19.helped_before": 100,  # growth 100 %
        "i20.coverage": 10,
        "i21.domains": [],
        "i22.initial_check": 90,
        "i22.completion": 100,
        "i22.report_check": 96,
        "i22.mediation": 90,
        "i23.policy": False,
        "i23.all_established": False,
        "i24.exchanges": [],
        "i24.trainings": [],
        "i25.deployed": False,
        "i25.mapped": False,
        "i25.improved": False,
        "i25.help_action": False,
        "i25.help_effective": False,
        "i25.help_reported": False,
        "i26.disposal_rate": 85,
        "i26.referral_rate": 100,
        "i27.analysed": False,
        "i27.published": False,
        "i28.safe_county": False,
        "i29.drug_inspection_full": False,
        "i30.batches": 0,
        "i30.resident_population": 800_000,
        "i31.rd_share": 4.0,
        "i32.green_area": 50_000,
        "i33.prefab_area": 0,
        "i34.warranty_full": False,
        "i34.inspection_full": False,
        "i34.taishan_residential": 0,
        "i34.taishan_other": 0,
        "i34.standardisation_demo": 0,
        "i35.nursing_beds": 100,
        "i35.elderly_beds": 1000,  # 10 %
        "i35.teachers": 1100,
        "i35.students": 10_000,  # 11 %
        "i35.medical_score": 0.5,
        "i35.culture_area": 8_000,
        "i35.total_population": 800_000,  # 100 m²/万人
        "i35.scenic": {},
        "i35.scenic_increase": {},
        "i35.homestays": {},
        "i35.homestays_increase": {},
        "i35.hotels": {"s2": 1},
        "i35.hotels_increase": {},
        "i36.firms": 30,
        "i36.revenue": 300,
        "i37.plan": False,
        "i37.analysis": False,
        "i37.results": False,
        "i38.energy_reduction": 10.0,
        "i39.good_days": 85,
        "i39.pm25_improvement": 5,  # composite 34 + 3 = 37
        "i40.high_tech_share": 70,
        "i41.patents": 3,
        "i41.patents_before": 4,  # growth −25 %
        "i42.awards": [award("national", "first", True, "2021-01-01")],  # 3
        "i43.incentives": [],
    },
    TIER_ONE: {
        "pre.stations": 20,
        "pre.three_star": 4,
        "pre.four_star": 2,
        **_no_gates_failed(),
        "i01.slogan": True,
        "i02.model": "promotable",
        "i03.activities": ALL_ACTIVITIES,
        "i04.commendations": [commendation("national", "2020-01-01")],
        "i04.media_reports": [],
        "i05.events": [event("provincial", "2021-01-01")],
        "i06.body": True,
        "i06.meetings": [],
        "i07.plan": True,
        "i07.mobilisation": True,
        "i08.plan": "implemented",
        "i09.credit_risk_full": True,
        "i09.blacklist_rules": True,
        "i09.blacklist_check_ok": True,
        "i10.funded": ALL_FUNDED,
        "i11.policy": "implemented",
        "i12.platform": "running",
        "i13.in_plan": True,
        "i13.policy": True,
        "i14.standards": [
            standard("national", "participate_formulate", "2019-01-01"),
            standard("national", "participate_formulate", "2020-01-01"),
        ],
        "i15.organisations": [organisation("international_member", "2021-01-01")],
        "i15.pilots": [],
        "i16.promoted": True,
        "i16.effective": False,
        "i16.centres": ["national"],
        "i17.metrologists": 8,
        "i17.public_standards": 25,
        "i17.a_class_coverage": 96,
        "i17.verification_full": True,
        "i18.energy_review_coverage": 95,
        "i18.demo_projects": 0,
        "i18.shortlisted_projects": 0,
        "i18.integrity": False,
        "i18.sme_service": False,
        "i19.helped": 80,
        "i19.helped_before": 100,  # growth −20 %
        "i20.coverage": 50,
        "i21.domains": ["production_safety", "environment", "food"],
        "i22.initial_check": 98,
        "i22.completion": 96,
        "i22.report_check": 95,
        "i22.mediation": 65,
        "i23.policy": False,
        "i23.all_established": True,
        "i24.exchanges": [activity("2019-02-01"), activity("2020-02-01"), activity("2021-02-01")],
        "i24.trainings": [],
        "i25.deployed": True,
        "i25.mapped": True,
        "i25.improved": True,
        "i25.help_action": False,
        "i25.help_effective": False,
        "i25.help_reported": False,
        "i26.disposal_rate": 95,
        "i26.referral_rate": 98,
        "i27.analysed": True,
        "i27.published": True,
        "i28.safe_county": False,
        "i29.drug_inspection_full": True,
        "i30.batches": 1200,
        "i30.resident_population": 1_000_000,  # 1.2 批次/千人
        "i31.rd_share": 2.0,
        "i32.green_area": None,  # not reported: 0 points, out of the group
        "i33.prefab_area": 110_000,
        "i34.warranty_full": True,
        "i34.inspection_full": False,
        "i34.taishan_residential": 0,
        "i34.taishan_other": 0,
        "i34.standardisation_demo": 0,
        "i35.nursing_beds": 500,
        "i35.elderly_beds": 1000,
        "i35.teachers": 1200,
        "i35.students": 15_000,
        "i35.medical_score": 0.7,
        "i35.culture_area": 60_000,
        "i35.total_population": 1_000_000,
        "i35.scenic": {"a5": 1, "a4": 2},
        "i35.scenic_increase": {},
        "i35.homestays": {},
        "i35.homestays_increase": {},
        "i35.hotels": {"s5": 3},
        "i35.hotels_increase": {"s5": 1},
        "i36.firms": 400,
        "i36.revenue": 900,
        "i37.plan": True,
        "i37.analysis": True,
        "i37.results": True,
        "i38.energy_reduction": 5.0,
        "i39.good_days": 70,
        "i39.pm25_improvement": 0,  # composite 28
        "i40.high_tech_share": 50,
        "i41.patents": 50,
        "i41.patents_before": 40,
        "i42.awards": [],  # raw 0: 0 points, out of the group
        "i43.incentives": [
            incentive("national", "2019-01-01"),
            incentive("national", "2020-01-01"),
            incentive("national", "2021-01-01"),
            incentive("provincial", "2020-06-01"),
            incentive("provincial", "2021-06-01"),
        ],
    },
}


# ----------------------------------------------------------------- expected, worked by hand
#
# Efficacy groups used below (eligible counties with a qualifying value):
#   17.2 public standards ≥ 15: {荣成 30, 历下 25} (乳山 14 < 15); x_s = 15, x_h = 30
#   17.3 A-class coverage ≥ 90: {荣成 100, 乳山 92, 历下 96}; x_s = 90, x_h = 100
#   18.1 energy review ≥ 90: {荣成 100, 历下 95} (乳山 85 < 90); x_s = 90, x_h = 100
#   19 helped: {120, 30, 80}: x_s 30, x_h 120; growth: {荣成 50 %, 历下 −20 %} (乳山 base 0)
#   20 coverage: {60, 20, 50}: x_s 20, x_h 60
#   22 initial ≥ 95: {100, 96, 98}; completion ≥ 95: {100, 96} (乳山 94); report ≥ 95:
#      {100, 98, 95}; all x_s = 95, x_h = 100.  mediation ≥ 60: {80, 65} (乳山 55); x_s 60, x_h 80
#   26.1 disposal ≥ 90: {100, 91, 95}; 26.2 referral ≥ 90: {100, 98} (乳山 88); x_s 90, x_h 100
#   32 green area: {500 000, 100 000} (历下 not reported)
#   33 prefab area: {200 000, 20 000, 110 000}
#   39 air composite: {荣成 42, 乳山 29, 历下 28}
#   tiered (31, 35, 36, 38, 40, 41, 42), tier 2: {荣成, 乳山}; tier 1: {历下} alone → d = 100

EXPECTED: dict[str, dict[int, float]] = {
    STRONG: {
        1: 2.0,  # slogan in party/government documents → 2
        2: 3.0,  # promotable model → 3
        3: 3.0,  # all 7 activities → 3
        # 4.1: national 2 counted (2018 outside, 1 not to the county government) 2×2 = 4 (≤ 4),
        #   provincial 3 → 3 capped 2, city 1 → 0.5: 6.5 → clause max 5; 4.2: national 1
        #   (advertising excluded) + provincial 0.5 = 1.5; 5 + 1.5 = 6.5 → item ≤ 5
        4: 5.0,
        5: 3.0,  # national 2 + provincial 1 + city 3×0.5 = 1.5 capped 1 → 4 → item ≤ 3
        6: 1.0,  # body 0.5 + 2021 meeting with the secretary 0.5
        7: 2.0,  # plan 1 + mobilisation 1
        8: 2.0,  # implemented → 2
        9: 2.0,  # 100 % credit risk 1 + rules and check OK 1
        10: 3.0,  # all 9 areas funded → 3
        11: 3.0,  # implemented → 3
        12: 2.0,  # running → 2
        13: 1.0,  # in plan 0.5 + policy 0.5
        14: 3.0,  # national led 2 → 3; joined 1 → 1; provincial led 3 → 1; (2018 intl outside) 5 → ≤ 3
        15: 3.0,  # national secretariat → 2; provincial pilots 2 (2022 outside) → 1; 3 → ≤ 3
        16: 1.5,  # promoted & effective 0.5 + centres national 1 + provincial 0.5 → capped 1
        # 17.1: 0.1×(16−3) = 1.3 → max 1; 17.2: x=30 = x_h → d 100 → 0.5;
        #   17.3: x=100 = x_h → 0.5; 17.4: 0.5
        17: 2.5,
        18: 2.0,  # 18.1: 100 = x_h → 0.5; 18.2: 0.5 + 0.3 = 0.8 → ≤ 0.5; 18.3 0.5; 18.4 0.5
        19: 2.0,  # helped 120 = x_h → d 100; growth 50 = x_h → d 100; 2×(0.6×100+0.4×100)/100
        20: 2.0,  # 60 = x_h → d 100 → 2
        21: 2.0,  # all 5 domains → 2
        22: 1.0,  # 22.1: each rate 100 = x_h → 0.75; 22.2: 80 = x_h → 0.25
        23: 1.0,  # 0.5 + 0.5
        24: 1.0,  # exchanges 2019, 2020, 2021 → 0.5; trainings 2019–2021 (2018 ignored) → 0.5
        25: 3.0,  # 0.5 + 0.5 + 1 + (effective and reported) 1
        26: 3.0,  # 26.1: 100 = x_h → 2; 26.2: 100 = x_h → 1
        27: 2.0,  # analysed and published → 2
        28: 2.0,  # safe county → 2
        29: 1.0,  # 100 % → 1
        30: 2.0,  # 750 / 720 000 × 1000 = 1.04 ≥ 1 → 2
        31: 2.0,  # tier 2 {3.0, 1.0}: x = 3.0 = x_h → d 100 → 2
        32: 2.0,  # {500 000, 100 000}: x = x_h → 2
        33: 2.0,  # {200 000, 20 000, 110 000}: x = x_h → 2
        34: 2.0,  # 0.7 + 0.7 + (0.4 + 0.3 + 0.2 = 0.9 → max 0.6)
        # tier 2: nursing 60 % = x_h 0.8; teachers 10 % = x_h 0.8; medical expert 0.75;
        #   culture 500 = x_h 0.8; tourism composite 23 + 12 + 16 + 2 + 2 = 55 = x_h 0.8
        35: 3.95,
        36: 2.0,  # tier 2: firms 150 = x_h, revenue 200 = x_h → 2
        37: 2.0,  # 1 + 0.5 + 0.5
        38: 2.0,  # tier 2 {8, −2}: 8 = x_h → 2
        39: 2.0,  # composite 42 = x_h → 2
        40: 2.0,  # tier 2 {55, 25}: 55 = x_h → 2
        41: 2.0,  # tier 2: patents 30 = x_h, growth 25 % = x_h → 2
        42: 3.0,  # raw 2 + 2 + 1 = 5 (2018 outside); tier 2 {5, 0.5}: 5 = x_h → 3
        # CQA 2015 (历年) 2 + national 2021 (matter 甲; its provincial 2020 dropped) 2
        #   + governor 2017 (历年) 1 + city 3 × 0.5 = 1.5 (national 2018 outside) = 6.5 ≤ 7
        43: 6.5,
    },
    WEAK: {
        1: 0.0,  # no slogan
        2: 1.5,  # partly promotable → 1.5
        3: 0.5,  # 2 of 7: 3 − 5×0.5 = 0.5
        4: 1.0,  # 4.1: city 1 → 0.5 (provincial 2022 outside); 4.2: provincial media 0.5
        5: 0.5,  # city 1 → 0.5 (national 2018 outside)
        6: 0.5,  # body 0.5; 2020 meeting outside 近一年, 2021 meeting without the secretary → 0
        7: 1.0,  # plan 1, no mobilisation
        8: 1.0,  # policy only → 1
        9: 0.0,  # credit risk < 100 %; rules but check wrong → 0
        10: 1.0,  # 5 of 9: 3 − 4×0.5 = 1
        11: 0.0,  # none
        12: 1.0,  # not running → 1
        13: 0.5,  # in plan 0.5, no policy
        14: 0.5,  # provincial led 1 → 0.5 (national 2018-12-31 outside)
        15: 1.0,  # provincial pilot 1 → 1
        16: 0.3,  # promoted only 0.3; no centre
        # 17.1: 3 ≤ 3 → 0; 17.2: 14 < 15 → 0;
        #   17.3: d = 60 + 40×(92−90)/(100−90) = 68 → 0.5×0.68 = 0.34; 17.4: 0
        17: 0.34,
        18: 0.8,  # 18.1: 85 < 90 → 0; 18.2: shortlisted 0.3; 18.3: 0.5; 18.4: 0
        19: 1.2,  # helped 30 = x_s → d 60; growth base 0 → d 60; 2×(0.6×60+0.4×60)/100 = 1.2
        20: 1.2,  # 20 = x_s → d 60 → 1.2
        21: 1.0,  # 4 of 5: 2 − 1 = 1
        # 22.1: initial d = 60 + 40×1/5 = 68, completion 94 < 95 → 0,
        #   report d = 60 + 40×3/5 = 84 → 0.75×(68+0+84)/300 = 0.38; 22.2: 55 < 60 → 0
        22: 0.38,
        23: 0.5,  # policy 0.5; not all established
        24: 0.5,  # exchanges only 2020, 2021 in window → 0; trainings 2019–2021 → 0.5
        25: 1.0,  # deployed 0.5; help action not reported → 0.5
        26: 1.28,  # 26.1: d = 60 + 40×(91−90)/10 = 64 → 2×0.64 = 1.28; 26.2: 88 < 90 → 0
        27: 1.0,  # analysed, not published → 1
        28: 0.0,  # not a safe county
        29: 1.0,  # 100 % → 1
        30: 0.0,  # 400 / 520 000 × 1000 = 0.77 < 1
        31: 1.2,  # tier 2 {3.0, 1.0}: 1.0 = x_s → d 60 → 1.2
        32: 1.2,  # 100 000 = x_s → 1.2
        33: 1.2,  # 20 000 = x_s → 1.2
        34: 0.9,  # warranty no 0; inspection 0.7; demo 1 × 0.2 = 0.2
        # tier 2: nursing 30 % = x_s 0.48; teachers 8 % = x_s 0.48; expert 0.4;
        #   culture 250 = x_s 0.48; tourism 10 + 3 + 3 − 1.5 + 0.5 = 15 = x_s 0.48
        35: 2.32,
        36: 1.2,  # firms 50 = x_s, revenue 40 = x_s → d 60, 60 → 1.2
        37: 1.0,  # plan 1
        38: 1.2,  # −2 = x_s → 1.2
        # composite 29; {42, 29, 28}: d = 60 + 40×(29−28)/14 = 62.857
        #   → 2×0.62857 = 1.257143
        39: 1.2571428571428571,
        40: 1.2,  # 25 = x_s → 1.2
        41: 1.2,  # patents 6 = x_s, growth 20 % = x_s → 1.2
        # raw: provincial second, not first unit 1×50 % = 0.5 (2017 outside);
        #   tier 2 {5, 0.5}: 0.5 = x_s → d 60 → 3×0.6 = 1.8
        42: 1.8,
        # matter 乙: provincial kept, city dropped → 1; other city 0.5;
        #   provincial 2017 (not a governor's award) outside → 1.5
        43: 1.5,
    },
    FAILS_PREREQUISITE: {
        1: 2.0,  # slogan → 2
        2: 1.5,  # partly → 1.5
        3: 2.5,  # 6 of 7: 3 − 0.5
        # 4.1: provincial 1 (national not to the county government) = 1;
        #   4.2: national media 1 + provincial 3×0.5 = 1.5 capped 1 → 2; 1 + 2 = 3
        4: 3.0,
        5: 1.5,  # provincial 1 + city 0.5
        6: 1.0,  # body 0.5 + 2021 meeting with the secretary 0.5
        7: 2.0,
        8: 2.0,
        9: 2.0,
        10: 2.5,  # 8 of 9: 3 − 0.5
        11: 1.0,  # policy only → 1
        12: 2.0,
        13: 1.0,
        14: 2.5,  # national led 1 → 2; provincial led 1 → 0.5
        15: 2.0,  # national pilot 1 → 2
        16: 1.0,  # promoted & effective 0.5 + provincial centre 0.5
        # 17.1: 0.1×(5−3) = 0.2; 17.2: d = 60 + 40×(20−15)/(30−15)
        #   = 73.333 → 0.366667; 17.3: 89 < 90 → 0; 17.4: 0.5
        17: 1.0666666666666667,
        18: 1.46,  # 18.1: d = 60 + 40×(98−90)/10 = 92 → 0.46; 18.2: 0; 18.3 0.5; 18.4 0.5
        # helped d = 60 + 40×(60−30)/90 = 73.333; growth 20 %:
        #   d = 60 + 40×(20−(−20))/70 = 82.857;
        #   2×(0.6×73.333 + 0.4×82.857)/100 = 2×77.142857/100 = 1.542857
        19: 1.5428571428571429,
        20: 1.7,  # d = 60 + 40×(45−20)/40 = 85 → 1.7
        21: 2.0,
        # 22.1: initial 99 → 92, completion 97 → 76, report 100 → 100:
        #   0.75×268/300 = 0.67; 22.2: 70 → 60 + 40×10/20 = 80 → 0.2
        22: 0.87,
        23: 1.0,
        24: 0.5,  # exchanges 2019–2021 → 0.5; trainings 2020, 2021 (2022 outside) → 0
        25: 2.0,  # deployed 0.5 + mapped 0.5; help effective and reported 1
        26: 2.44,  # 26.1: 96 → 84 → 1.68; 26.2: 94 → 76 → 0.76
        27: 2.0,
        28: 2.0,
        29: 1.0,
        30: 2.0,  # 600 / 600 000 × 1000 = 1 ≥ 1 → 2
        31: 1.8,  # tier 2 {3.0, 1.0}: d = 60 + 40×1.5/2 = 90 → 1.8
        32: 1.6,  # d = 60 + 40×200 000/400 000 = 80 → 1.6
        33: 1.4666666666666666,  # d = 60 + 40×60 000/180 000 = 73.333 → 1.466667
        34: 1.7,  # 0.7 + 0.7 + non-residential 泰山杯 0.3
        # tier 2: nursing 45 %: 60 + 40×15/30 = 80 → 0.64; teachers 9 %: 80 → 0.64;
        #   expert 0.6; culture 400: 60 + 40×150/250 = 84 → 0.672;
        #   tourism 11 + 5 + 10 + 2 + 1.5 + 1.5 = 31: 60 + 40×16/40 = 76 → 0.608
        35: 3.16,
        # firms 100: 60 + 40×50/100 = 80; revenue 160: 60 + 40×120/160 = 90;
        #   2×(80 + 90)/2/100 = 1.7
        36: 1.7,
        37: 1.5,  # 1 + 0.5
        38: 1.6,  # 3: 60 + 40×5/10 = 80 → 1.6
        39: 2.0,  # composite 45.8 > x_h 42 → d 111.4 clipped to 100 → 2
        40: 1.6,  # 40: 60 + 40×15/30 = 80 → 1.6
        # patents 18: 60 + 40×12/24 = 80; growth 50 % > x_h 25 % → clipped 100;
        #   2×(0.6×80 + 0.4×100)/100 = 1.76
        41: 1.76,
        42: 0.0,  # only award dated 2018-12-31 (outside): raw 0 → 0
        43: 6.0,  # national 2019 2 + governor 2012 (历年) 1 + city 8×0.5 = 4 capped 3 → 6
    },
    VETOED: {
        **{n: 0.0 for n in range(1, 44)},
        # 17.1: 0 ≤ 3 → 0; 17.2: 40 > x_h 30 → clipped 100 → 0.5;
        #   17.3: 95 → 60 + 40×5/10 = 80 → 0.4; 17.4: 0
        17: 0.9,
        19: 2.0,  # helped 200 > x_h → 100; growth 100 % > x_h → 100 → 2
        20: 1.2,  # 10 < x_s 20: d = 50 → clipped 60 → 1.2
        # 22.1: initial 90 < 95 → 0, completion 100 → 100, report 96 → 68:
        #   0.75×168/300 = 0.42; 22.2: 90 > x_h 80 → clipped 100 → 0.25
        22: 0.67,
        26: 1.0,  # 26.1: 85 < 90 → 0; 26.2: 100 = x_h → 1
        31: 2.0,  # 4.0 > x_h 3.0 → clipped 100
        32: 1.2,  # 50 000 < x_s → clipped 60
        33: 1.2,  # 0 < x_s → clipped 60
        # nursing 10 % → clipped 60 → 0.48; teachers 11 % → clipped 100 → 0.8;
        #   expert 0.5; culture 100 → 36 clipped 60 → 0.48; tourism 2 → clipped 60 → 0.48
        35: 2.74,
        36: 1.6,  # firms 30 → 52 clipped 60; revenue 300 → clipped 100; 2×(60+100)/2/100 = 1.6
        38: 2.0,  # 10 > x_h 8 → clipped 100
        39: 1.7142857142857142,  # composite 37: 60 + 40×(37−28)/14 = 85.714 → 1.714286
        40: 2.0,  # 70 > x_h 55 → clipped 100
        41: 1.2,  # patents 3 → clipped 60; growth −25 % → clipped 60 → 1.2
        42: 2.466666666666667,  # raw 3: 60 + 40×(3−0.5)/(5−0.5) = 82.222 → 3×0.82222 = 2.466667
    },
    TIER_ONE: {
        1: 2.0,
        2: 3.0,
        3: 3.0,
        4: 2.0,  # national commendation 1 → 2
        5: 1.0,  # provincial 1
        6: 0.5,  # body 0.5; no meeting
        7: 2.0,
        8: 2.0,
        9: 2.0,
        10: 3.0,
        11: 3.0,
        12: 2.0,
        13: 1.0,
        14: 1.0,  # national joined 2 → 1
        15: 3.0,  # international member → 3
        16: 1.3,  # promoted only 0.3 + national centre 1
        # 17.1: 0.1×5 = 0.5; 17.2: 60 + 40×10/15 = 86.667 → 0.433333;
        #   17.3: 96 → 84 → 0.42; 17.4: 0.5
        17: 1.8533333333333333,
        18: 0.4,  # 18.1: 95 → 80 → 0.4
        # helped 80: 60 + 40×50/90 = 82.222; growth −20 % = x_s → 60;
        #   2×(0.6×82.222 + 0.4×60)/100 = 2×73.333/100
        19: 1.4666666666666666,
        20: 1.8,  # 50: 60 + 40×30/40 = 90 → 1.8
        21: 0.0,  # 3 of 5: 2 − 2 = 0
        # 22.1: initial 98 → 84, completion 96 → 68, report 95 → 60:
        #   0.75×212/300 = 0.53; 22.2: 65 → 60 + 40×5/20 = 70 → 0.175
        22: 0.705,
        23: 0.5,
        24: 0.5,  # exchanges every year 0.5; no training
        25: 2.0,
        26: 2.52,  # 26.1: 95 → 80 → 1.6; 26.2: 98 → 92 → 0.92
        27: 2.0,
        28: 0.0,
        29: 1.0,
        30: 2.0,  # 1.2 ≥ 1
        31: 2.0,  # tier 1 group of one → x_h = x_s → d 100
        32: 0.0,  # not reported → 0
        33: 1.6,  # 110 000: 60 + 40×90/180 = 80 → 1.6
        34: 0.7,
        35: 3.9,  # tier 1 alone: 0.8 × 4 + expert 0.7
        36: 2.0,
        37: 2.0,
        38: 2.0,
        39: 1.2,  # 28 = x_s → 1.2
        40: 2.0,
        41: 2.0,
        42: 0.0,  # no award: raw 0 → 0
        43: 7.0,  # national 3×2 + provincial 2×1 = 8 → item ≤ 7
    },
}

# First-level sums (理念 16, 保障 13, 基础 32, 成效 39), added by hand from the lines above.
EXPECTED_FIRST_LEVEL: dict[str, list[float]] = {
    STRONG: [16.0, 13.0, 32.0, 38.45],  # 成效: 39 − 0.05 (item 35) − 0.5 (item 43)
    WEAK: [3.5, 3.5, 12.5, 18.177142857142858],  # 0+1.5+0.5+1+0.5; 0.5+1+1+0+1+0; …
    FAILS_PREREQUISITE: [10.5, 10.5, 25.07952380952381, 30.886666666666667],
    VETOED: [0.0, 0.0, 5.77, 18.12095238095238],
    TIER_ONE: [11.0, 12.5, 22.045, 29.4],
}

EXPECTED_TOTAL = {
    STRONG: 99.45,  # 16 + 13 + 32 + 38.45
    WEAK: 37.67714285714286,  # 3.5 + 3.5 + 12.5 + 18.177143
    FAILS_PREREQUISITE: 76.96619047619048,  # 10.5 + 10.5 + 25.079524 + 30.886667
    VETOED: 23.89095238095238,  # 5.77 + 18.120952
    TIER_ONE: 74.945,  # 11 + 12.5 + 22.045 + 29.4
}

EXPECTED_STATUS = {
    STRONG: "eligible",
    WEAK: "eligible",  # 4/25 = 16 % and 2/25 = 8 %: "不低于" is met at the boundary
    FAILS_PREREQUISITE: "ineligible",  # 3/20 = 15 % < 16 %
    VETOED: "vetoed",  # a major production-safety accident
    TIER_ONE: "eligible",
}

# Only eligible counties are ranked: 荣成 99.45 > 历下 74.945 > 乳山 37.68. 文登区 (76.97) would
# be second, but it is out of the evaluation.
EXPECTED_RANK = {STRONG: 1, TIER_ONE: 2, WEAK: 3, FAILS_PREREQUISITE: None, VETOED: None}

# Criterion points of the multi-part indicators, worked out above.
EXPECTED_CRITERIA: dict[str, dict[str, float]] = {
    STRONG: {
        "4.1": 5.0,
        "4.2": 1.5,
        "17.1": 1.0,
        "17.2": 0.5,
        "17.3": 0.5,
        "17.4": 0.5,
        "18.1": 0.5,
        "18.2": 0.5,
        "22.1": 0.75,
        "22.2": 0.25,
        "26.1": 2.0,
        "26.2": 1.0,
        "35.1": 0.8,
        "35.2": 0.8,
        "35.3": 0.75,
        "35.4": 0.8,
        "35.5": 0.8,
        "43": 6.5,
    },
    WEAK: {
        "4.1": 0.5,
        "4.2": 0.5,
        "17.1": 0.0,
        "17.2": 0.0,
        "17.3": 0.34,
        "17.4": 0.0,
        "18.1": 0.0,
        "18.2": 0.3,
        "22.1": 0.38,
        "22.2": 0.0,
        "26.1": 1.28,
        "26.2": 0.0,
        "35.1": 0.48,
        "35.2": 0.48,
        "35.3": 0.4,
        "35.4": 0.48,
        "35.5": 0.48,
        "43": 1.5,
    },
    FAILS_PREREQUISITE: {
        "4.1": 1.0,
        "4.2": 2.0,
        "17.1": 0.2,
        "17.2": 11 / 30,
        "17.3": 0.0,
        "17.4": 0.5,
        "18.1": 0.46,
        "18.2": 0.0,
        "22.1": 0.67,
        "22.2": 0.2,
        "26.1": 1.68,
        "26.2": 0.76,
        "35.1": 0.64,
        "35.2": 0.64,
        "35.3": 0.6,
        "35.4": 0.672,
        "35.5": 0.608,
        "43": 6.0,
    },
}


# ------------------------------------------------------------------------------------ tests


@cache
def _scored() -> CohortScore:
    framework = shandong()
    counties = [county_json(name, CITY[name], VALUES[name], framework) for name in ALL]
    return score(cohort_json(counties), framework)


def _result(name: str) -> CountyResult:
    scored = _scored()
    return scored.county(scored.index(name))


def test_golden_counties_fill_every_scored_input():
    keys = [x.key for x in shandong().inputs() if not x.informational]
    for name in GOLDEN:
        missing = [k for k in keys if VALUES[name].get(k) is None]
        assert missing == [], name


def test_hand_worked_indicators_add_up_to_the_hand_worked_levels_and_totals():
    """Guard against slips in the hand arithmetic itself: the three tables must agree."""
    bounds = [(1, 5), (6, 11), (12, 27), (28, 43)]
    for name in ALL:
        sums = [sum(EXPECTED[name][n] for n in range(a, b + 1)) for a, b in bounds]
        assert sums == pytest.approx(EXPECTED_FIRST_LEVEL[name], abs=1e-6), name
        assert sum(sums) == pytest.approx(EXPECTED_TOTAL[name], abs=1e-6), name


@pytest.mark.parametrize(
    "name",
    [STRONG, WEAK, FAILS_PREREQUISITE, VETOED, TIER_ONE],
    ids=[
        "strong-荣成市",
        "weak-乳山市",
        "prerequisite-fails-文登区",
        "vetoed-环翠区",
        "tier-one-历下区",
    ],
)
def test_county_scores_every_indicator_as_worked_out_by_hand(name):
    result = _result(name)
    got = {ind.number: ind.points for ind in result.indicators}
    assert sorted(got) == list(range(1, 44))
    for number in range(1, 44):
        assert got[number] == pytest.approx(EXPECTED[name][number], abs=1e-6), (name, number)


@pytest.mark.parametrize("name", GOLDEN)
def test_multi_part_criteria_score_as_worked_out_by_hand(name):
    result = _result(name)
    got = {c.id: c.points for ind in result.indicators for c in ind.criteria}
    for cid, expected in EXPECTED_CRITERIA[name].items():
        assert got[cid] == pytest.approx(expected, abs=1e-6), (name, cid)


@pytest.mark.parametrize("name", ALL)
def test_total_and_first_level_sums_match_the_hand_computation(name):
    result = _result(name)
    assert [lv.points for lv in result.first_level] == pytest.approx(
        EXPECTED_FIRST_LEVEL[name], abs=1e-6
    )
    assert result.total == pytest.approx(EXPECTED_TOTAL[name], abs=1e-6)


def test_second_level_sums_are_the_sums_of_their_indicators():
    groups = [
        (1, 2),
        (3, 5),
        (6, 9),
        (10, 11),
        (12, 12),
        (13, 15),
        (16, 18),
        (19, 20),
        (21, 27),
        (28, 31),
        (32, 34),
        (35, 37),
        (38, 39),
        (40, 42),
        (43, 43),
    ]
    for name in ALL:
        expected = [sum(EXPECTED[name][n] for n in range(a, b + 1)) for a, b in groups]
        got = [lv.points for lv in _result(name).second_level]
        assert got == pytest.approx(expected, abs=1e-6), name


def test_prerequisite_at_its_boundary_passes_below_it_fails_and_a_veto_excludes():
    for name in ALL:
        assert _result(name).status.value == EXPECTED_STATUS[name], name


def test_only_eligible_counties_are_ranked_by_total():
    for name in ALL:
        assert _result(name).rank == EXPECTED_RANK[name], name
