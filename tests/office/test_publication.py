"""Publication: the 公示 list, the final list and the county's score report, from core results.

The cohort is the synthetic one of seed 5 (12 counties, evaluation year 2023), scored by the
core. Its ranking, as `score_cohort` computes it:

    1 文登区 (威海市) 79.21   2 济阳区 (济南市) 77.37   3 寿光市 (潍坊市) 69.25
    4 微山县 (济宁市) 67.76   5 槐荫区 (济南市) 62.90   …  11 荣成市 41.80
    鄄城县 (菏泽市) 86.56, the highest total, fails the prerequisite: not ranked, not listed.

With five titles the list is ranks 1–5.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from qcounty.core import load_framework
from qcounty.core.cohort import parse_cohort
from qcounty.core.evaluate import select
from qcounty.core.framework.model import Framework
from qcounty.core.results import CountyResult, Status
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.core.synth import generate_cohort
from qcounty.office.publication import (
    ISSUER,
    ListEntry,
    ListMeta,
    efficacy_rows,
    entries_from_results,
    list_title,
    write_county_report,
    write_list_docx,
    write_list_xlsx,
)

SOFFICE = Path("/usr/bin/soffice")
SHA = "3f5a0c9e1b7d" + "0" * 52  # 64 hex digits; the documents print the first 12
TITLES = 5
LEVELS = ["质量发展理念", "质量发展保障", "质量发展基础", "质量发展成效"]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework("shandong-county-2022")


@pytest.fixture(scope="module")
def score(framework: Framework) -> CohortScore:
    cohort = parse_cohort(generate_cohort(framework, counties=12, seed=5, year=2023), framework)
    return score_cohort(framework, cohort)


@pytest.fixture(scope="module")
def listed(score: CohortScore) -> list[CountyResult]:
    return [score.county(i) for i in select(score, TITLES).selected]


@pytest.fixture(scope="module")
def entries(listed: list[CountyResult]) -> list[ListEntry]:
    return entries_from_results(listed)


def meta(framework: Framework, **changes: Any) -> ListMeta:
    fields: dict[str, Any] = {
        "campaign": "2023年山东省质量强县（市、区）创建",
        "evaluation_year": 2023,
        "framework_name": framework.name,
        "framework_version": framework.version,
        "kind": "proposed",
        "version": 1,
        "published_on": date(2026, 11, 27),
        "titles": TITLES,
        "snapshot_id": 17,
        "snapshot_sha256": SHA,
        "notice": "公示期为2026年11月27日至12月3日。\n对名单有异议的，请在公示期内书面反映。",
    }
    return ListMeta(**(fields | changes))


def body(data: bytes) -> tuple[list[str], list[Any]]:
    """Return a .docx's paragraph texts and its tables."""
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs], document.tables


