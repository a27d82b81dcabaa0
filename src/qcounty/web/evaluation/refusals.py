"""Why the province's evaluator is asked to confirm a snapshot: the items still open, in words."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qcounty.web.adjudication.progress import Progress
from qcounty.web.words import SHANDONG, PageWords


def unsettled_message(progress: list[Progress], words: PageWords = SHANDONG) -> str:
    """Return why a snapshot waits for confirmation: the counties and items still open."""
    unreconciled = [p for p in progress if p.unreconciled]
    unchecked = [p for p in progress if p.unchecked]
    parts = []
    if unreconciled:
        parts.append(
            _("{n} 个{unit}有未汇总的专家评分项（共 {items} 项）").format(
                n=len(unreconciled),
                unit=words.short,
                items=sum(p.unreconciled for p in unreconciled),
            )
        )
    if unchecked:
        parts.append(
            _("{n} 个{unit}有未经省级核实的数据项（共 {items} 项）").format(
                n=len(unchecked), unit=words.short, items=sum(p.unchecked for p in unchecked)
            )
        )
    return _(
        "未生成快照：{open}，这些项目将按{level}自报值计分。请先完成核实与专家评分汇总；"
        "如确需现在生成，请勾选“仍然生成快照”后再提交。"
    ).format(open="，".join(parts), level=words.level)
