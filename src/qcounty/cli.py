"""The command line: check and summarise frameworks, generate cohorts, score and explain.

Every number printed here comes from qcounty.core; this module only formats it.
Bad input ends with a Chinese message and exit code 2, never a traceback.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qcounty.core.cohort import CohortError, parse_cohort, parse_county, read_json
from qcounty.core.evaluate import (
    EvaluationError,
    Robustness,
    RobustnessSpec,
    leave_one_out,
    robustness,
    select,
)
from qcounty.core.framework.loader import FrameworkError, bundled_ids, load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies
from qcounty.core.results import STATUS_ZH, CountyResult, Status
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.core.selfassess import parse_targets, self_assess
from qcounty.core.synth import generate_cohort

app = typer.Typer(
    help="质量强县创建评价系统（qcounty）命令行：评价体系检查、模拟数据、评分与解释。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
framework_app = typer.Typer(help="评价体系文件：检查、概要。", no_args_is_help=True)
cohort_app = typer.Typer(help="参评县数据：生成模拟数据。", no_args_is_help=True)
app.add_typer(framework_app, name="framework")
app.add_typer(cohort_app, name="cohort")

out = Console(highlight=False, soft_wrap=True)
if not out.is_terminal:
    out.width = 160  # piped or redirected: keep the ranking table's columns whole
err = Console(stderr=True, highlight=False, soft_wrap=True)

BAD_INPUT = 2
TOP = 20  # rows of the ranking table unless --all
PROGRESS_FROM = 500  # show a progress bar for cohorts at least this large


class Stop(Exception):
    """End the command with a message in Chinese and an exit code."""

    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def _framework(name: str) -> Framework:
    try:
        return load_framework(name)
    except FrameworkError as e:
        raise Stop(f"评价体系文件有误：\n{e}") from None


def _policies(framework: Framework, given: list[str]) -> Any:
    overrides = {}
    for item in given:
        key, sep, value = item.partition("=")
        if not sep:
            raise Stop(f"政策设置“{item}”应写成 名称=取值，例如 ec_mapping=scaled")
        overrides[key.strip()] = value.strip()
    fields = Policies.model_fields
    for key, value in overrides.items():
        if key not in fields:
            raise Stop(f"政策设置无效：没有名为“{key}”的政策；可用：{'、'.join(fields)}")
        choices = getattr(fields[key].annotation, "__members__", None)
        if choices is not None and value not in {m.value for m in choices.values()}:
            allowed = "、".join(m.value for m in choices.values())
            raise Stop(f"政策设置无效：“{key}”不能取“{value}”；可选：{allowed}")
    try:
        return framework.policies.with_overrides(overrides)
    except ValueError:
        shown = "、".join(f"{k}={v}" for k, v in overrides.items())
        raise Stop(f"政策设置无效：{shown}（decimals 应为 0–6 的整数）") from None


# ------------------------------------------------------------------ framework


@framework_app.command("check")
def framework_check(
    files: Annotated[
        list[str] | None, typer.Argument(help="评价体系文件或编号；不填则检查全部内置体系")
    ] = None,
) -> None:
    """检查评价体系文件：结构、分值、引用、规则是否有效。"""
    names = files or bundled_ids()
    failed = 0
    for name in names:
        try:
            f = load_framework(name)
        except FrameworkError as e:
            failed += 1
            err.print(f"[red]✗[/red] {name}")
            for path, problem in e.problems:
                err.print(f"    {path or '(顶层)'}: {problem}")
            continue
        s = summary(f)
        out.print(
            f"[green]✓[/green] {name}：{s['first_level']} 个一级指标、{s['second_level']} 个二级指标、"
            f"{s['indicators']} 个三级指标、{s['criteria']} 条评分细则，共 {s['total_points']:g} 分"
        )
    if failed:
        raise Stop(f"{failed} 个评价体系文件未通过检查。")


@framework_app.command("summary")
def framework_summary(
    name: Annotated[str, typer.Argument(help="评价体系编号或文件")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """显示评价体系概要（由文件计算得出）。"""
    s = summary(_framework(name))
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
        "total_points": sum(i.points for i in indicators),
        "inputs": len(f.inputs()),
        "scored_inputs": sum(not x.informational for x in f.inputs()),
        "derived": len(f.derived()),
        "gates": [g.name for g in f.gates],
        "tiers": len(f.tiers),
        "tiered_indicators": [i.number for i in indicators if i.tiered],
        "units": len(f.units),
        "rule_kinds": dict(sorted(Counter(c.rule.kind for c in criteria).items())),
        "policies": f.policies.model_dump(mode="json"),
    }


# --------------------------------------------------------------------- cohort


@cohort_app.command("generate")
def cohort_generate(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（JSON）")],
    counties: Annotated[
        int, typer.Option(help="县的数量；超过 136 时补充虚构的县", min=1, max=100_000)
    ] = 136,
    seed: Annotated[int, typer.Option(help="随机种子；相同种子生成相同文件")] = 7,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
    year: Annotated[int | None, typer.Option(help="评价年度（默认取评价体系的默认年度）")] = None,
) -> None:
    """生成模拟参评县数据（山东省真实县名，数值为模拟值）。"""
    f = _framework(framework)
    with _settled():  # hundreds of thousands of fresh acyclic values, as when loading
        data = generate_cohort(f, counties=counties, seed=seed, year=year)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as stream:
            write_cohort(data, stream)
    except OSError as e:
        raise Stop(f"无法写入 {output}：{e.strerror}") from None
    err.print(f"已生成 {counties} 个县的模拟数据：{output}")


def write_cohort(data: dict[str, Any], stream: TextIO) -> None:
    """Write a cohort file with one county a line: readable, diffable and quick to write."""
    head = {k: v for k, v in data.items() if k != "counties"}
    stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "counties": [\n')
    last = len(data["counties"]) - 1
    for i, county in enumerate(data["counties"]):
        stream.write(json.dumps(county, ensure_ascii=False) + (",\n" if i < last else "\n"))
    stream.write("]}\n")


# -------------------------------------------------------------- office files

export_app = typer.Typer(
    help="导出 Excel/Word 文档：填报模板、附件2、工作任务分解表。", no_args_is_help=True
)
app.add_typer(export_app, name="export")


def _county_file(path: Path, f: Framework) -> Any:
    return _load(lambda: parse_county(read_json(path), f))


def _write(output: Path, content: bytes) -> None:
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
    except OSError as e:
        raise Stop(f"无法写入 {output}：{e.strerror}") from None
    err.print(f"已写入：{output}")


@export_app.command("template")
def export_template(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出的 .xlsx 文件")],
    county_file: Annotated[
        Path | None, typer.Option("--county-file", help="预先填入的县数据文件")
    ] = None,
    county: Annotated[str, typer.Option(help="县（市、区）名称")] = "",
    city: Annotated[str, typer.Option(help="所属地级市")] = "",
    year: Annotated[int | None, typer.Option(help="评价年度")] = None,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """导出 Excel 填报模板（全部指标）。"""
    from datetime import datetime

    from qcounty.core.cohort import county_to_json
    from qcounty.office.template import TemplateMeta, write_template

    f = _framework(framework)
    values = None
    if county_file is not None:
        c, year = _county_file(county_file, f)
        county, city, values = c.name, c.city, county_to_json(c)["values"]
    meta = TemplateMeta(
        framework_id=f.id,
        framework_version=f.version,
        campaign="",
        evaluation_year=year or f.default_evaluation_year,
        county=county,
        city=city,
        department=None,
        application_id=None,
        generated_at=datetime.now().isoformat(timespec="seconds"),
    )
    _write(output, write_template(f, meta, None, values))


@export_app.command("annex2")
def export_annex2(
    county_file: Annotated[Path, typer.Argument(help="县数据文件（qcounty-county/1）")],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（.docx 或 .xlsx）")],
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """导出附件2《重要指标》（Word 或 Excel，按输出文件的扩展名）。"""
    from qcounty.core.cohort import county_to_json
    from qcounty.office.annex2 import annex2_docx, annex2_xlsx

    f = _framework(framework)
    c, year = _county_file(county_file, f)
    writer = {".docx": annex2_docx, ".xlsx": annex2_xlsx}.get(output.suffix.lower())
    if writer is None:
        raise Stop("输出文件的扩展名应为 .docx 或 .xlsx")
    _write(output, writer(f, c.name, c.city, year, county_to_json(c)["values"]))


@export_app.command("score-sheet")
def export_score_sheet(
    county_file: Annotated[Path, typer.Argument(help="县数据文件（qcounty-county/1）")],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（.xlsx 或 .docx）")],
    reference: Annotated[
        Path, typer.Option("--reference", help="参照：参评县数据文件或目标值文件")
    ],
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """导出工作任务分解表（自评得分及每一处失分的原因）。"""
    from qcounty.office.score_sheet import score_sheet_docx, score_sheet_xlsx

    f = _framework(framework)
    c, year = _county_file(county_file, f)
    ref_data = _load(lambda: read_json(reference))
    if isinstance(ref_data, dict) and ref_data.get("format") == "qcounty-targets/1":
        ref: Any = _load(lambda: parse_targets(ref_data, f))
    else:
        ref = _load(lambda: parse_cohort(ref_data, f))
    result = _load(lambda: self_assess(f, c, year, ref))
    writer = {".docx": score_sheet_docx, ".xlsx": score_sheet_xlsx}.get(output.suffix.lower())
    if writer is None:
        raise Stop("输出文件的扩展名应为 .docx 或 .xlsx")
    _write(output, writer(f, result, {}))


@app.command("import")
def import_workbook(
    workbook: Annotated[Path, typer.Argument(help="填好的 Excel 填报模板（.xlsx）")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查，列出将要导入的内容和问题")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写出县数据文件（qcounty-county/1）")
    ] = None,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """检查并导入 Excel 填报模板：列出每个问题（工作表、行、项目）；无问题时写出县数据文件。"""
    from qcounty.office.reader import read_workbook
    from qcounty.office.shown import value_text

    f = _framework(framework)
    try:
        data = workbook.read_bytes()
    except OSError as e:
        raise Stop(f"无法读取 {workbook}：{e.strerror}") from None
    parsed = read_workbook(data, f)
    if parsed.refused:
        raise Stop(f"{workbook.name} 未导入：{parsed.problems[0]}")
    if parsed.values:
        table = Table(title=f"{workbook.name}：填写了 {len(parsed.values)} 项")
        table.add_column("项目", max_width=40)
        table.add_column("取值", max_width=70, no_wrap=True, overflow="ellipsis")
        for key, value in parsed.values.items():
            spec = f.input_or_none(key)
            table.add_row(f.value_label(key) if spec else key, _short(value_text(spec, value)))
        out.print(table)
    else:
        out.print(f"{workbook.name}：没有填写任何项目。")
    for note in parsed.notes:
        err.print(f"说明：{note}")
    for p in parsed.problems:
        err.print(f"[red]✗[/red] {p}")
    if parsed.problems:
        raise Stop(f"{len(parsed.problems)} 个问题，未导入。")
    if dry_run or output is None:
        return
    meta = parsed.meta
    values: dict[str, Any] = dict(parsed.values)
    for x in f.inputs():
        if not x.informational and x.key not in values:
            values[x.key] = None  # not in the workbook: not reported
    data_out = {
        "format": "qcounty-county/1",
        "framework": f.id,
        "evaluation_year": meta.get("evaluation_year") or f.default_evaluation_year,
        "county": {"name": meta.get("county", ""), "city": meta.get("city", ""), "values": values},
    }
    _write(output, (json.dumps(data_out, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _short(text: str, lines: int = 6) -> str:
    """Return text cut to a few lines of a table cell, saying how many were left out."""
    rows = text.split("\n")
    if len(rows) > lines:
        rows = [*rows[: lines - 1], f"……另有 {len(rows) - lines + 1} 行"]
    return "\n".join(rows)


# ---------------------------------------------------------------------- score


@app.command("score")
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
    f = _framework(framework)
    policies = _policies(f, policy or [])
    global DECIMALS
    DECIMALS = policies.decimals
    if self_assess_file is not None:
        _self_assess(f, self_assess_file, reference, as_json, policies)
        return
    if cohort is None:
        raise Stop("请给出参评县数据文件，或用 --self-assess 做自评。")
    with _settled():
        parsed = _load(lambda: parse_cohort(read_json(cohort), f))
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
            print_county(r, result)
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


@app.command("check")
def check(
    cohort: Annotated[Path, typer.Argument(help="参评县数据文件（JSON）")],
    previous: Annotated[Path | None, typer.Option("--previous", help="上一期的参评县数据")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    county: Annotated[str | None, typer.Option("--county", help="只检查某县（自查）")] = None,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """数据合理性检查：按风险列出需要核实的数据（docs/plausibility.md）。"""
    from qcounty.cli_check import UnknownCounty, run_check

    f = _framework(framework)
    parsed = _load(lambda: parse_cohort(read_json(cohort), f))
    before = None if previous is None else _load(lambda: parse_cohort(read_json(previous), f))
    try:
        run_check(f, parsed, before, county, as_json, out)
    except UnknownCounty as e:
        raise Stop(str(e)) from None


@app.command()
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
    f = _framework(framework)
    policies = _policies(f, policy or [])
    global DECIMALS
    DECIMALS = policies.decimals
    with _settled():
        parsed = _load(lambda: parse_cohort(read_json(cohort), f))
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
        out.print(f"[yellow]注意：{tied} 并列末位，入选县数超过名额。[/yellow]")
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
    varied = "、".join(spec.policies) or "无"
    table = Table(
        title=(
            f"稳健性分析：{spec.replications} 次模拟，权重 ±{spec.weight_noise:.0%}，"
            f"随机政策：{varied}，种子 {spec.seed}"
        )
    )
    for col in (
        "排名",
        "县（市、区）",
        "总分",
        "排名中位数",
        "5%–95% 排名区间",
        f"进入前{spec.top}名概率",
    ):
        table.add_column(col, justify="left" if col == "县（市、区）" else "right")
    shown = [i for i in rob.order() if rob.p_top[i] > 0 or rob.base_ranks[i] <= spec.top]
    for i in shown:
        table.add_row(
            str(rob.base_ranks[i]),
            _name(result, i),
            _p(float(result.totals[i])),
            f"{rob.rank_median[i]:.0f}",
            f"{rob.rank_low[i]:.0f}–{rob.rank_high[i]:.0f}",
            f"{rob.p_top[i]:.1%}",
        )
    out.print(table)
    uncertain = rob.uncertain
    names = "、".join(_name(result, i) for i in uncertain) or "无"
    out.print(f"入选不确定（0.05 < 概率 < 0.95）的县：{len(uncertain)} 个（{names}）")


@contextmanager
def _settled() -> Iterator[None]:
    """Load and score without the cyclic collector, then freeze what stays until the exit.

    A national cohort is millions of small acyclic objects (the JSON, the typed values):
    each collection while building them would walk them all again, for nothing.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _load(f: Any) -> Any:
    try:
        return f()
    except CohortError as e:
        raise Stop("数据文件有误：\n" + "\n".join(f"  - {p}" for p in e.problems)) from None


