"""Messages of the core: a stable code, parameters, and their Chinese rendering.

The core speaks in codes so that another locale can render the same explanation; the Chinese
templates below are the reference text users read today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ZH: dict[str, str] = {
    # gates
    "gate.pass": "{name}：达标。",
    "gate.fail": "{name}：不达标（{reason}），{consequence}",
    # conditions
    "cond.true": "{label}：{shown}（满足 {test}）",
    "cond.false": "{label}：{shown}（不满足 {test}）",
    "cond.missing": "{label}：未填报或无法计算，按不满足处理",
    # rules
    "flag.hit": "条件全部满足，得 {points} 分。",
    "flag.miss": "条件未全部满足，不得分。",
    "flag_sum.item": "{label}：{outcome}",
    "cases.hit": "符合“{label}”，得 {points} 分。",
    "cases.none": "不符合任何得分情形，不得分。",
    "levels.hit": "{label}：{option}，得 {points} 分。",
    "levels.missing": "{label}：未填报，不得分。",
    "checklist.all": "{label}：{total} 项全部具备，得 {points} 分。",
    "checklist.some": "{label}：缺少 {missing_n} 项（{missing}），每项扣 {deduct} 分，得 {points} 分。",
    "checklist.missing": "{label}：未填报，不得分。",
    "per_item.term": "{label}：{count} × {each} = {raw} 分{capped}",
    "per_item.term_cap": "（本项最高 {cap} 分）",
    "thresholds.hit": "{label}：{count}，达到 {at_least} 的档次，得 {points} 分。",
    "thresholds.none": "{label}：{count}，未达到最低档次，不得分。",
    "linear.above": "{label}：{value}，超过 {floor} 的部分 {excess} × {step} = {raw} 分。",
    "linear.below": "{label}：{value}，不超过 {floor}，不得分。",
    "expert.scored": "评审打分：{value} 分。",
    "expert.pending": "尚无评审打分，暂计 0 分（待评审）。",
    "value.missing": "{label}：未填报，不得分。",
    "deduct.none": "{label}：{count} {unit}，不扣分。",
    "deduct.some": "{label}：{count} {unit}，每{unit}扣 {each} 分，扣 {deducted} 分{capped}。",
    "deduct.capped": "（共 {raw} 分，最多扣 {at_most} 分）",
    "deduct.missing": "{label}：未填报，按未发现处理，不扣分，需人工复核。",
    "checklist.none": "{label}：一项也不具备，不得分。",
    # efficacy coefficient
    "ec.part": (
        "{label}：x = {x}；比较组 {group}（{n} 个）满意值 x_h = {xh}、不允许值 x_s = {xs}；"
        "d = 60 + 40 × (x − x_s) / (x_h − x_s) = {d}"
    ),
    "ec.zero_range": "{label}：比较组内数值全部相同（{x}），按政策 d = {d}。",
    "ec.below_threshold": "{label}：{x}，未达到 {threshold}，该项不得分。",
    "ec.missing": "{label}：未填报，该项不得分，且不进入比较组。",
    "ec.zero_raw": "{label}：为 0，没有可评价的内容，不得分。",
    "ec.zero_base": "{label}：基期数值为 0，增长率无法计算，按政策 d = {d}，需人工复核。",
    "ec.zero_base_zero": "{label}：基期数值为 0，增长率无法计算，按政策该项不得分，需人工复核。",
    "ec.outside_group": "{label}：本{unit}不在比较组内，按比较组的界限计算并将 d 限定在 60–100 之间。",
    "ec.target": "{label}：x = {x}；目标值 满意值 {xh}、不允许值 {xs}；d = {d}",
    "ec.no_target": "{label}：x = {x}；没有给出目标值，按保底 d = 60 估计，请补充目标值。",
    "ec.no_group": "{label}：比较组为空，无法计算界限，按政策 d = {d}。",
    "ec.total": "加权 d = {d}；得分 = {points_max} × {mapping} = {points} 分。",
    # caps and records
    "cap.criterion": "本条最高 {cap} 分，计 {points} 分（原始 {raw} 分）。",
    "cap.indicator": "{text}：各条合计 {raw} 分，按 {cap} 分计。",
    "cap.node": "{name} 各项合计 {raw} 分，封顶 {cap} 分。",
    "cap.group": "{name}（第 {numbers} 项）各项合计 {raw} 分，封顶 {cap} 分。",
    "cap.deduction": "{name} 各项合计扣 {raw} 分，最多扣 {cap} 分。",
    "agg.geometric": "{name} 按各项得分率的加权几何平均计（权重为各项分值占比）：{max} × Π 得分率^权重 = {raw} 分。",
    "agg.minimum": "{name} 按各项中最低的得分率计：{max} × 最低得分率 = {raw} 分。",
    # totals with bonus and deduction blocks, and grades
    "total.blocks": "基础分 {base} 分，加分 {bonus} 分，扣分 {deduction} 分，总分 {total} 分。",
    "total.capped": "基础分 {base} 分，加分 {bonus} 分，扣分 {deduction} 分，总分以满分 {full} 分为限，计 {total} 分。",
    "grade.band": "总分 {total} 分（{band}），评定为{grade}。",
    "grade.forced": "{gate}：{consequence}，评定为{grade}。",
    "grade.none": "未通过{gate}，不评定等级。",
    "record.outside": "{label}：第 {index} 条“{title}”（{date}）不在{window}（{span}）内，不计分。",
    "record.undated": "{label}：第 {index} 条“{title}”没有日期，不计分。",
    "record.duplicate": "{label}：第 {index} 条“{title}”与第 {other} 条为同一事项，仅按高级别统计一次。",
    # plausibility checks (core/plausibility): never name another county; {unit} and
    # {grouping} are the scheme's words (core/wording.py): 县 and 梯队 for Shandong
    "plaus.part_whole": "{parts}合计 {total}，超过{whole} {whole_value}：部分不应大于整体。",
    "plaus.ratio": "{label}填报 {value}，按{numerator}与{denominator}计算应为 {expected}，两者不符。",
    "plaus.date_future": "{label}：第 {index} 条“{title}”的日期 {date} 晚于今天（{today}）。",
    "plaus.date_after": "{label}：第 {index} 条“{title}”的日期 {date} 晚于评价期（{span}）。",
    "plaus.duplicate_record": "{label}：第 {index} 条“{title}”与第 {other} 条相同，疑为重复填报。",
    "plaus.jump": "{label}：本期 {value}，上期 {previous}，变化 {factor} 倍，超过 {limit} 倍。",
    "plaus.cumulative_fell": "{label}（历年累计）：本期 {value}，少于上期的 {previous}，累计数不应减少。",
    "plaus.carry": "{label}：本期填报 {value}，上期填报的{previous_label}为 {previous}，同一年度的数值应一致。",
    "plaus.outlier": (
        "{label}：{value}，同{grouping} {n} 个{unit}的中位数 {median}，位列第 {rank}/{n}，"
        "偏离 {z} 个稳健标准差（超过 {limit}）。"
    ),
    "plaus.same_claim": "{label}：“{title}”另有 {others_n} 个{unit}同样填报，同一事项只能由一个{unit}申报。",
    "plaus.same_text": "{label}：与另外 {others_n} 个{unit}的填报内容完全相同。",
    "plaus.same_evidence": "佐证材料（SHA-256 {short}）与另外 {others_n} 个{unit}的材料为同一文件。",
    "plaus.unbacked_tick": "{label}：勾选了“{option}”，但{records}中没有{window}（{span}）内注明该活动的记录。",
    "plaus.uncounted": "{label}填报 {value}，{records}中{window}（{span}）内有日期的记录只有 {listed} 条。",
    "plaus.stake": "若按{basis}更正，将少得 {points} 分。",
    "plaus.official": "{label}：填报 {value}，统计部门数据为 {official}（{source}，{date}），两者不一致。",
    "ratio.zero_denominator": "{label}：分母为 0，无法计算。",
    # evidence coverage (core/plausibility/coverage.py)
    "plaus.unevidenced": "指标 {number} 按申报的{labels}得 {points} 分，但没有任何佐证材料。",
    "plaus.unevidenced_record": "{label}：第 {index} 条“{title}”计分，但没有附该条记录的佐证材料（本指标的佐证材料按记录上传）。",
}


# the scheme's words when a message's parameters do not give them (Shandong's, as before)
DEFAULT_WORDS = {"unit": "县", "grouping": "梯队"}


@dataclass(frozen=True, slots=True)
class Message:
    """One line of an explanation: a code, its parameters, and whether it needs review."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    review: bool = False

    def render(self) -> str:
        """Return the message in Chinese."""
        return ZH[self.code].format(**{**DEFAULT_WORDS, **self.params})

    def __str__(self) -> str:
        return self.render()


def fmt(value: float | int | None, decimals: int = 2) -> str:
    """Format a number for an explanation: at most decimals + 2 places, no trailing zeros."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    v = round(float(value), decimals + 2)
    if v.is_integer():
        return str(int(v))  # also turns -0.0 into 0
    text = repr(v)
    return text if "e" not in text else f"{v:.{decimals + 2}f}".rstrip("0").rstrip(".")
