"""The scheme's shape above the indicator in words: capped nodes, blocks, aggregation, grades."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qcounty.core.framework.structure import Aggregation, Block

if TYPE_CHECKING:
    from qcounty.core.framework.model import FirstLevel, Framework, SecondLevel

AGGREGATION_ZH = {Aggregation.GEOMETRIC: "加权几何平均", Aggregation.MINIMUM: "取最低得分率"}
BLOCK_ZH = {Block.BONUS: "加分项", Block.DEDUCTION: "扣分项"}


def structure_summary(f: Framework) -> dict[str, Any]:
    """Return caps (with each capped node's effective points), blocks, aggregation and grades."""
    caps: list[str] = []
    aggregation: list[str] = []
    nodes: list[FirstLevel | SecondLevel] = []
    for first in f.first_level:
        nodes += [*first.second_level, first]
    for node in nodes:
        children = getattr(node, "second_level", None) or getattr(node, "indicators", [])
        if node.cap is not None:
            total = sum(x.points for x in children)
            caps.append(
                f"{node.name}：各项合计 {total:g} 分，封顶 {node.cap:g} 分（按 {node.points:g} 分计）"
            )
        if node.aggregation is not Aggregation.SUM:
            aggregation.append(f"{node.name}：{AGGREGATION_ZH[node.aggregation]}")
    points = {i.number: i.points for i in f.indicators()}
    for g in f.groups:
        total = sum(points.get(n, 0) for n in g.indicators)
        caps.append(
            f"{g.name}（第 {g.indicators[0]}–{g.indicators[-1]} 项）：各项合计 {total:g} 分，"
            f"封顶 {g.cap:g} 分"
        )
    if f.aggregation is not Aggregation.SUM:
        aggregation.append(f"总分：{AGGREGATION_ZH[f.aggregation]}")
    blocks = [
        f"{BLOCK_ZH[x.block]}“{x.name}”：最多{'加' if x.block is Block.BONUS else '扣'} {x.points:g} 分"
        for x in f.first_level
        if x.block is not Block.BASE
    ]
    if blocks and f.total_mode.value == "capped":
        blocks.append(f"总分不超过满分 {f.total_points:g} 分")
    elif blocks:
        blocks.append(f"总分 = 基础分（满分 {f.total_points:g} 分）+ 加分 − 扣分")
    grades = "、".join(
        f"{b.grade}（{b.label or (f'{b.at_least:g}分及以上' if b.at_least is not None else '其余')}）"
        for b in f.grades
    )
    return {"caps": caps, "aggregation": aggregation, "blocks": blocks, "grades": grades}
