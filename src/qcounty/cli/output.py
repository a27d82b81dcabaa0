"""How the commands print points, a ranking table and one county's explanation."""

from __future__ import annotations

from collections import Counter

from rich.markup import escape
from rich.table import Table

from qcounty.cli.common import out
from qcounty.core.messages import Message
from qcounty.core.results import CountyResult, Status
from qcounty.core.scoring import CohortScore
from qcounty.core.wording import Wording, wording

DECIMALS = 2  # set from the policies of the command being run
UNRANKED = ((Status.INELIGIBLE, "prerequisite"), (Status.VETOED, "veto"))  # by the gate's kind


def use_decimals(n: int) -> None:
    """Print points with n decimals, as the policies of the command being run say."""
    global DECIMALS
    DECIMALS = n


def pts(x: float) -> str:
    """Return the points with the decimals of the command being run."""
    return f"{x:.{DECIMALS}f}"


def print_ranking(result: CohortScore, top: int | None = None, hint: str = "") -> None:
    """Print the cohort's ranking table."""
    f = result.framework
    first, _ = result.level_points()
    words = wording(f)
    short = [x.name.removeprefix("质量发展") or x.name for x in f.first_level]
    table = Table(title=escape(f"{f.name}：{len(result.counties)} 个{words.unit}评分排名"))
    table.add_column("排名", justify="right")
    table.add_column(escape(words.unit))
    cities = any(c.city for c in result.counties)  # units given without a city: no column
    if cities:
        table.add_column("所属市")
    grouped = bool(f.tiers) or f.grouping_attribute() is not None  # else no group columns
    if grouped:
        table.add_column(escape(words.grouping), justify="right")
    table.add_column("总分", justify="right")
    for name, x in zip(short, f.first_level, strict=True):
        table.add_column(escape(f"{name}({x.points:g})"), justify="right")
    if grouped:
        table.add_column(escape(f"{words.grouping}排名"), justify="right")
    table.add_column("状态")
    if result.grades is not None:
        table.add_column("等级")
    order = result.ranked()
    hidden = 0
    if top is not None and top < len(order):
        hidden = len(order) - top
        order = order[:top]
    for i in order:
        c = result.counties[i]
        status = Status(str(result.status[i]))
        style = None if status is Status.ELIGIBLE else "dim"
        grade = [] if result.grades is None else [escape(str(result.grades[i]) or "—")]
        table.add_row(
            str(result.ranks[i] or "—"),
            escape(c.name),
            *([escape(c.city)] if cities else []),
            *([str(c.tier) if words.by_tier else escape(words.group(c.tier))] if grouped else []),
            pts(float(result.totals[i])),
            *(pts(float(first[j, i])) for j in range(len(f.first_level))),
            *([str(result.tier_ranks[i] or "—")] if grouped else []),
            words.status(status),
            *grade,
            style=style,
        )
    out.print(table)
    if hidden:
        out.print(f"（只显示前 {top} 名，另有 {hidden} 个{words.short}未列出{hint}。）")
    counts = Counter(str(s) for s in result.status)
    kinds = {g.kind for g in f.gates}
    shown = [Status.ELIGIBLE] + [s for s, k in UNRANKED if k in kinds]
    both = "二者" if len(shown) == 3 else ""
    out.print(
        "；".join(f"{words.status(s)} {counts.get(s.value, 0)} 个" for s in shown)
        + (f"（{both}照常计分，但不参与排名）。" if len(shown) > 1 else "。")
    )


def print_county(r: CountyResult, words: Wording) -> None:
    """Print one county's indicator-by-indicator explanation (text escaped: ids are not markup)."""
    rank = f"第 {r.rank} 名" if r.rank else "不参与排名"
    group = words.group(r.tier)
    grade = f"，等级 {r.grade}" if r.grade else ""
    out.print(
        f"[bold]{escape(r.city + r.name)}[/bold]{escape(f'（{group}）') if group else ''}："
        f"总分 {pts(r.total)}，{rank}，{escape(words.status(r.status) + grade)}"
    )
    for m in r.notes:
        out.print(f"  {escape(m.render())}")
    for g in r.gates:
        mark = "[green]✓[/green]" if g.passed else "[red]✗[/red]"
        out.print(f"{mark} {escape(g.messages[-1].render())}")
        for m in g.messages[:-1]:
            out.print(f"    {_flag(m)}{escape(m.render())}")
    for title, levels in (("一级指标", r.first_level), ("二级指标", r.second_level)):
        out.print(
            escape(f"{title}：" + "；".join(f"{s.name} {pts(s.points)}/{s.max:g}" for s in levels))
        )
        for s in levels:
            for m in s.notes:
                out.print(f"    注：{escape(m.render())}")
    for ind in r.indicators:
        tier = f"（{words.tiered_note}）" if ind.tiered else ""
        out.print(
            f"\n[bold]{ind.number}. {escape(ind.name)}[/bold]{tier}  {pts(ind.points)} / {ind.max:g} 分"
        )
        for c in ind.criteria:
            out.print(f"  {escape(f'[{c.id}]')} {pts(c.points)} / {c.max:g}")
            for m in c.messages:
                out.print(f"      {_flag(m)}{escape(m.render())}")
        for m in ind.notes:
            out.print(f"    注：{escape(m.render())}")
    lost = sorted(r.indicators, key=lambda x: -x.lost)[:10]
    out.print(
        "\n[bold]失分最多的指标[/bold]："
        + "；".join(f"{x.number}（失 {pts(x.lost)} 分）" for x in lost if x.lost > 0.005)
    )
    review = r.review_needed
    if review:
        out.print("[bold]需人工复核[/bold]：")
        for line in review:
            out.print(f"  ⚑ {escape(line)}")


def _flag(m: Message) -> str:
    return "[yellow]⚑[/yellow] " if m.review else ""
