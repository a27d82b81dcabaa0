"""A real office client re-saves the template: LibreOffice Calc, headless.

Needs LibreOffice (scripts/install-office.sh). Missing, the test fails rather than skips: the
import must be known to work on files a real spreadsheet program wrote.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from qcounty.core.framework.loader import load_framework
from qcounty.core.synth import generate_cohort
from qcounty.office.reader import read_workbook
from qcounty.office.template import TemplateMeta, write_template

SOFFICE = Path("/usr/bin/soffice")


def convert(source: Path, workdir: Path) -> Path:
    """Open the file in LibreOffice Calc and save it again as .xlsx; return the new file."""
    if not SOFFICE.exists():
        pytest.fail(
            f"{SOFFICE} is missing: install LibreOffice with `sudo scripts/install-office.sh` "
            "(Debian's libreoffice-calc), then run the tests again"
        )
    out = workdir / "out"
    out.mkdir()
    run = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",  # its own profile
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(workdir)},
    )
    result = out / source.name
    assert run.returncode == 0 and result.exists(), (run.stdout, run.stderr)
    return result


def test_a_template_resaved_by_libreoffice_reads_back_the_same(tmp_path: Path) -> None:
    fw = load_framework("shandong-county-2022")
    values: dict[str, Any] = generate_cohort(fw, counties=1, seed=5, year=2023)["counties"][0][
        "values"
    ]
    values["i01.slogan_text"] = "=厚德文登，品优致远"  # text, however it begins
    values["i06.body_name"] = "@质量强区建设领导小组"
    meta = TemplateMeta(
        framework_id=fw.id,
        framework_version=fw.version,
        campaign="2023 年度质量强县创建",
        evaluation_year=2023,
        county="文登区",
        city="威海市",
        department=None,
        application_id=42,
        generated_at="2023-06-26T09:30:00+08:00",
    )
    source = tmp_path / "填报模板.xlsx"
    source.write_bytes(write_template(fw, meta, None, values))

    resaved = convert(source, tmp_path)
    assert resaved.read_bytes() != source.read_bytes()  # LibreOffice wrote its own file

    parsed = read_workbook(resaved.read_bytes(), fw)
    assert parsed.problems == []
    assert parsed.meta["application_id"] == 42 and parsed.meta["county"] == "文登区"
    assert set(parsed.values) == set(values)
    for key, want in values.items():
        if isinstance(want, float):
            assert parsed.values[key] == pytest.approx(want), key
        else:
            assert parsed.values[key] == want, key
    assert parsed.changes(values) == []
