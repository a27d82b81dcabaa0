"""The county quality status report: sections, the core's numbers, what is missing, no font.

Most tests use a hand-made reference of four counties whose points can be added up by hand
(every other input unreported, so worth nothing):

============  ======  ======================================  =====  ======  ========
county        city    reported                                 理念    成效     total
============  ======  ======================================  =====  ======  ========
荣成市         威海市   nothing                                   0       0       0
乳山市         威海市   item 1 slogan (2)                         2       0       2
环翠区         威海市   item 28 (2), item 29 (1)                  0       3       3
历下区         济南市   items 1, 28, 29                           2       3       5
============  ======  ======================================  =====  ======  ========

威海市 is in the second tier, 济南市 in the first. 文登区 (威海市) reports items 1, 28, 29 and
item 27 "analysed, not published" (1 point): 2 + 2 + 1 + 1 = 6 points in 2023; in 2022 only
item 1: 2 points.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from unittest import mock

import docx
import pytest

from qcounty.core.cohort import Cohort, County, parse_cohort
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.core.selfassess import self_assess
from qcounty.core.synth import generate_cohort
from qcounty.office import charts
from qcounty.office.quality_report import (
    CampaignData,
    Published,
    ReportError,
    reference_levels,
    strengths,
    summary_paragraphs,
    weaknesses,
    write_quality_report,
)
from tests.builders import blank_values, cohort_json, county_json, shandong

SOFFICE = Path("/usr/bin/soffice")
GENERATED = dt.date(2023, 6, 26)
CAMPAIGN = "{year}年山东省质量强县（市、区）创建"
SECTIONS = [
    "一、总体情况",
    "二、得分及变化趋势",
    "三、优势与短板",
    "四、与参照县比较",
    "五、数据说明",
]


def reference(year: int) -> Cohort:
    slogan = {"i01.slogan": True}
    product = {"i28.safe_county": True, "i29.drug_inspection_full": True}
    data = cohort_json(
        [
            county_json("荣成市", "威海市", {}),
            county_json("乳山市", "威海市", slogan),
            county_json("环翠区", "威海市", product),
            county_json("历下区", "济南市", slogan | product),
        ],
        year=year,
    )
    return parse_cohort(data, shandong())


def wendeng(values: dict[str, Any]) -> County:
    return County("文登区", "威海市", 2, blank_values(shandong()) | values)


def campaign(year: int, county: County, ref: Cohort | None, unreported: int = 0) -> CampaignData:
    framework = shandong()
    if ref is None:
        result = score_cohort(framework, [county], year).county(0)
        levels = None
    else:
        result = self_assess(framework, county, year, ref)
        levels = reference_levels(score_cohort(framework, ref.counties, year), result)
    labels = [x.label for x in framework.inputs()][:unreported]
    return CampaignData(
        year=year,
        campaign=CAMPAIGN.format(year=year),
        status="省级已接收",
        result=result,
        inputs=len(framework.inputs()),
        unreported=labels,
        reference=levels,
    )


def two_years() -> list[CampaignData]:
    now = wendeng(
        {
            "i01.slogan": True,
            "i28.safe_county": True,
            "i29.drug_inspection_full": True,
            "i27.analysed": True,
            "i27.published": False,
        }
    )
    return [
        campaign(2022, wendeng({"i01.slogan": True}), None),
        campaign(2023, now, reference(2023)),
    ]


def text_of(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def table_rows(content: bytes, caption: str) -> list[list[str]]:
    """Return the rows of the table whose caption (the paragraph before it) contains `caption`."""
    document = docx.Document(io.BytesIO(content))
    body = document.element.body
    last_text = ""
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            last_text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
        elif child.tag.endswith("}tbl") and caption in last_text:
            table = next(t for t in document.tables if t._tbl is child)
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table captioned {caption!r}")


# --------------------------------------------------------------------------- numbers


def test_the_reference_medians_are_those_of_the_core_points_of_its_eligible_counties() -> None:
    data = two_years()[1]
    ref = data.reference
    assert ref is not None
    # totals 0, 2, 3, 5: median (2 + 3) / 2 = 2.5; second tier (威海市) 0, 2, 3: median 2
    assert (ref.counties, ref.tier_counties) == (4, 3)
    assert ref.total == pytest.approx(2.5)
    assert ref.tier_total == pytest.approx(2.0)
    assert ref.tier_name == "第二梯队"
    # 质量发展理念 0, 2, 0, 2 → 1.0; tier 0, 2, 0 → 0. 质量发展成效 0, 0, 3, 3 → 1.5; tier 0
    assert ref.first["质量发展理念"] == pytest.approx(1.0)
    assert ref.tier_first["质量发展理念"] == pytest.approx(0.0)
    assert ref.first["质量发展成效"] == pytest.approx(1.5)
    assert ref.tier_first["质量发展成效"] == pytest.approx(0.0)
    # 文登区 (6 points) first among the 4 reference counties and itself, and of 3 + 1 in its tier
    assert data.result.total == pytest.approx(6.0)
    assert (data.result.rank, ref.ranked) == (1, 5)
    assert (data.result.tier_rank, ref.tier_ranked) == (1, 4)


def test_the_medians_are_the_cores_as_on_the_evaluation_pages() -> None:
    # one definition of a median for the report and the province's evaluation pages:
    # CohortScore.medians (eligible counties; of the county's tier if asked)
    framework = shandong()
    ref = parse_cohort(generate_cohort(framework, counties=136, seed=7, year=2023), framework)
    score = score_cohort(framework, ref.counties, 2023)
    county = next(c for c in ref.counties if c.name == "文登区")
    result = self_assess(framework, county, 2023, ref)
    with mock.patch.object(
        CohortScore, "medians", autospec=True, side_effect=CohortScore.medians
    ) as medians:
        levels = reference_levels(score, result)
    assert mock.call(score) in medians.call_args_list
    assert mock.call(score, tier=2) in medians.call_args_list  # 威海市: the second tier
    assert levels is not None
    overall, tier = score.medians(), score.medians(tier=2)
    assert 0 < tier.counties < overall.counties < len(ref.counties)  # some are not eligible
    assert (levels.counties, levels.tier_counties) == (overall.counties, tier.counties)
    assert (levels.total, levels.tier_total) == (overall.total, tier.total)
    assert list(levels.first.values()) == overall.first
    assert list(levels.tier_second.values()) == tier.second


def test_a_tier_without_eligible_reference_counties_is_said_in_words() -> None:
    # the reference has counties of 济南市 (first tier) only: no median of 文登区's second tier
    data = cohort_json(
        [
            county_json("历下区", "济南市", {"i01.slogan": True}),
            county_json("市中区", "济南市", {}),
        ],
        year=2023,
    )
    only_first_tier = parse_cohort(data, shandong())
    now = campaign(2023, wendeng({"i01.slogan": True}), only_first_tier)
    ref = now.reference
    assert ref is not None
    assert (ref.counties, ref.tier_counties, ref.tier_total) == (2, 0, None)
    assert ref.tier_first == {} and ref.tier_second == {}
    assert ref.total == pytest.approx(1.0)  # totals 2 and 0
    content = write_quality_report(shandong(), "文登区", "威海市", [now], generated=GENERATED)
    text = text_of(content)
    assert (
        "参照数据中没有第二梯队的参评县（通过前置指标且未被一票否决的县），无法与第二梯队中位数比较"
        in text
    )
    assert "nan" not in text.lower()
    rows = table_rows(content, "本县与参照县中位数")
    # 文登区 2 points; median 1; no tier median: "—"
    assert rows[1] == ["总分", "100", "2.00", "1.00", "—", "+1.00"]


def test_the_summary_is_built_from_the_numbers() -> None:
    framework = shandong()
    summary = "\n".join(summary_paragraphs(framework, "文登区", "威海市", two_years()))
    # 6 points in 2023 against 2 in 2022: 6 − 2 = 4 more
    assert "2023年，威海市文登区自评得分 6.00 分（满分 100 分）" in summary
    assert "比2022年的 2.00 分提高 4.00 分" in summary
    # first level: 理念 2/16 = 12.5 %, 保障 0/13, 基础 1/32 (item 27), 成效 3/39 = 7.7 %
    assert "“质量发展理念”得分率最高（2.00/16 分，12.5%）" in summary
    assert "“质量发展保障”最低（0.00/13 分，0.0%）" in summary
    # against the medians 2.5 and 2: 6 − 2.5 = 3.5 and 6 − 2 = 4 above
    assert "总分高于参照县中位数（2.50 分）3.50 分" in summary
    assert "高于第二梯队中位数（2.00 分）4.00 分" in summary
    assert "在 5 个县中约列第 1 位，在第二梯队 4 个县中约列第 1 位" in summary
    # the most points lost: item 43 (7 of 7), then item 4 (5 of 5); 100 − 6 = 94 lost in all
    assert "失分最多的是第43项（质量激励，失 7.00 分）、第4项（质量文化，失 5.00 分）" in summary
    assert "全部指标共失 94.00 分" in summary


def test_the_report_has_its_sections_tables_and_charts() -> None:
    content = write_quality_report(shandong(), "文登区", "威海市", two_years(), generated=GENERATED)
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    assert document.paragraphs[0].text == "威海市文登区质量发展状况分析报告"
    assert len(document.tables) == 5  # scores by year, second level, strengths, weaknesses, medians
    assert len(document.inline_shapes) == 3  # trend, second level, first level vs the medians
    captions = [p.text for p in document.paragraphs if re.match(r"^[表图]\d+ ", p.text)]
    assert [c.split()[0] for c in captions] == [
        "表1",
        "图1",
        "表2",
        "图2",
        "表3",
        "表4",
        "表5",
        "图3",
    ]
    assert "2023年6月26日生成" in text_of(content)


def test_the_score_table_shows_each_year_and_the_change() -> None:
    content = write_quality_report(shandong(), "文登区", "威海市", two_years(), generated=GENERATED)
    rows = table_rows(content, "历年得分")
    assert rows[0] == ["项目", "分值", "2022年", "2023年", "变化"]
    assert rows[1] == ["自评总分", "100", "2.00", "6.00", "+4.00"]
    # 质量发展成效: nothing in 2022, items 28 and 29 in 2023: 2 + 1 = 3
    assert rows[5] == ["质量发展成效", "39", "0.00", "3.00", "+3.00"]
    assert rows[-2] == ["参照县总分中位数", "", "—", "2.50", "—"]  # no reference in 2022
    assert rows[-1] == ["估算名次", "", "—", "1/5", ""]


def test_checked_values_are_not_a_self_assessment_and_published_figures_stand_beside() -> None:
    old, now = two_years()
    checked = CampaignData(**{**old.__dict__, "adjudicated": True, "basis": "省级核实后的数据"})
    listed = CampaignData(
        **{
            **now.__dict__,
            "adjudicated": True,
            "basis": "省级核实后的数据",
            "published": Published(63.46, 1, "拟认定名单（公示）第1版"),
        }
    )
    summary = "\n".join(summary_paragraphs(shandong(), "文登区", "威海市", [checked, listed]))
    assert "2023年，威海市文登区核实后得分 6.00 分（满分 100 分）" in summary
    assert "自评" not in summary
    assert "省级公布：63.46 分，第 1 名（拟认定名单（公示）第1版）" in summary
    content = write_quality_report(
        shandong(), "文登区", "威海市", [checked, listed], generated=GENERATED
    )
    rows = table_rows(content, "历年得分")
    assert rows[1] == ["核实后得分", "100", "2.00", "6.00", "+4.00"]
    # 2022 was not in a published list: a dash
    assert rows[-2] == ["省级公布得分", "", "—", "63.46", ""]
    assert rows[-1] == ["省级公布名次", "", "—", "第 1 名", ""]


def test_strengths_and_weaknesses_rank_indicators_by_share_of_their_maximum() -> None:
    result = two_years()[1].result
    best = strengths(result)
    # full points: items 1 (2/2), 28 (2/2), 29 (1/1); larger maximum first, then by number
    assert [i.number for i in best[:3]] == [1, 28, 29]
    # item 27 next: 1 of 2 = 50 %
    assert best[3].number == 27
    worst = weaknesses(result)
    assert all(i.points == 0 for i in worst)
    assert [i.lost for i in worst] == sorted((i.lost for i in worst), reverse=True)
    assert worst[0].number == 43  # nothing of 7 points: the most lost at a share of 0

    content = write_quality_report(shandong(), "文登区", "威海市", two_years(), generated=GENERATED)
    rows = table_rows(content, "短板指标")
    assert rows[0] == ["序号", "三级指标", "得分", "分值", "失分", "失分原因"]
    assert rows[1][:5] == ["43", result.indicators[42].name, "0.00", "7", "7.00"]
    assert "未填报" in rows[1][5]  # the core's reason


def test_the_comparison_table_puts_the_county_beside_the_medians() -> None:
    content = write_quality_report(shandong(), "文登区", "威海市", two_years(), generated=GENERATED)
    rows = table_rows(content, "本县与参照县中位数")
    assert rows[0] == ["指标", "分值", "文登区", "参照县中位数", "第二梯队中位数", "与中位数之差"]
    assert rows[1] == ["总分", "100", "6.00", "2.50", "2.00", "+3.50"]
    assert rows[2] == ["质量发展理念", "16", "2.00", "1.00", "0.00", "+1.00"]


# --------------------------------------------------------------------------- one year, no data


def test_with_one_campaign_the_report_says_there_is_no_trend_yet() -> None:
    only = [two_years()[1]]
    content = write_quality_report(shandong(), "文登区", "威海市", only, generated=GENERATED)
    text = text_of(content)
    assert "尚不能分析变化趋势" in text
    assert "比2022年" not in text
    assert len(docx.Document(io.BytesIO(content)).inline_shapes) == 2  # no trend chart


def test_without_a_reference_the_report_says_it_cannot_compare() -> None:
    alone = [campaign(2023, wendeng({"i01.slogan": True}), None)]
    content = write_quality_report(shandong(), "文登区", "威海市", alone, generated=GENERATED)
    assert "没有设置参照数据（参评县数据），无法与参照县比较" in text_of(content)


def test_without_any_campaign_there_is_no_report_but_a_reason() -> None:
    with pytest.raises(ReportError) as refused:
        write_quality_report(shandong(), "文登区", "威海市", [], generated=GENERATED)
    assert refused.value.problems == ["本县还没有任何创建周期的申报，没有可分析的数据。"]


def test_a_campaign_with_nothing_reported_gives_no_report_but_the_count_of_inputs() -> None:
    framework = shandong()
    n = len(framework.inputs())
    empty = campaign(2023, wendeng({}), reference(2023), unreported=n)
    with pytest.raises(ReportError) as refused:
        write_quality_report(framework, "文登区", "威海市", [empty], generated=GENERATED)
    assert refused.value.problems == [
        f"2023年申报（2023年山东省质量强县（市、区）创建）尚未填报任何数据："
        f"全部 {n} 项均未填报，请先填报后再生成报告。"
    ]


def test_inputs_not_reported_are_counted_in_the_summary_and_named_in_the_notes() -> None:
    framework = shandong()
    data = two_years()
    partial = CampaignData(**{**data[1].__dict__, "unreported": ["甲", "乙", "丙"]})
    content = write_quality_report(
        framework, "文登区", "威海市", [data[0], partial], generated=GENERATED
    )
    text = text_of(content)
    assert f"本期尚有 3 项数据未填报（共 {len(framework.inputs())} 项）" in text
    assert "未填报 3 项（甲、乙、丙），按不得分计" in text


def test_without_a_cjk_font_no_document_is_made_and_the_message_is_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    with pytest.raises(charts.NoCjkFont) as refused:
        write_quality_report(shandong(), "文登区", "威海市", two_years(), generated=GENERATED)
    assert "系统中没有可用的中文字体" in str(refused.value)
    assert "fonts-noto-cjk" in str(refused.value)


# --------------------------------------------------------------------------- a real client


def test_libreoffice_opens_a_report_of_the_synthetic_province_and_prints_it(
    tmp_path: Path,
) -> None:
    """LibreOffice Writer converts the report to PDF: every page, every chart."""
    framework = shandong()
    campaigns = []
    for year, seed in ((2022, 2022), (2023, 7)):
        ref = parse_cohort(
            generate_cohort(framework, counties=136, seed=seed, year=year), framework
        )
        county = next(c for c in ref.counties if c.name == "文登区")
        campaigns.append(campaign(year, county, ref))
    source = tmp_path / "质量发展状况分析报告.docx"
    source.write_bytes(
        write_quality_report(framework, "文登区", "威海市", campaigns, generated=GENERATED)
    )
    if not SOFFICE.exists():
        pytest.fail(
            f"{SOFFICE} is missing: install LibreOffice with `sudo scripts/install-office.sh`"
        )
    out = tmp_path / "out"
    run = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = out / "质量发展状况分析报告.pdf"
    assert run.returncode == 0 and pdf.exists(), (run.stdout, run.stderr)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 5  # five sections, five tables and three charts do not fit in fewer
    assert len(re.findall(rb"/Subtype\s*/Image", data)) >= 3  # the three charts came through


def test_the_demos_report_says_ranges_in_words_for_its_leaders() -> None:
    """No “功效系数法…取保底与上限时”, no “d = 60”: a range of points, in words."""
    from tests.office import wendeng as demo

    w = demo.wendeng()
    content = write_quality_report(
        w.framework, "文登区", "威海市", w.campaigns, generated=GENERATED
    )
    text = text_of(content)
    r = w.result
    assert f"得分可能在 {r.floor:.2f}—{r.ceiling:.2f} 分之间" in text
    assert not re.search(r"d\s*=\s*\d|保底与上限|按功效系数法估算|功效系数法指标", text)