def rows(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def by_name(score: CohortScore, name: str) -> CountyResult:
    return score.county(score.index(name))


def medians(score: CohortScore, result: CountyResult) -> tuple[list[float], list[float]]:
    """Return the core's median first-level points of the eligible counties, all and of its
    tier (as the web passes them: NaN where the group has no eligible county)."""
    return score.medians().first, score.medians(result.tier).first


# --------------------------------------------------------------------------- the list


def test_the_list_holds_the_selected_counties_in_rank_order_with_the_cores_points(
    framework, score, listed, entries
):
    _, tables = body(write_list_docx(meta(framework), entries))
    table = rows(tables[0])
    assert table[0][:5] == ["序号", "排名", "市", "县（市、区）", "得分"]
    assert table[0][5:] == [
        "质量发展理念\n（16分）",
        "质量发展保障\n（13分）",
        "质量发展基础\n（32分）",
        "质量发展成效\n（39分）",
    ]
    assert [r[:5] for r in table[1:]] == [
        ["1", "1", "威海市", "文登区", "79.21"],
        ["2", "2", "济南市", "济阳区", "77.37"],
        ["3", "3", "潍坊市", "寿光市", "69.25"],
        ["4", "4", "济宁市", "微山县", "67.76"],
        ["5", "5", "济南市", "槐荫区", "62.90"],
    ]
    for row, result in zip(table[1:], listed, strict=True):
        assert row[4] == f"{result.total:.2f}"
        assert row[5:] == [f"{s.points:.2f}" for s in result.first_level]
    # 鄄城县 has the highest total (86.56) but failed the prerequisite: it is on no list
    assert by_name(score, "鄄城县").status is Status.INELIGIBLE
    assert all("鄄城县" not in r for r in table)


def test_the_list_document_has_title_opening_notice_signature_and_trace(framework, entries):
    paragraphs, _ = body(write_list_docx(meta(framework), entries))
    assert paragraphs[0] == "2023年山东省质量强县（市、区）\n拟认定名单（公示）"
    assert "2023年山东省质量强县（市、区）拟认定名单共 5 个县（市、区）" in paragraphs[1]
    assert "鲁质强发〔2022〕2号" in paragraphs[1] and "现予以公示" in paragraphs[1]
    assert "本次认定名额" not in paragraphs[1]  # five titles, five counties: nothing to explain
    assert "公示期为2026年11月27日至12月3日。" in paragraphs
    assert "对名单有异议的，请在公示期内书面反映。" in paragraphs
    assert paragraphs[-3:-1] == [ISSUER, "2026年11月27日"]
    assert ISSUER == "山东省质量强省及品牌战略推进工作领导小组办公室"
    trace = paragraphs[-1]
    assert "评价快照 #17" in trace and "SHA-256 3f5a0c9e1b7d）" in trace
    assert SHA not in trace  # only the first 12 characters
    assert "山东省质量强县（市、区）创建评价指标体系（2022 版）" in trace


def test_the_document_follows_the_government_format(framework, entries):
    document = docx.Document(io.BytesIO(write_list_docx(meta(framework), entries)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8

    def east_asian(paragraph: Any) -> set[str]:
        return {r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in paragraph.runs}

    assert east_asian(document.paragraphs[0]) == {"方正小标宋简体"}
    assert east_asian(document.paragraphs[1]) == {"仿宋_GB2312"}
    # the issuing body (23 characters) sits two characters (2 × 16 pt) from the right margin;
    # the date "2026年11月27日" is 7 characters wide (the digits are half-width: 2 + 1 + 1, and
    # 年月日 3) and starts two characters right of the body's first character:
    # right indent = 2 + 23 − 2 − 7 = 16 characters = 256 pt
    issuer, day = document.paragraphs[-3], document.paragraphs[-2]
    assert issuer.paragraph_format.right_indent.pt == 32
    assert day.paragraph_format.right_indent.pt == 16 * 16
    assert document.core_properties.title == "2023年山东省质量强县（市、区）拟认定名单（公示）"


def test_a_second_version_and_the_final_list_say_so_in_the_title(framework, entries):
    second = meta(framework, version=2)
    assert list_title(second) == "2023年山东省质量强县（市、区）拟认定名单（公示）（第2版）"
    paragraphs, _ = body(write_list_docx(second, entries))
    assert paragraphs[0] == "2023年山东省质量强县（市、区）\n拟认定名单（公示）（第2版）"
    assert "本文件第 2 版，此前版本存档备查" in paragraphs[-1]

    final = meta(framework, kind="final", version=3, notice="")
    paragraphs, _ = body(write_list_docx(final, entries))
    assert paragraphs[0] == "2023年山东省质量强县（市、区）\n认定名单（第3版）"
    assert "经县（市、区）申报、省级评价和公示" in paragraphs[1] and "公布如下" in paragraphs[1]
    assert not any("公示期" in p for p in paragraphs)
    sheet = openpyxl.load_workbook(io.BytesIO(write_list_xlsx(final, entries))).active
    assert sheet.title == "认定名单"
    assert sheet["A1"].value == "2023年山东省质量强县（市、区）认定名单（第3版）"


def test_a_tie_at_the_last_title_lists_both_and_says_why(framework):
    levels = [("质量发展理念", 10.0, 16.0)]
    tied = [  # given out of order: the list sorts by rank and keeps the order within a rank
        ListEntry(2, "潍坊市", "寿光市", 2, 75.5, levels),
        ListEntry(1, "威海市", "文登区", 2, 80.25, levels),
        ListEntry(2, "济南市", "济阳区", 1, 75.5, levels),
    ]
    paragraphs, tables = body(write_list_docx(meta(framework, titles=2), tied))
    assert "共 3 个县（市、区）" in paragraphs[1]
    assert "本次认定名额 2 个，第 2 名得分并列，一并列入。" in paragraphs[1]
    assert [r[:5] for r in rows(tables[0])[1:]] == [
        ["1", "1", "威海市", "文登区", "80.25"],
        ["2", "2", "潍坊市", "寿光市", "75.50"],
        ["3", "2", "济南市", "济阳区", "75.50"],
    ]


def test_a_rounding_difference_between_the_levels_and_the_total_is_explained(framework):
    def entry(a: float, b: float) -> ListEntry:
        levels = [("质量发展理念", a, 16.0), ("质量发展保障", b, 13.0)]
        return ListEntry(1, "威海市", "文登区", 2, a + b, levels)

    note = "注：得分和一级指标得分均保留两位小数，个别合计与得分的尾差系四舍五入所致。"
    # 3.336 + 3.336 = 6.672, shown as 6.67; the levels as 3.34 and 3.34, which add up to 6.68
    paragraphs, tables = body(write_list_docx(meta(framework), [entry(3.336, 3.336)]))
    assert rows(tables[0])[1][4:] == ["6.67", "3.34", "3.34"]
    assert note in paragraphs
    ws = openpyxl.load_workbook(
        io.BytesIO(write_list_xlsx(meta(framework), [entry(3.336, 3.336)]))
    ).active
    assert ws.cell(ws.max_row, 1).value == "注"
    # 3.33 + 3.34 = 6.67 as shown: nothing to explain
    paragraphs, _ = body(write_list_docx(meta(framework), [entry(3.33, 3.34)]))
    assert note not in paragraphs


@pytest.mark.parametrize("writer", [write_list_docx, write_list_xlsx])
def test_an_empty_list_is_refused_with_a_chinese_message(framework, writer):
    with pytest.raises(ValueError, match="名单为空：没有可列入的县（市、区），不能生成拟认定名单"):
        writer(meta(framework), [])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": 0}, "名单版本 0 无效"),
        ({"titles": 0}, "认定名额 0 无效"),
        ({"snapshot_sha256": "3f5a0c9e1b7d"}, "应为 64 位十六进制的 SHA-256"),
        ({"kind": "draft"}, "名单类型只能是"),
    ],
)
def test_inconsistent_metadata_is_refused(framework, entries, changes, message):
    with pytest.raises(ValueError, match=message):
        write_list_docx(meta(framework, **changes), entries)


def test_a_county_twice_or_an_unranked_county_is_refused(framework, score, entries):
    with pytest.raises(ValueError, match="名单中威海市文登区出现了不止一次"):
        write_list_docx(meta(framework), [*entries, entries[0]])
    with pytest.raises(ValueError, match="菏泽市鄄城县取消创建资格，未参与排名，不能列入名单"):
        entries_from_results([by_name(score, "鄄城县")])


def test_the_workbook_has_numbers_a_frozen_header_and_the_metadata_below(
    framework, listed, entries
):
    data = write_list_xlsx(meta(framework, version=2), entries)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert len(openpyxl.load_workbook(io.BytesIO(data)).worksheets) == 1
    assert ws.title == "拟认定名单"
    assert ws["A1"].value == "2023年山东省质量强县（市、区）拟认定名单（公示）（第2版）"
    assert [ws.cell(2, c).value for c in range(1, 7)] == [
        "序号",
        "排名",
        "市",
        "县（市、区）",
        "梯队",
        "得分",
    ]
    assert ws.cell(2, 7).value == "质量发展理念\n（16分）"
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["D"].width == 16
    for n, result in enumerate(listed, start=3):
        values = [ws.cell(n, c).value for c in range(1, 11)]
        assert values[:5] == [n - 2, result.rank, result.city, result.name, result.tier]
        assert values[5] == round(result.total, 2)  # a number, shown with two decimals
        assert ws.cell(n, 6).number_format == "0.00"
        assert values[6:] == [round(s.points, 2) for s in result.first_level]
    assert ws.cell(3, 4).value == "文登区" and ws.cell(3, 6).value == 79.21
    # one blank row after the five counties (rows 3–7), then label → value rows
    meta_rows = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(9, ws.max_row + 1)}
    assert ws.cell(8, 1).value is None
    assert meta_rows["版本"] == 2 and meta_rows["认定名额"] == 5
    assert meta_rows["发布日期"].date() == date(2026, 11, 27)
    assert meta_rows["评价快照编号"] == 17 and meta_rows["评价快照 SHA-256"] == SHA
    assert meta_rows["发布单位"] == ISSUER
    assert meta_rows["说明"].startswith("公示期为2026年11月27日")