def write_json_stream(head: dict[str, Any], result: CohortScore, stream: TextIO) -> None:
    """Write the full results as one JSON object, county by county, holding one at a time.

    The text is the one `json.dumps` gives for the whole document: the head's items, then
    "counties" with each county's result.
    """
    opening = json.dumps(head, ensure_ascii=False)
    stream.write(opening[:-1] + (", " if head else "") + '"counties": [')
    n = len(result.counties)
    with _progress(n, "生成评分解释") as advance:
        for i in range(n):
            if i:
                stream.write(", ")
            # each result is dropped once written: memory stays one county deep
            stream.write(json.dumps(result.county(i).to_dict(), ensure_ascii=False))
            advance()
    stream.write("]}\n")


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """Yield a function to call per item: a progress bar on a terminal for large totals."""
    if total < PROGRESS_FROM or not err.is_terminal:
        yield lambda: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def _self_assess(
    f: Framework, county_file: Path, reference: Path | None, as_json: bool, policies: Policies
) -> None:
    if reference is None:
        raise Stop("自评需要参照：--reference 参评县数据文件或目标值文件。")
    county, year = _load(lambda: parse_county(read_json(county_file), f))
    ref_data = _load(lambda: read_json(reference))
    if isinstance(ref_data, dict) and ref_data.get("format") == "qcounty-targets/1":
        ref: Any = _load(lambda: parse_targets(ref_data, f))
    else:
        ref = _load(lambda: parse_cohort(ref_data, f))
    r = _load(lambda: self_assess(f, county, year, ref, policies))
    if as_json:
        data = r.to_dict() | {"floor": r.floor, "ceiling": r.ceiling}
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    print_county(r, None)
    table = Table(title="按功效系数法计分的细则：保底（d=60）— 估计 — 上限（d=100）")
    for col in ("序号", "细则", "保底", "估计", "上限", "满分"):
        table.add_column(col, justify="right" if col not in ("细则",) else "left")
    for ind in r.indicators:
        for c in ind.criteria:
            if c.floor is None:
                continue
            table.add_row(
                str(ind.number), c.id, _p(c.floor), _p(c.points), _p(c.ceiling or 0), _p(c.max)
            )
    out.print(table)
    out.print(f"总分：保底 {_p(r.floor)} — 估计 {_p(r.total)} — 上限 {_p(r.ceiling)}（满分 100）")


