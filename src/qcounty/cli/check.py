"""`qcounty check`: a cohort's plausibility flags (or one county's) as a Chinese table or JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from qcounty.cli.common import Stop, framework_named, load, out
from qcounty.core.cohort import Cohort, parse_cohort, read_json
from qcounty.core.framework.model import Framework
from qcounty.core.messages import fmt

if TYPE_CHECKING:
    from qcounty.core.plausibility import Flag

SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}
KIND_ZH = {
    "part_exceeds_whole": "部分大于整体",
    "ratio_mismatch": "比值与数量不符",
    "date_outside": "日期超出评价期",
    "duplicate_record": "重复记录",
    "jump": "较上期突变",
    "cumulative_fell": "累计数减少",
    "carry_mismatch": "与上期填报不一致",
    "peer_outlier": "明显偏离同梯队",
    "same_claim": "多县申报同一事项",
    "same_text": "多县文字雷同",
    "same_evidence": "多县佐证材料相同",
    "unbacked_tick": "勾选无活动记录",
    "uncounted": "数量多于记录",
}


class UnknownCounty(Exception):
    """The --county name matches no county of the cohort (or several)."""


def check(
    cohort: Annotated[Path, typer.Argument(help="参评县数据文件（JSON）")],
    previous: Annotated[Path | None, typer.Option("--previous", help="上一期的参评县数据")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    county: Annotated[str | None, typer.Option("--county", help="只检查某县（自查）")] = None,
    framework: Annotated[str, typer.Option(help="评价体系编号或文件")] = "shandong-county-2022",
) -> None:
    """数据合理性检查：按风险列出需要核实的数据（docs/plausibility.md）。"""
    f = framework_named(framework)
    parsed = load(lambda: parse_cohort(read_json(cohort), f))
    before = None if previous is None else load(lambda: parse_cohort(read_json(previous), f))
    try:
        run_check(f, parsed, before, county, as_json, out)
    except UnknownCounty as e:
        raise Stop(str(e)) from None


def run_check(
    framework: Framework,
    cohort: Cohort,
    previous: Cohort | None,
    county: str | None,
    as_json: bool,
    out: Console,
) -> None:
    """Check the cohort (or one county against the rest) and print the flags."""
    # imported when run: the other commands start without the plausibility checks
    from qcounty.core.plausibility import check_cohort, check_county

    if county is None:
        flags = check_cohort(framework, cohort, previous)
    else:
        flags = check_county(framework, _county(cohort, county), cohort, previous)
    if as_json:
        out.print_json(
            json.dumps(as_document(framework, cohort, flags, county), ensure_ascii=False)
        )
    else:
        print_flags(flags, out, one_county=county is not None)


def _county(cohort: Cohort, name: str) -> Any:
    found = [c for c in cohort.counties if name in (c.name, f"{c.city}{c.name}")]
    if len(found) != 1:
        names = "、".join(f"{c.city}{c.name}" for c in found)
        raise UnknownCounty(
            f"没有名为“{name}”的县。" if not found else f"“{name}”不止一个（{names}），请加上市名。"
        )
    return found[0]


def as_document(
    framework: Framework, cohort: Cohort, flags: list[Flag], county: str | None
) -> dict[str, Any]:
    """Return the flags as JSON data, with counts by kind and severity."""
    return {
        "framework": framework.id,
        "evaluation_year": cohort.year,
        "county": county,
        "counts": {
            "flags": len(flags),
            "by_kind": dict(Counter(f.kind for f in flags)),
            "by_severity": dict(Counter(f.severity for f in flags)),
            "counties": len({(f.city, f.county) for f in flags}),
        },
        # a county checking itself sees no other county's name
        "flags": [_own(f.as_json()) if county is not None else f.as_json() for f in flags],
    }


def _own(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "others": []}


def print_flags(flags: list[Flag], out: Console, *, one_county: bool = False) -> None:
    """Print the flags riskiest first, one row each, with a summary line."""
    if not flags:
        out.print("未发现需要核实的数据。")
        return
    table = Table(title="数据合理性检查（按风险排序）", show_lines=True)
    for name, justify in (("风险", "center"), ("应失分", "right"), ("县", "left")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("类别", no_wrap=True)
    table.add_column("说明")
    for f in flags:
        table.add_row(
            SEVERITY_ZH[f.severity],
            fmt(f.points_at_stake) if f.points_at_stake else "—",
            f"{f.city}{f.county}",
            KIND_ZH.get(f.kind, f.kind),
            f.explain() + ("" if one_county or not f.others else _others(f)),
        )
    out.print(table)
    severities = Counter(f.severity for f in flags)
    counties = len({(f.city, f.county) for f in flags})
    shown = "，".join(
        f"{SEVERITY_ZH[s]}风险 {severities[s]} 条" for s in SEVERITY_ZH if severities[s]
    )
    out.print(f"共 {len(flags)} 条（{shown}），涉及 {counties} 个县。")


def _others(f: Flag) -> str:
    return (
        "\n另见："
        + "、".join(f"{city}{name}" for city, name in f.others[:5])
        + (f" 等 {f.others_n} 个县" if f.others_n > 5 else "")
    )