def test_the_workbook_names_the_tiers_when_given_their_names(framework, listed, entries):
    names = {t.tier: t.name for t in framework.tiers}
    ws = openpyxl.load_workbook(
        io.BytesIO(write_list_xlsx(meta(framework), entries, tier_names=names))
    ).active
    for n, result in enumerate(listed, start=3):
        assert ws.cell(n, 5).value == names[result.tier]
    assert ws.cell(3, 4).value == "文登区" and ws.cell(3, 5).value == "第二梯队"  # 威海市
    # a tier the mapping does not name keeps its number
    partial = write_list_xlsx(meta(framework), entries, tier_names={1: "第一梯队"})
    ws = openpyxl.load_workbook(io.BytesIO(partial)).active
    assert ws.cell(3, 5).value == 2


# --------------------------------------------------------------------------- the county report


def report(fw: Framework, score: CohortScore, name: str, selected: bool, **kw: Any) -> Any:
    result = by_name(score, name)
    whole, tier = medians(score, result)
    data = write_county_report(meta(fw), result, whole, tier, selected, **kw)
    return body(data)


def test_the_county_report_gives_total_rank_status_and_the_list(framework, score):
    paragraphs, tables = report(framework, score, "文登区", True, framework=framework, ranked=11)
    assert paragraphs[0] == "2023年山东省质量强县（市、区）创建\n威海市文登区评价得分报告"
    assert paragraphs[1] == "威海市文登区人民政府："
    assert "现将你区评价得分情况反馈如下" in paragraphs[2]
    wendeng = by_name(score, "文登区")
    facts = dict(rows(tables[0])[1:])
    assert facts["评价得分"] == "79.21 分（满分 100 分）"
    assert facts["全省排名"] == "第 1 名（共 11 个县（市、区）参与排名）"  # 12 less 鄄城县
    assert facts["第二梯队内排名"] == f"第 {wendeng.tier_rank} 名"  # 威海市: 第二梯队
    assert facts["前置指标"] == "达标" and facts["一票否决项"] == "达标"
    assert facts["名单"] == "列入2023年山东省质量强县（市、区）拟认定名单"
    assert paragraphs[-3:-1] == [ISSUER, "2026年11月27日"]
    assert "评价快照 #17（SHA-256 3f5a0c9e1b7d）" in paragraphs[-1]


