"""A scheme that evaluates companies: generated, scored and explained in its own words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPANY = ROOT / "tests" / "core" / "schemes" / "example-company.yaml"
COHORT = ROOT / "tests" / "core" / "schemes" / "example-company-cohort.json"


def qcounty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcounty.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},  # the ranking's columns whole
    )


def test_cohort_generate_makes_companies_for_a_company_scheme(tmp_path: Path) -> None:
    """Before: 企业“…”：所属地级市“济南市”不在本评价体系的城市分档中 (Shandong's counties)."""
    out = tmp_path / "companies.json"
    result = qcounty(
        "cohort", "generate", "--framework", str(COMPANY), "--counties", "30", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "已生成 30 个企业的模拟数据" in result.stderr
    scored = qcounty("score", str(out), "--framework", str(COMPANY), "--all")
    assert scored.returncode == 0, scored.stderr
    assert "30 个企业评分排名" in scored.stdout


def test_the_ranking_and_an_explanation_name_companies_and_industries(tmp_path: Path) -> None:
    ranking = qcounty("score", str(COHORT), "--framework", str(COMPANY))
    assert ranking.returncode == 0, ranking.stderr
    text = ranking.stdout
    for words in ("5 个企业评分排名", "行业排名", "通用设备制造业", "不予评价"):
        assert words in text, words
    assert "参评 4 个；不予评价 1 个（照常计分，但不参与排名）。" in text
    for county_words in ("县", "梯队", "所属市", "取消创建资格", "一票否决"):
        assert county_words not in text, county_words
    one = qcounty("score", str(COHORT), "--framework", str(COMPANY), "--county", "甲食品公司")
    assert one.returncode == 0, one.stderr
    assert "甲食品公司（食品制造业）：总分 5.60，第 3 名，参评" in one.stdout
    assert "（按行业分组）" in one.stdout
    assert "比较组 食品制造业全体参评企业（2 个）" in one.stdout
    assert "县" not in one.stdout and "梯队" not in one.stdout