# --------------------------------------------------------------------- output


DECIMALS = 2  # set from the policies of the command being run


def _p(x: float) -> str:
    return f"{x:.{DECIMALS}f}"


def print_ranking(result: CohortScore, top: int | None = None, hint: str = "") -> None:
    """Print the cohort's ranking table."""
    f = result.framework
    first, _ = result.level_points()
    short = [x.name.removeprefix("质量发展") or x.name for x in f.first_level]
    table = Table(title=f"{f.name}：{len(result.counties)} 个县（市、区）评分排名")
    table.add_column("排名", justify="right")
    table.add_column("县（市、区）")
    table.add_column("所属市")
    table.add_column("梯队", justify="right")
    table.add_column("总分", justify="right")
    for name, x in zip(short, f.first_level, strict=True):
        table.add_column(f"{name}({x.points:g})", justify="right")
    table.add_column("梯队排名", justify="right")
    table.add_column("状态")
    order = result.ranked()
    hidden = 0
    if top is not None and top < len(order):
        hidden = len(order) - top
        order = order[:top]
    for i in order:
        c = result.counties[i]
        status = Status(str(result.status[i]))
        style = None if status is Status.ELIGIBLE else "dim"
        table.add_row(
            str(result.ranks[i] or "—"),
            c.name,
            c.city,
            str(c.tier),
            _p(float(result.totals[i])),
            *(_p(float(first[j, i])) for j in range(len(f.first_level))),
            str(result.tier_ranks[i] or "—"),
            STATUS_ZH[status],
            style=style,
        )
    out.print(table)
    if hidden:
        out.print(f"（只显示前 {top} 名，另有 {hidden} 个县未列出{hint}。）")
    counts = Counter(str(s) for s in result.status)
    out.print(
        f"参评 {counts.get('eligible', 0)} 个；取消创建资格 {counts.get('ineligible', 0)} 个；"
        f"一票否决 {counts.get('vetoed', 0)} 个（二者照常计分，但不参与排名）。"
    )


