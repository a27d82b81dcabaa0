"""The systemd unit of the worker runs a command that exists, with options it accepts."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from qcounty.web.operations.management.commands.run_worker import Command

UNIT = Path(__file__).resolve().parents[3] / "deploy" / "systemd" / "qcounty-worker.service"


def test_the_worker_unit_restarts_run_worker_with_the_production_environment() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(UNIT, encoding="utf-8")
    service = unit["Service"]
    assert service["Restart"] == "always" and int(service["RestartSec"]) > 0
    assert service["EnvironmentFile"] == "/etc/qcounty/production.env"
    program, manage, command, *options = shlex.split(service["ExecStart"].replace("%H", "app1"))
    assert (Path(program).name, manage, command) == ("python", "manage.py", "run_worker")
    parsed = Command().create_parser("manage.py", "run_worker").parse_args(options)
    assert parsed.worker_id == "app1-qcounty-worker"  # fixed per machine: see the unit's notes