def test_the_report_compares_first_levels_with_the_medians(framework, score):
    wendeng = by_name(score, "文登区")
    whole, tier = medians(score, wendeng)
    _, tables = report(framework, score, "文登区", True)
    table = rows(tables[1])
    assert table[0] == [
        "一级指标",
        "分值",
        "本区得分",
        "全省中位数",
        "第二梯队中位数",
        "与全省中位数比较",
    ]
    for row, s, m, t in zip(table[1:5], wendeng.first_level, whole, tier, strict=True):
        # e.g. 质量发展理念: points − median of the 11 ranked counties, both to 2 places
        diff = round(s.points, 2) - round(m, 2)
        assert row == [
            s.name,
            f"{s.max:g}",
            f"{s.points:.2f}",
            f"{m:.2f}",
            f"{t:.2f}",
            f"{diff:+.2f}",
        ]
    assert [r[0] for r in table[1:5]] == LEVELS
    assert table[5][:3] == ["合计", "100", "79.21"]


def test_every_indicators_points_are_the_cores(framework, score):
    wendeng = by_name(score, "文登区")
    _, tables = report(framework, score, "文登区", True, framework=framework)
    table = rows(tables[2])
    groups = [r[0] for r in table if r[0] == r[-1]]  # a first-level row spans the table
    assert groups == [f"{s.name}（{s.max:g}分），得 {s.points:.2f} 分" for s in wendeng.first_level]
    lines = {r[0]: r for r in table[1:] if r[0] != r[-1]}
    assert len(lines) == 43
    for ind in wendeng.indicators:
        row = lines[str(ind.number)]
        assert row[1:4] == [ind.name, f"{ind.max:g}", f"{ind.points:.2f}"]
        lost = round(ind.max - ind.points, 2)
        assert row[4] == (f"{lost:.2f}" if lost > 0 else "—")
        assert bool(row[5]) == (lost > 0)  # a reason wherever points were lost
    # the indicators add up to the total (43 rows, 100 points at most)
    assert sum(ind.points for ind in wendeng.indicators) == pytest.approx(wendeng.total)