def print_county(r: CountyResult, result: CohortScore | None) -> None:
    """Print one county's indicator-by-indicator explanation."""
    rank = f"第 {r.rank} 名" if r.rank else "不参与排名"
    out.print(
        f"[bold]{r.city}{r.name}[/bold]（第{r.tier}梯队）：总分 {_p(r.total)}，{rank}，{STATUS_ZH[r.status]}"
    )
    for g in r.gates:
        mark = "[green]✓[/green]" if g.passed else "[red]✗[/red]"
        out.print(f"{mark} {g.messages[-1].render()}")
        for m in g.messages[:-1]:
            flag = "[yellow]⚑[/yellow] " if m.review else ""
            out.print(f"    {flag}{m.render()}")
    out.print("一级指标：" + "；".join(f"{s.name} {_p(s.points)}/{s.max:g}" for s in r.first_level))
    out.print(
        "二级指标：" + "；".join(f"{s.name} {_p(s.points)}/{s.max:g}" for s in r.second_level)
    )
    for ind in r.indicators:
        tier = "（分档）" if ind.tiered else ""
        out.print(
            f"\n[bold]{ind.number}. {ind.name}[/bold]{tier}  {_p(ind.points)} / {ind.max:g} 分"
        )
        for c in ind.criteria:
            out.print(f"  [{c.id}] {_p(c.points)} / {c.max:g}")
            for m in c.messages:
                flag = "[yellow]⚑[/yellow] " if m.review else ""
                out.print(f"      {flag}{m.render()}")
        for m in ind.notes:
            out.print(f"    注：{m.render()}")
    lost = sorted(r.indicators, key=lambda x: -x.lost)[:10]
    out.print(
        "\n[bold]失分最多的指标[/bold]："
        + "；".join(f"{x.number}（失 {_p(x.lost)} 分）" for x in lost if x.lost > 0.005)
    )
    review = r.review_needed
    if review:
        out.print("[bold]需人工复核[/bold]：")
        for line in review:
            out.print(f"  ⚑ {line}")


def main() -> None:
    """Run the command line; bad input ends with a message and exit code 2."""
    try:
        app()  # standalone: typer reports usage errors itself, with exit code 2
    except Stop as e:
        err.print(f"[red]错误：[/red]{e}")
        sys.exit(e.code)
    except Exception as e:  # the last line of defence: a message, not a traceback
        if os.environ.get("QCOUNTY_DEBUG"):
            raise
        err.print(
            f"[red]程序内部错误：[/red]{type(e).__name__}: {e}"
            "（设置环境变量 QCOUNTY_DEBUG=1 可查看详细信息）"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
