"""`qcounty evaluate`: the province's ranking, selection, robustness and leave-one-out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qcounty.cli.common import Stop, err, framework_named, load, out, policies_with, settled
from qcounty.cli.output import print_ranking, pts, use_decimals
from qcounty.core.cohort import parse_cohort, read_json
from qcounty.core.evaluate import (
    EvaluationError,
    Robustness,
    RobustnessSpec,
    leave_one_out,
    robustness,
    select,
)
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.core.wording import wording


def evaluate(
    cohort: Annotated[Path, typer.Argument(help="参评县数据文件（JSON）")],
    robustness_n: Annotated[
        int, typer.Option("--robustness", help="稳健性分析的模拟次数（0：不做）")
    ] = 0,
    seed: Annotated[int, typer.Option(help="随机种子；相同种子得到完全相同的结果")] = 0,
    noise: Annotated[float, typer.Option(help="权重扰动幅度，0.1 即 ±10%")] = 0.1,
    vary: Annotated[
        list[str] | None,
        typer.Option("--vary", help="随机抽取的计分政策（可多次给出），如 ec_mapping"),
    ] = None,
    titles: Annotated[int, typer.Option("--titles", help="认定名额（前 N 名）")] = 10,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
    policy: Annotated[
        list[str] | None, typer.Option("--policy", help="覆盖计分政策，如 ec_mapping=scaled")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """省级评价：排名、拟认定名单、稳健性分析（--robustness N --seed S）、逐项剔除分析。"""
    f = framework_named(framework)
    policies = policies_with(f, policy or [])
    use_decimals(policies.decimals)
    with settled():
        parsed = load(lambda: parse_cohort(read_json(cohort), f))
        result = score_cohort(f, parsed, policies=policies)
    spec = RobustnessSpec(
        replications=max(robustness_n, 1),
        weight_noise=noise,
        policies=tuple(vary or ()),
        seed=seed,
        top=titles,
    )
    try:
        if robustness_n < 0:
            raise EvaluationError("模拟次数不能为负数")
        spec.check(len(result.counties), len(f.indicators()))
        chosen = select(result, titles)
        left = leave_one_out(result, titles)
        rob = _robustness(result, spec) if robustness_n > 0 else None
    except EvaluationError as e:
        raise Stop(f"{e}。") from None
    if as_json:
        data: dict[str, Any] = {
            "framework": f.id,
            "evaluation_year": parsed.year,
            "policies": policies.model_dump(mode="json"),
            "titles": titles,
            "selected": [_name(result, i) for i in chosen.selected],
            "tied_at_boundary": [_name(result, i) for i in chosen.tied_at_boundary],
            "ranking": [
                {
                    "name": result.counties[i].name,
                    "city": result.counties[i].city,
                    "tier": result.counties[i].tier,
                    "status": str(result.status[i]),
                    "total": round(float(result.totals[i]), 6),
                    "rank": int(result.ranks[i]) or None,
                    "tier_rank": int(result.tier_ranks[i]) or None,
                }
                for i in result.ranked()
            ],
            "leave_one_out": [
                {
                    "indicator": x.indicator,
                    "name": x.name,
                    "entering": [_name(result, i) for i in x.entering],
                    "leaving": [_name(result, i) for i in x.leaving],
                }
                for x in left
                if x.changes_selection
            ],
            "robustness": rob.to_json() if rob is not None else None,
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    print_ranking(result, max(titles, 20))
    out.print(f"拟认定（前 {titles} 名）：" + "、".join(_name(result, i) for i in chosen.selected))
    if chosen.tied_at_boundary:
        tied = "、".join(_name(result, i) for i in chosen.tied_at_boundary)
        short = wording(result.framework).short
        out.print(f"[yellow]注意：{tied} 并列末位，入选{short}数超过名额。[/yellow]")
    changing = [x for x in left if x.changes_selection]
    out.print(f"逐项剔除：剔除 {len(changing)} 个指标中的任一个会改变前 {titles} 名。")
    for x in changing:
        parts = []
        if x.entering:
            parts.append("进入：" + "、".join(_name(result, i) for i in x.entering))
        if x.leaving:
            parts.append("退出：" + "、".join(_name(result, i) for i in x.leaving))
        name = x.name.rstrip("。")
        name = name if len(name) <= 24 else name[:23] + "…"
        out.print(f"  剔除指标 {x.indicator}（{name}）：{'；'.join(parts)}")
    if rob is not None:
        print_robustness(result, rob)


def _name(result: CohortScore, i: int) -> str:
    c = result.counties[i]
    return c.city + c.name


def _robustness(result: CohortScore, spec: RobustnessSpec) -> Robustness:
    if not err.is_terminal:
        return robustness(result, spec)
    columns = (TextColumn("稳健性分析"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("robustness", total=spec.replications)
        return robustness(result, spec, lambda done, _: progress.update(task, completed=done))


def print_robustness(result: CohortScore, rob: Robustness) -> None:
    """Print the robustness figures of the counties that matter for the selection."""
    spec = rob.spec
    words = wording(result.framework)
    varied = "、".join(spec.policies) or "无"
    table = Table(
        title=(
            f"稳健性分析：{spec.replications} 次模拟，权重 ±{spec.weight_noise:.0%}，"
            f"随机政策：{varied}，种子 {spec.seed}"
        )
    )
    for col in (
        "排名",
        words.unit,
        "总分",
        "排名中位数",
        "5%–95% 排名区间",
        f"进入前{spec.top}名概率",
    ):
        table.add_column(col, justify="left" if col == words.unit else "right")
    shown = [i for i in rob.order() if rob.p_top[i] > 0 or rob.base_ranks[i] <= spec.top]
    for i in shown:
        table.add_row(
            str(rob.base_ranks[i]),
            _name(result, i),
            pts(float(result.totals[i])),
            f"{rob.rank_median[i]:.0f}",
            f"{rob.rank_low[i]:.0f}–{rob.rank_high[i]:.0f}",
            f"{rob.p_top[i]:.1%}",
        )
    out.print(table)
    uncertain = rob.uncertain
    names = "、".join(_name(result, i) for i in uncertain) or "无"
    out.print(f"入选不确定（0.05 < 概率 < 0.95）的{words.short}：{len(uncertain)} 个（{names}）")