def test_efficacy_bounds_group_and_d_are_the_cores(framework, score):
    wendeng = by_name(score, "文登区")
    _, tables = report(framework, score, "文登区", True)
    table = rows(tables[3])
    assert table[0] == ["序号", "数据项", "x", "比较组", "x_s", "x_h", "d", "权重", "得分"]
    parts = [
        (ind.number, c, part)
        for ind in wendeng.indicators
        for c in ind.criteria
        for part in c.efficacy
    ]
    assert len(parts) == len(table) - 1 == len(efficacy_rows(wendeng)) > 20
    for row, (number, c, part) in zip(table[1:], parts, strict=True):
        assert row[0] == str(number) and row[8] == f"{c.points:.2f}"
        for text, value in ((row[4], part["xs"]), (row[5], part["xh"]), (row[6], part["d"])):
            if value is None:
                assert text == "—"
            else:  # shown to 2 places (4 below 1): within half a unit of the last place
                assert abs(float(text) - value) <= 0.005, (number, text, value)
        if part["status"] == "in_group":
            assert f"（{part['group_size']} 个）" in row[3]
    # item 20 compares with the whole province; item 38 (tiered by city, seed note 1) within
    # 文登区's tier: 威海市 is in 第二梯队
    item20 = [r for r in table[1:] if r[0] == "20"]
    assert item20 and item20[0][3].startswith("全体参评县（")
    item38 = [r for r in table[1:] if r[0] == "38"]
    assert item38 and item38[0][3].startswith("第二梯队全体参评县（")
    # a criterion's points, once over its parts: item 19 has two parts (weights 0.6, 0.4)
    item19 = [r for r in table[1:] if r[0] == "19"]
    assert [r[7] for r in item19] == ["0.6", "0.4"]
    c19 = next(ind for ind in wendeng.indicators if ind.number == 19).criteria[0]
    assert item19[0][8] == item19[1][8] == f"{c19.points:.2f}"  # one merged cell


def test_an_unranked_county_is_told_why_and_cannot_be_listed(framework, score):
    paragraphs, tables = report(framework, score, "鄄城县", False)
    assert "现将你县评价得分情况反馈如下" in paragraphs[2]
    facts = dict(rows(tables[0])[1:])
    assert facts["评价状态"] == "取消创建资格"
    assert facts["全省排名"] == "不参与排名（取消创建资格）"
    assert facts["前置指标"].startswith("不达标\n前置指标：不达标（")
    assert facts["名单"] == "未列入2023年山东省质量强县（市、区）拟认定名单"
    jc = by_name(score, "鄄城县")
    whole, tier = medians(score, jc)
    with pytest.raises(ValueError, match="菏泽市鄄城县取消创建资格，未参与排名，不能列入名单"):
        write_county_report(meta(framework), jc, whole, tier, True)
    with pytest.raises(ValueError, match="中位数的个数（3）与一级指标的个数（4）不一致"):
        write_county_report(meta(framework), jc, whole[:3], tier, False)


