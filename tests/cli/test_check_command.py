"""`qcounty check`: the plausibility flags of a cohort from the shell, as a table or JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import cohort_json, county_json


def qcounty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcounty.cli", *args], capture_output=True, text=True, timeout=120
    )


STANDARD = {"scope": "national", "role": "lead_formulate", "title": "农产品分级规范",
            "code": "GB/T 12345-2021", "date": "2021-05-01", "status": "已发布", "drafters": "甲"}  # fmt: skip


def write(path: Path, counties: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps(cohort_json(counties), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    now = write(tmp_path / "now.json", [
        county_json("甲县", "济南市", {"pre.stations": 10, "pre.three_star": 9, "pre.four_star": 4,
                                      "i17.metrologists": 60}, synthetic=True),
        county_json("乙县", "济南市", {"i14.standards": [STANDARD]}, synthetic=True),
        county_json("丙县", "青岛市", {"i14.standards": [STANDARD]}, synthetic=True),
    ])  # fmt: skip
    before = write(tmp_path / "before.json", [
        county_json("甲县", "济南市", {"i17.metrologists": 10}, synthetic=True),
    ])  # fmt: skip
    return now, before


def test_the_table_lists_the_flags_riskiest_first_in_chinese(files):
    now, before = files
    r = qcounty("check", str(now), "--previous", str(before))
    assert r.returncode == 0, r.stderr
    assert "数据合理性检查（按风险排序）" in r.stdout
    assert r.stdout.index("多县申报同一事项") < r.stdout.index("部分大于整体")
    assert "较上期突变" in r.stdout and "另见：青岛市丙县" in r.stdout
    assert "共 4 条（高风险 2 条，中风险 2 条），涉及 3 个县。" in r.stdout


def test_json_holds_every_flag_with_its_codes_and_points(files):
    now, before = files
    r = qcounty("check", str(now), "--previous", str(before), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["counts"]["by_kind"] == {"same_claim": 2, "part_exceeds_whole": 1, "jump": 1}
    claim = data["flags"][0]
    assert claim["kind"] == "same_claim" and claim["points_at_stake"] > 0
    assert claim["others"] and claim["code"] == "plaus.same_claim"


def test_one_county_sees_its_own_flags_and_no_other_county(files):
    now, _ = files
    r = qcounty("check", str(now), "--county", "乙县", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [f["county"] for f in data["flags"]] == ["乙县"]
    assert data["flags"][0]["others"] == [] and "丙县" not in r.stdout
    table = qcounty("check", str(now), "--county", "乙县")
    assert "丙县" not in table.stdout and "另有 1 个县同样填报" in table.stdout


def test_an_unknown_county_or_a_bad_file_ends_with_a_chinese_message(files, tmp_path):
    now, _ = files
    r = qcounty("check", str(now), "--county", "丁县")
    assert r.returncode == 2 and "没有名为“丁县”的县" in r.stderr
    r = qcounty("check", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "文件不存在" in r.stderr


def test_a_clean_cohort_says_so(tmp_path):
    path = write(tmp_path / "c.json", [county_json("甲县", "济南市", {}, synthetic=True)])
    r = qcounty("check", str(path))
    assert r.returncode == 0 and "未发现需要核实的数据。" in r.stdout
