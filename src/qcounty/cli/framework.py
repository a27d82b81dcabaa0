"""`qcounty framework`: check framework files and summarise one."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from qcounty.cli.common import Stop, err, framework_named, load, out
from qcounty.core.cohort import CohortError, read_json
from qcounty.core.framework.loader import FrameworkError, bundled_ids, load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.framework.summary import structure_summary
from qcounty.core.selfassess import parse_targets

framework_app = typer.Typer(help="评价体系文件：检查、概要。", no_args_is_help=True)


@framework_app.command("check")
def framework_check(
    files: Annotated[
        list[str] | None, typer.Argument(help="评价体系文件或编号；不填则检查全部内置体系")
    ] = None,
    targets: Annotated[
        Path | None,
        typer.Option("--targets", help="同时检查目标值文件（qcounty-targets/1，按所属评价体系）"),
    ] = None,
) -> None:
    """检查评价体系文件：结构、分值、引用、规则是否有效。"""
    if targets is not None:
        _check_targets(targets, files or [])
        return
    names = files or bundled_ids()
    failed = 0
    for name in names:
        try:
            f = load_framework(name)
        except FrameworkError as e:
            failed += 1
            err.print(f"[red]✗[/red] {escape(name)}")
            for path, problem in e.problems:
                err.print(escape(f"    {path or '(顶层)'}: {problem}"))
            continue
        s = summary(f)
        out.print(
            f"[green]✓[/green] {name}：{s['first_level']} 个一级指标、{s['second_level']} 个二级指标、"
            f"{s['indicators']} 个三级指标、{s['criteria']} 条评分细则，共 {s['total_points']:g} 分"
        )
        for line in [*s["caps"], *s["aggregation"], *s["blocks"]]:
            out.print(f"    {escape(line)}")
        if s["grades"]:
            out.print(f"    等级：{escape(s['grades'])}")
    if failed:
        raise Stop(f"{failed} 个评价体系文件未通过检查。")


def _check_targets(path: Path, files: list[str]) -> None:
    """Check a targets file against its scheme (the one named, or the one it names)."""
    data = load(lambda: read_json(path))
    if len(files) > 1:
        raise Stop("检查目标值文件时只能指定一个评价体系。")
    name = files[0] if files else str(data.get("framework", "")) if isinstance(data, dict) else ""
    if not name:
        raise Stop("目标值文件没有写明所属评价体系（framework），请在命令中指定。")
    f = framework_named(name)
    try:
        found = parse_targets(data, f)
    except CohortError as e:
        err.print(f"[red]✗[/red] {escape(str(path))}")
        for problem in e.problems:
            err.print(f"    {escape(problem)}")
        raise Stop("目标值文件未通过检查。") from None
    out.print(
        f"[green]✓[/green] {escape(str(path))}：{len(found)} 项按功效系数法计分的指标值有目标值"
        f"（{escape(f.name)}）"
    )


@framework_app.command("summary")
def framework_summary(
    name: Annotated[str, typer.Argument(help="评价体系编号或文件")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """显示评价体系概要（由文件计算得出）。"""
    s = summary(framework_named(name))
    if as_json:
        out.print_json(json.dumps(s, ensure_ascii=False))
        return
    table = Table(title=f"{s['name']}（{s['id']}）", show_header=False)
    labels = {
        "first_level": "一级指标",
        "second_level": "二级指标",
        "indicators": "三级指标",
        "criteria": "评分细则",
        "total_points": "总分",
        "inputs": "填报字段",
        "derived": "派生指标值",
        "tiered_indicators": "分档评价指标",
        "gates": "前置/否决项",
        "units": "责任单位",
        "rule_kinds": "计分规则",
        "caps": "封顶",
        "aggregation": "汇总方式",
        "blocks": "加分/扣分项",
        "grades": "等级",
    }
    for key, label in labels.items():
        value = s[key]
        if isinstance(value, dict):
            value = "、".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = "、".join(str(v) for v in value)
        table.add_row(label, str(value))
    out.print(table)


def summary(f: Framework) -> dict[str, Any]:
    """Return the framework's shape, counted from the file."""
    indicators = f.indicators()
    criteria = [c for i in indicators for c in i.criteria]
    return {
        "id": f.id,
        "name": f.name,
        "version": f.version,
        "first_level": len(f.first_level),
        "second_level": sum(len(x.second_level) for x in f.first_level),
        "indicators": len(indicators),
        "criteria": len(criteria),
        "total_points": f.total_points,
        "inputs": len(f.inputs()),
        "scored_inputs": sum(not x.informational for x in f.inputs()),
        "derived": len(f.derived()),
        "gates": [g.name for g in f.gates],
        "tiers": len(f.tiers),
        "tiered_indicators": [i.number for i in indicators if i.tiered],
        "units": len(f.units),
        "rule_kinds": dict(sorted(Counter(c.rule.kind for c in criteria).items())),
        "policies": f.policies.model_dump(mode="json"),
        **structure_summary(f),
    }
