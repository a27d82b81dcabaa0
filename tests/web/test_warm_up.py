"""The WSGI application is ready before its first request: no user waits for imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_loading_the_wsgi_application_imports_the_views_and_parses_the_frameworks(
    tmp_path: Path,
) -> None:
    script = (
        "import sys, qcounty.web.wsgi\n"
        "from django.urls import get_resolver\n"
        "from qcounty.core.framework.loader import _load\n"
        "print('qcounty.web.documents.views' in sys.modules, get_resolver()._populated,\n"
        "      _load.cache_info().currsize > 0)\n"
    )
    env = {"PYTHONPATH": str(SRC), "QCOUNTY_VAR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]
