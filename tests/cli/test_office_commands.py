"""qcounty export / import: the office files from the command line, with real files."""

from __future__ import annotations

import json
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
