"""`qcounty cohort`: generate simulated cohort files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from qcounty.cli.common import Stop, err, framework_named, settled
from qcounty.core.synth import generate_cohort
from qcounty.core.wording import wording

cohort_app = typer.Typer(help="参评县（参评单位）数据：生成模拟数据。", no_args_is_help=True)


@cohort_app.command("generate")
def cohort_generate(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（JSON）")],
    counties: Annotated[
        int,
        typer.Option(
            help="参评单位（县、企业……）的数量；山东省的县超过 136 个时补充虚构的县",
            min=1,
            max=100_000,
        ),
    ] = 136,
    seed: Annotated[int, typer.Option(help="随机种子；相同种子生成相同文件")] = 7,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
    year: Annotated[int | None, typer.Option(help="评价年度（默认取评价体系的默认年度）")] = None,
) -> None:
    """生成模拟参评数据：山东省的体系用真实县名，其他体系用模拟单位；数值均为模拟值。"""
    f = framework_named(framework)
    with settled():  # hundreds of thousands of fresh acyclic values, as when loading
        data = generate_cohort(f, counties=counties, seed=seed, year=year)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as stream:
            write_cohort(data, stream)
    except OSError as e:
        raise Stop(f"无法写入 {output}：{e.strerror}") from None
    err.print(f"已生成 {counties} 个{wording(f).short}的模拟数据：{output}")


def write_cohort(data: dict[str, Any], stream: TextIO) -> None:
    """Write a cohort file with one county a line: readable, diffable and quick to write."""
    head = {k: v for k, v in data.items() if k != "counties"}
    stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "counties": [\n')
    last = len(data["counties"]) - 1
    for i, county in enumerate(data["counties"]):
        stream.write(json.dumps(county, ensure_ascii=False) + (",\n" if i < last else "\n"))
    stream.write("]}\n")
