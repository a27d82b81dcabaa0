"""`qcounty check`: the plausibility flags of a cohort, or of one county against the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qcounty.cli.common import Stop, framework_named, load, out
from qcounty.core.cohort import parse_cohort, read_json


def check(
    cohort: Annotated[Path, typer.Argument(help="参评县数据文件（JSON）")],
    previous: Annotated[Path | None, typer.Option("--previous", help="上一期的参评县数据")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    county: Annotated[str | None, typer.Option("--county", help="只检查某县（自查）")] = None,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """数据合理性检查：按风险列出需要核实的数据（docs/plausibility.md）。"""
    from qcounty.cli_check import UnknownCounty, run_check

    f = framework_named(framework)
    parsed = load(lambda: parse_cohort(read_json(cohort), f))
    before = None if previous is None else load(lambda: parse_cohort(read_json(previous), f))
    try:
        run_check(f, parsed, before, county, as_json, out)
    except UnknownCounty as e:
        raise Stop(str(e)) from None
