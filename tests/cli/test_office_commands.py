"""qcounty export / import: the office files from the command line, with real files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "county-wendeng.json"


def qcounty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcounty.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_the_template_exported_and_imported_again_gives_the_county_file_back(
    tmp_path: Path,
) -> None:
    template = tmp_path / "文登区.xlsx"
    result = qcounty("export", "template", "--county-file", str(EXAMPLE), "-o", str(template))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(template).sheetnames[0] == "填报"
    out = tmp_path / "back.json"
    result = qcounty("import", str(template), "-o", str(out))
    assert result.returncode == 0, result.stderr
    back = json.loads(out.read_text(encoding="utf-8"))["county"]["values"]
    original = json.loads(EXAMPLE.read_text(encoding="utf-8"))["county"]["values"]
    for key in ("i17.metrologists", "i31.rd_share", "i04.commendations", "veto.safety_accident"):
        if isinstance(original[key], float):
            assert back[key] == pytest.approx(original[key])
        else:
            assert back[key] == original[key]


def test_a_dry_run_lists_the_problems_and_exits_with_code_2(tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    qcounty("export", "template", "--county-file", str(EXAMPLE), "-o", str(template))
    book = openpyxl.load_workbook(template)
    sheet = book["填报"]
    for row in sheet.iter_rows():
        if any(c.value == "i17.metrologists" for c in row):
            value_column = next(
                c.column for r in sheet.iter_rows(max_row=40) for c in r if c.value == "填报内容"
            )
            sheet.cell(row=row[0].row, column=value_column, value="七个")
    book.save(template)
    result = qcounty("import", str(template), "--dry-run")
    assert result.returncode == 2
    assert "注册计量师数量" in result.stderr and "不是数字" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dry_run_prints_values_as_the_form_shows_them(tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    qcounty("export", "template", "--county-file", str(EXAMPLE), "-o", str(template))
    result = qcounty("import", str(template), "--dry-run")
    assert result.returncode == 0, result.stderr
    original = json.loads(EXAMPLE.read_text(encoding="utf-8"))["county"]["values"]
    lines = result.stdout.splitlines()

    def shown(label: str) -> str:
        return next(x for x in lines if f" {label} " in x).split("│")[2].strip()

    assert shown("A类强制检定社会公用计量标准覆盖率") == f"{original['i17.a_class_coverage']}%"
    assert shown("注册计量师数量") == f"{original['i17.metrologists']} 人"
    assert shown("近三年发生重大及以上生产安全事故") == "否"
    assert shown("表扬或激励") == f"{len(original['i04.commendations'])} 条："
    for raw in ("true", "false", '"none"', "[{", "{'", '{"'):
        assert raw not in result.stdout, raw
    assert not re.search(r"\d\.0\b", result.stdout)  # 85, not 85.0


def test_a_refused_file_prints_one_message_and_no_empty_table(tmp_path: Path) -> None:
    bad = tmp_path / "填报.xlsx"
    bad.write_text("不是表格", encoding="utf-8")
    result = qcounty("import", str(bad), "--dry-run")
    assert result.returncode == 2
    assert "0 项" not in result.stdout and "✗" not in result.stderr
    assert "填报.xlsx 未导入：不是 Excel（.xlsx）文件" in result.stderr


def test_annex2_and_the_score_sheet_are_written_as_word_and_excel(tmp_path: Path) -> None:
    annex2 = tmp_path / "附件2.docx"
    assert qcounty("export", "annex2", str(EXAMPLE), "-o", str(annex2)).returncode == 0
    text = "\n".join(c.text for t in docx.Document(annex2).tables for r in t.rows for c in r.cells)
    assert "☑" in text
    reference = tmp_path / "ref.json"
    qcounty("cohort", "generate", "--counties", "20", "--seed", "3", "--output", str(reference))
    sheet = tmp_path / "得分.xlsx"
    result = qcounty(
        "export", "score-sheet", str(EXAMPLE), "--reference", str(reference), "-o", str(sheet)
    )
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(sheet).active.max_row > 71


def test_an_unknown_output_format_is_refused(tmp_path: Path) -> None:
    result = qcounty("export", "annex2", str(EXAMPLE), "-o", str(tmp_path / "a.pdf"))
    assert result.returncode == 2
    assert ".docx 或 .xlsx" in result.stderr


def test_the_scheme_table_is_written_as_word_and_excel(tmp_path: Path) -> None:
    table = tmp_path / "评价指标体系.docx"
    result = qcounty("export", "scheme", "-o", str(table))
    assert result.returncode == 0, result.stderr
    text = "\n".join(c.text for r in docx.Document(table).tables[0].rows for c in r.cells)
    assert "不达标，取消创建资格。" in text and "累计不超过7分。" in text
    minimal = EXAMPLE.parent / "example-minimal.yaml"
    sheet = tmp_path / "scheme.xlsx"
    result = qcounty("export", "scheme", "--framework", str(minimal), "-o", str(sheet))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(sheet).active["A1"].value == "示例质量强县评价体系（两项指标）"
    result = qcounty("export", "scheme", "-o", str(tmp_path / "scheme.pdf"))
    assert result.returncode == 2 and ".docx 或 .xlsx" in result.stderr
