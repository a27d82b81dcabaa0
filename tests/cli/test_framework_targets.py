"""`qcounty framework check --targets`: a targets file checked against its scheme."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.core.test_zero_target_range import scheme, targets_file


def qcounty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcounty.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_framework_check_checks_a_targets_file(tmp_path: Path):
    scheme_file = tmp_path / "tiny-target.yaml"
    scheme_file.write_text(scheme("", 100, 80), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(targets_file(90, 90), ensure_ascii=False), encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(targets_file(98, 85), ensure_ascii=False), encoding="utf-8")
    refused = qcounty("framework", "check", str(scheme_file), "--targets", str(bad))
    assert refused.returncode != 0
    assert "“rate”的满意值与不允许值都是 90" in refused.stderr
    assert "目标值文件未通过检查" in refused.stderr
    passed = qcounty("framework", "check", str(scheme_file), "--targets", str(good))
    assert passed.returncode == 0, passed.stderr
    assert "1 项按功效系数法计分的指标值有目标值" in passed.stdout
