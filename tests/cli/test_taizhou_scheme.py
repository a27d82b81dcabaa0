"""Taizhou's bundled scheme from the command line: checked, generated, scored, exported."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.office.annex1 import HEADER, docx_rows, items, squeeze, xlsx_rows

SCHEME = "taizhou-quality-city-2011"


def qcounty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcounty.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},  # the ranking's columns whole
    )


def test_framework_check_names_the_group_and_both_blocks_caps() -> None:
    result = qcounty("framework", "check")
    assert result.returncode == 0, result.stderr
    assert f"✓ {SCHEME}" in result.stdout
    for line in (
        "品牌建设（第 3–6 项）：各项合计 15 分，封顶 12 分",
        "加分项：各项合计 8 分，封顶 5 分（按 5 分计）",
        "扣分项：各项合计 4 分，封顶 3 分（按 3 分计）",
        "总分 = 基础分（满分 100 分）+ 加分 − 扣分",
    ):
        assert line in result.stdout, line


def test_a_generated_cohort_is_scored_in_the_schemes_words_without_tier_columns(
    tmp_path: Path,
) -> None:
    """Before: a 梯队 column of 0s and a 梯队排名 for a scheme without groups, and -0.00."""
    out = tmp_path / "taizhou.json"
    made = qcounty("cohort", "generate", "--framework", SCHEME, "--counties", "24", "-o", str(out))
    assert made.returncode == 0, made.stderr
    assert "已生成 24 个市的模拟数据" in made.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["framework"] == SCHEME
    scored = qcounty("score", str(out), "--framework", SCHEME, "--all")
    assert scored.returncode == 0, scored.stderr
    text = scored.stdout
    assert "24 个市（区）评分排名" in text
    assert "加分项(5)" in text and "扣分项(3)" in text
    assert "梯队" not in text  # no comparison groups: neither column
    assert "-0.00" not in text  # a unit that lost nothing shows 0.00


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = {}
    for ext in ("docx", "xlsx"):
        path = tmp_path_factory.mktemp("scheme") / f"taizhou.{ext}"
        result = qcounty("export", "scheme", "--framework", SCHEME, "-o", str(path))
        assert result.returncode == 0, result.stderr
        out[ext] = path.read_bytes()
    return out


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_the_exported_table_has_the_bonus_and_deduction_blocks_with_their_caps(tables, ext):
    rows = docx_rows(tables[ext]) if ext == "docx" else xlsx_rows(tables[ext])
    header, found = items(rows)
    assert header == HEADER
    by_number = {x[0]: x for x in found}
    assert [x[0] for x in found] == ["否决项", *map(str, range(1, 17))]
    for n in ("12", "13", "14"):  # 加分项 and its own cap, outside the 100
        assert by_number[n][1] == squeeze("加分项\n（5分）\n加分项合计最多加5分")
    assert by_number["12"][2] == squeeze("工作成绩突出\n（6分）")
    assert "每项加2分，最多加4分。" in by_number["12"][5]
    assert by_number["14"][2] == squeeze("宣传有力\n（2分）")
    for n in ("15", "16"):
        assert by_number[n][1] == squeeze("扣分项\n（3分）\n扣分项合计最多扣3分")
    assert by_number["15"][5] == "在质量工作考核中瞒报、谎报情况的，每次扣2分。"
    # the capped group's rule closes its last item (before: not in the table at all)
    assert by_number["6"][5].endswith("最高3分。品牌建设类（第3–6项）累计不超过12分。")
    assert not by_number["7"][5].endswith("累计不超过12分。")


def test_the_word_table_keeps_the_group_cap_on_its_own_line(tables) -> None:
    table = docx.Document(io.BytesIO(tables["docx"])).tables[0]
    texts = [cell.text for row in table.rows for cell in row.cells]
    assert "品牌建设类（第3–6项）累计不超过12分。" in texts


def test_the_subtitle_says_the_blocks_stand_outside_the_full_marks(tables) -> None:
    """Before: "满分 100 分" alone, though a 市（区） may score 105."""
    sheet = openpyxl.load_workbook(io.BytesIO(tables["xlsx"])).active
    assert sheet["A2"].value.endswith(
        "满分 100 分（另设加分项最多加 5 分、扣分项最多扣 3 分，总分可超过满分）"
    )
    paragraphs = [p.text for p in docx.Document(io.BytesIO(tables["docx"])).paragraphs]
    assert any(t.endswith("总分可超过满分）") for t in paragraphs)
