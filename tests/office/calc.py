"""Drive LibreOffice Calc through UNO (tests/office/uno_calc.py) as a clerk would.

Needs LibreOffice and Debian's python3-uno (scripts/install-office.sh). Missing, the test fails
rather than skips: the import must be known to work on files a real spreadsheet program wrote.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

SOFFICE = Path("/usr/bin/soffice")
SYSTEM_PYTHON = Path("/usr/bin/python3")  # python3-uno belongs to the system interpreter
SCRIPT = Path(__file__).with_name("uno_calc.py")


def edit_in_calc(
    source: Path, target: Path, steps: list[dict[str, Any]], workdir: Path
) -> list[dict[str, Any]]:
    """Open source in Calc, do the steps, save as .xlsx at target; return what Calc did."""
    if not SOFFICE.exists() or not SYSTEM_PYTHON.exists():
        pytest.fail(
            "LibreOffice or python3-uno is missing: install them with "
            "`sudo scripts/install-office.sh`, then run the tests again"
        )
    job = workdir / "calc-job.json"
    job.write_text(
        json.dumps(
            {
                "source": str(source),
                "target": str(target),
                "profile": str(workdir / "calc-profile"),
                "steps": steps,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    script = subprocess.Popen(
        [str(SYSTEM_PYTHON), str(SCRIPT), str(job)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "HOME": str(workdir)},
        start_new_session=True,  # the script and the office it starts: one group to end
    )
    try:
        stdout, stderr = script.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(script.pid, signal.SIGKILL)
        stdout, stderr = script.communicate()
        pytest.fail(f"LibreOffice did not finish in 240 s: {stderr}")
    assert script.returncode == 0 and target.exists(), (stdout, stderr)
    report: list[dict[str, Any]] = json.loads(stdout.strip().splitlines()[-1])
    return report
