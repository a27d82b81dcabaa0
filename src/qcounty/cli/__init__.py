"""The command line: check and summarise frameworks, generate cohorts, score and explain.

Every number printed here comes from qcounty.core; this package only formats it, one module per
command group (framework, cohort, export/import, score, check, evaluate).
Bad input ends with a Chinese message and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys

import typer
from rich.markup import escape

from qcounty.cli import check, evaluate, office, score
from qcounty.cli.cohort import cohort_app
from qcounty.cli.common import Stop, err
from qcounty.cli.framework import framework_app
from qcounty.cli.score import write_json_stream

__all__ = ["app", "main", "write_json_stream"]

app = typer.Typer(
    help="质量强县创建评价系统（qcounty）命令行：评价体系检查、模拟数据、评分与解释。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(framework_app, name="framework")
app.add_typer(cohort_app, name="cohort")
app.add_typer(office.export_app, name="export")
app.command("import")(office.import_workbook)
app.command("score")(score.score)
app.command("check")(check.check)
app.command()(evaluate.evaluate)


def main() -> None:
    """Run the command line; bad input ends with a message and exit code 2."""
    try:
        app()  # standalone: typer reports usage errors itself, with exit code 2
    except Stop as e:
        err.print(f"[red]错误：[/red]{escape(str(e))}")
        sys.exit(e.code)
    except Exception as e:  # the last line of defence: a message, not a traceback
        if os.environ.get("QCOUNTY_DEBUG"):
            raise
        err.print(
            f"[red]程序内部错误：[/red]{type(e).__name__}: {escape(str(e))}"
            "（设置环境变量 QCOUNTY_DEBUG=1 可查看详细信息）"
        )
        sys.exit(1)
