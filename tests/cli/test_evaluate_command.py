"""`qcounty evaluate`: ranking, selection, leave-one-out and seeded robustness from the shell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qcounty.core.synth import generate_cohort
from tests.builders import shandong


def qcounty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcounty.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def cohort_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cohort") / "cohort.json"
    data = generate_cohort(shandong(), counties=136, seed=7, year=2023)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_seeded_robustness_prints_the_same_figures_twice(cohort_file):
    args = ["evaluate", str(cohort_file), "--robustness", "2000", "--seed", "5", "--json"]
    first, second = qcounty(*args), qcounty(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert len(data["selected"]) == 10
    assert data["robustness"]["spec"] == {
        "replications": 2000,
        "weight_noise": 0.1,
        "policies": [],
        "seed": 5,
        "top": 10,
    }
    ranked = [c for c in data["robustness"]["counties"] if c["rank"] is not None]
    assert len(ranked) == len([r for r in data["ranking"] if r["rank"] is not None])
    # every selected county is the ranking's top ten
    top = [f"{r['city']}{r['name']}" for r in data["ranking"][:10]]
    assert data["selected"] == top


def test_the_human_output_names_the_selection_and_the_uncertain_counties(cohort_file):
    result = qcounty(
        "evaluate", str(cohort_file), "--robustness", "1000", "--seed", "1",
        "--vary", "ec_mapping", "--vary", "ec_tier_groups",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "拟认定（前 10 名）：" in result.stdout
    assert "稳健性分析：1000 次模拟，权重 ±10%，随机政策：ec_mapping、ec_tier_groups，种子 1" in (
        result.stdout
    )
    assert "入选不确定（0.05 < 概率 < 0.95）的县：" in result.stdout
    assert "逐项剔除：" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--robustness", "1000000000"], "模拟次数不能超过 100,000 次"),
        (["--robustness", "-5"], "模拟次数不能为负数"),
        (["--robustness", "10", "--noise", "-0.1"], "权重扰动幅度不能为负数"),
        (["--robustness", "10", "--vary", "decimals"], "不能随机抽取的政策：decimals"),
        (["--titles", "0"], "认定名额"),
    ],
)
def test_absurd_parameters_end_with_a_chinese_message(cohort_file, args, message):
    result = qcounty("evaluate", str(cohort_file), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