def test_a_group_without_an_eligible_county_has_no_median_in_the_report(framework, score):
    # a tier without an eligible county: the core's median is NaN (CohortScore.medians);
    # the report shows "—" in its column rather than refusing
    jc = by_name(score, "鄄城县")
    nan = [float("nan")] * 4
    whole, _ = medians(score, jc)
    _, tables = body(write_county_report(meta(framework), jc, whole, nan, False))
    table = rows(tables[1])
    assert [row[4] for row in table[1:5]] == ["—"] * 4
    assert [row[3] for row in table[1:5]] == [f"{m:.2f}" for m in whole]
    # and with no eligible county at all, no comparison with the province either
    _, tables = body(write_county_report(meta(framework), jc, nan, nan, False))
    assert [row[3:] for row in rows(tables[1])[1:5]] == [["—", "—", "—"]] * 4


# --------------------------------------------------------------------------- a real client


def soffice(sources: list[Path], target: str, workdir: Path) -> Path:
    """Convert the files with LibreOffice, headless, into a new folder; return the folder."""
    if not SOFFICE.exists():
        pytest.fail(
            f"{SOFFICE} is missing: install LibreOffice with `sudo scripts/install-office.sh` "
            "(Debian's libreoffice-writer and libreoffice-calc), then run the tests again"
        )
    out = workdir / target.split(":")[0]
    out.mkdir()
    run = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",  # its own profile
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(workdir)},
    )
    assert run.returncode == 0, (run.stdout, run.stderr)
    return out


def test_libreoffice_opens_every_document(framework, score, entries, tmp_path):
    wendeng = by_name(score, "文登区")
    whole, tier = medians(score, wendeng)
    second = meta(framework, version=2)
    files = {
        "名单.docx": write_list_docx(second, entries),
        "名单表.xlsx": write_list_xlsx(second, entries),
        "文登区.docx": write_county_report(second, wendeng, whole, tier, True),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    sources = [tmp_path / name for name in files]

    pdfs = soffice(sources, "pdf", tmp_path)
    for source in sources:
        pdf = (pdfs / source.name).with_suffix(".pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        # the list of five fits on one page; the report's 43 indicators and 30-odd efficacy
        # parts take several
        assert pages == 1 if source.name == "名单.docx" else pages >= 1, (source.name, pages)
    assert len(re.findall(rb"/Type\s*/Page\b", (pdfs / "文登区.pdf").read_bytes())) > 3

    texts = soffice([tmp_path / "名单.docx", tmp_path / "文登区.docx"], "txt:Text", tmp_path)
    text = (texts / "名单.txt").read_text(encoding="utf-8-sig")
    assert "拟认定名单（公示）（第2版）" in text
    for name, total in (("文登区", "79.21"), ("济阳区", "77.37"), ("槐荫区", "62.90")):
        assert name in text and total in text
    assert "2026年11月27日" in text and "SHA-256 3f5a0c9e1b7d" in text
    report_text = (texts / "文登区.txt").read_text(encoding="utf-8-sig")
    assert "威海市文登区评价得分报告" in report_text and "79.21 分（满分 100 分）" in report_text

    csvs = soffice([tmp_path / "名单表.xlsx"], "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    table = list(csv.reader((csvs / "名单表.csv").read_text(encoding="utf-8").splitlines()))
    assert table[2][:6] == ["1", "1", "威海市", "文登区", "2", "79.21"]  # as shown: 0.00
    assert table[6][3] == "槐荫区" and table[6][5] == "62.90"
    shown = {row[0]: row[3] for row in table[8:] if row and row[0]}
    assert shown["发布日期"] == "2026年11月27日"


def test_the_county_reports_headings_keep_with_their_text(framework, score):
    result = by_name(score, "文登区")
    whole, tier = medians(score, result)
    document = docx.Document(
        io.BytesIO(write_county_report(meta(framework), result, whole, tier, True))
    )
    headings = [p for p in document.paragraphs if p.text.startswith(("一、", "二、", "三、"))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
