"""`qcounty export` and `qcounty import`: the Excel/Word templates, annex 2, the score sheet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from qcounty.cli.common import Stop, err, framework_named, load, out, write_file
from qcounty.core.cohort import parse_cohort, parse_county, read_json
from qcounty.core.framework.model import Framework
from qcounty.core.selfassess import parse_targets, self_assess

export_app = typer.Typer(
    help="导出 Excel/Word 文档：评价指标体系表、填报模板、附件2、工作任务分解表。",
    no_args_is_help=True,
)


def _county_file(path: Path, f: Framework) -> Any:
    return load(lambda: parse_county(read_json(path), f))


@export_app.command("scheme")
def export_scheme(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（.docx 或 .xlsx）")],
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """导出评价指标体系表（一级、二级、三级指标，分值，评价标准，数据来源）。"""
    from qcounty.office.scheme_table import scheme_table_docx, scheme_table_xlsx

    f = framework_named(framework)
    writer = {".docx": scheme_table_docx, ".xlsx": scheme_table_xlsx}.get(output.suffix.lower())
    if writer is None:
        raise Stop("输出文件的扩展名应为 .docx 或 .xlsx")
    write_file(output, writer(f))


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

    f = framework_named(framework)
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
    write_file(output, write_template(f, meta, None, values))


@export_app.command("annex2")
def export_annex2(
    county_file: Annotated[Path, typer.Argument(help="县数据文件（qcounty-county/1）")],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（.docx 或 .xlsx）")],
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """导出附件2《重要指标》（Word 或 Excel，按输出文件的扩展名）。"""
    from qcounty.core.cohort import county_to_json
    from qcounty.office.annex2 import annex2_docx, annex2_xlsx

    f = framework_named(framework)
    c, year = _county_file(county_file, f)
    writer = {".docx": annex2_docx, ".xlsx": annex2_xlsx}.get(output.suffix.lower())
    if writer is None:
        raise Stop("输出文件的扩展名应为 .docx 或 .xlsx")
    write_file(output, writer(f, c.name, c.city, year, county_to_json(c)["values"]))


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

    f = framework_named(framework)
    c, year = _county_file(county_file, f)
    ref_data = load(lambda: read_json(reference))
    if isinstance(ref_data, dict) and ref_data.get("format") == "qcounty-targets/1":
        ref: Any = load(lambda: parse_targets(ref_data, f))
    else:
        ref = load(lambda: parse_cohort(ref_data, f))
    result = load(lambda: self_assess(f, c, year, ref))
    writer = {".docx": score_sheet_docx, ".xlsx": score_sheet_xlsx}.get(output.suffix.lower())
    if writer is None:
        raise Stop("输出文件的扩展名应为 .docx 或 .xlsx")
    write_file(output, writer(f, result, {}))


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

    f = framework_named(framework)
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
    write_file(output, (json.dumps(data_out, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _short(text: str, lines: int = 6) -> str:
    """Return text cut to a few lines of a table cell, saying how many were left out."""
    rows = text.split("\n")
    if len(rows) > lines:
        rows = [*rows[: lines - 1], f"……另有 {len(rows) - lines + 1} 行"]
    return "\n".join(rows)
