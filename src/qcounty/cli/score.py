"""`qcounty score`: the ranking, the full results, one county's explanation, a self-assessment."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.markup import escape
from rich.table import Table

from qcounty.cli.common import Stop, framework_named, load, out, policies_with, progress, settled
from qcounty.cli.output import print_county, print_ranking, pts, use_decimals
from qcounty.core.cohort import parse_cohort, parse_county, read_json
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.core.selfassess import parse_targets, self_assess
from qcounty.core.wording import wording

TOP = 20  # rows of the ranking table unless --all


def score(
    cohort: Annotated[Path | None, typer.Argument(help="参评县数据文件（JSON）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出完整评分结果（JSON）")] = False,
    county: Annotated[str | None, typer.Option("--county", help="显示某县逐项得分及理由")] = None,
    self_assess_file: Annotated[
        Path | None, typer.Option("--self-assess", help="单个县的数据文件，做自评")
    ] = None,
    reference: Annotated[
        Path | None, typer.Option("--reference", help="自评参照：参评县数据文件或目标值文件")
    ] = None,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
    policy: Annotated[
        list[str] | None, typer.Option("--policy", help="覆盖计分政策，如 ec_mapping=scaled")
    ] = None,
    top: Annotated[int, typer.Option(help="排名表只显示前 N 名", min=1)] = TOP,
    show_all: Annotated[bool, typer.Option("--all", help="排名表显示全部县")] = False,
) -> None:
    """评分：排名表、完整结果（--json）、单县解释（--county）或自评（--self-assess）。"""
    f = framework_named(framework)
    policies = policies_with(f, policy or [])
    use_decimals(policies.decimals)
    if self_assess_file is not None:
        _self_assess(f, self_assess_file, reference, as_json, policies)
        return
    if cohort is None:
        raise Stop("请给出参评县数据文件，或用 --self-assess 做自评。")
    with settled():
        parsed = load(lambda: parse_cohort(read_json(cohort), f))
        result = score_cohort(f, parsed, policies=policies)
    if county is not None:
        try:
            i = result.index(county)
        except KeyError as e:
            raise Stop(f"{e.args[0]}。") from None
        r = result.county(i)
        if as_json:
            out.print_json(json.dumps(r.to_dict(), ensure_ascii=False))
        else:
            print_county(r, wording(f))
        return
    if as_json:
        head = {
            "framework": f.id,
            "evaluation_year": parsed.year,
            "policies": policies.model_dump(mode="json"),
        }
        write_json_stream(head, result, sys.stdout)
        return
    print_ranking(result, None if show_all else top, "；--all 显示全部，--top N 显示前 N 名")


def write_json_stream(head: dict[str, Any], result: CohortScore, stream: TextIO) -> None:
    """Write the full results as one JSON object, county by county, holding one at a time.

    The text is the one `json.dumps` gives for the whole document: the head's items, then
    "counties" with each county's result.
    """
    opening = json.dumps(head, ensure_ascii=False)
    stream.write(opening[:-1] + (", " if head else "") + '"counties": [')
    n = len(result.counties)
    with progress(n, "生成评分解释") as advance:
        for i in range(n):
            if i:
                stream.write(", ")
            # each result is dropped once written: memory stays one county deep
            stream.write(json.dumps(result.county(i).to_dict(), ensure_ascii=False))
            advance()
    stream.write("]}\n")


def _self_assess(
    f: Framework, county_file: Path, reference: Path | None, as_json: bool, policies: Policies
) -> None:
    if reference is None:
        raise Stop("自评需要参照：--reference 参评县数据文件或目标值文件。")
    county, year = load(lambda: parse_county(read_json(county_file), f))
    ref_data = load(lambda: read_json(reference))
    if isinstance(ref_data, dict) and ref_data.get("format") == "qcounty-targets/1":
        ref: Any = load(lambda: parse_targets(ref_data, f))
    else:
        ref = load(lambda: parse_cohort(ref_data, f))
    r = load(lambda: self_assess(f, county, year, ref, policies))
    if as_json:
        data = r.to_dict() | {"floor": r.floor, "ceiling": r.ceiling}
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    print_county(r, wording(f))
    table = Table(title="按功效系数法计分的细则：保底（d=60）— 估计 — 上限（d=100）")
    for col in ("序号", "细则", "保底", "估计", "上限", "满分"):
        table.add_column(col, justify="right" if col not in ("细则",) else "left")
    for ind in r.indicators:
        for c in ind.criteria:
            if c.floor is None:
                continue
            table.add_row(
                str(ind.number),
                escape(c.id),
                pts(c.floor),
                pts(c.points),
                pts(c.ceiling or 0),
                pts(c.max),
            )
    out.print(table)
    out.print(
        f"总分：保底 {pts(r.floor)} — 估计 {pts(r.total)} — 上限 {pts(r.ceiling)}（满分 100）"
    )
