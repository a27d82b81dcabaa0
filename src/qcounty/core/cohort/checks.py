"""Check one value or record against its input, returning it typed or the reason in Chinese."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from qcounty.core.framework import inputs
from qcounty.core.numbers import LARGEST


def check_value(spec: inputs.Input, value: Any) -> Any:
    """Return the value in its typed form, or raise ValueError with the reason in Chinese."""
    if isinstance(spec, inputs.BoolInput):
        return _bool(value)
    if isinstance(spec, inputs.ChoiceInput):
        return _choice(spec, value)
    if isinstance(spec, inputs.ChecklistInput):
        return _checklist(spec, value)
    if isinstance(spec, inputs.CountsInput):
        return _counts(spec, value)
    if isinstance(spec, inputs.CountInput):
        return _integer(value, 0, spec.max, "")
    if isinstance(spec, inputs.PercentInput):
        return _number(value, spec.min, spec.max, "%")
    if isinstance(spec, inputs.NumberInput):
        return _number(value, spec.min, spec.max, spec.unit)
    if isinstance(spec, inputs.TextInput):
        if not isinstance(value, str):
            raise ValueError(f"应为文字，实际为 {_shown(value)}")
        return _text(value, spec.max_length)
    if isinstance(spec, inputs.DateInput):
        return _date(value)
    if isinstance(spec, inputs.RecordsInput):
        return _records(spec, value)
    raise ValueError("未知的字段类型")  # unreachable: the union above is exhaustive


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"应为“是”或“否”（true/false），实际为 {_shown(value)}")
    return value


def _choice(spec: inputs.ChoiceInput, value: Any) -> Any:
    ids = {o.id: o.label for o in spec.options}
    if value not in ids:
        raise ValueError(f"{_shown(value)}不是可选项；可选：{_options(spec)}")
    return value


def _checklist(spec: inputs.ChecklistInput, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("应为所选项目的列表")
    allowed = {o.id for o in spec.options}
    bad = [v for v in value if v not in allowed]
    if bad:
        raise ValueError(f"{_shown(bad[0])}不是可选项；可选：{_options(spec)}")
    if len(set(value)) != len(value):
        raise ValueError("同一项目选了两次")
    return list(value)


def _counts(spec: inputs.CountsInput, value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ValueError("应为“等级: 数量”的对象")
    ids = {o.id: o.label for o in spec.options}
    out = {}
    for k, v in value.items():
        if k not in ids:
            raise ValueError(f"{_shown(k)}不是可选等级；可选：{_options(spec)}")
        out[k] = _integer(v, spec.min, None, f"“{ids[k]}”")
    return out


def _records(spec: inputs.RecordsInput, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("应为记录的列表（每条一个对象）")
    out = []
    for n, record in enumerate(value, start=1):
        try:
            out.append(check_record(spec, record))
        except ValueError as e:
            raise ValueError(f"第 {n} 条记录：{e}") from None
    return out


def check_record(spec: inputs.RecordsInput, record: Any) -> dict[str, Any]:
    """Return one record in its typed form, or raise ValueError naming the field (Chinese)."""
    if not isinstance(record, dict):
        raise ValueError("应为对象")
    fields = {f.key: f for f in spec.fields}
    unknown = [k for k in record if k not in fields]
    if unknown:
        raise ValueError(f"有未知字段“{unknown[0]}”")
    checked: dict[str, Any] = {}
    for f in spec.fields:
        v = record.get(f.key)
        if v is None:
            if f.required:
                raise ValueError(f"缺少“{f.label}”")
            checked[f.key] = None
            continue
        try:
            checked[f.key] = _record_field(f, v)
        except ValueError as e:
            raise ValueError(f"“{f.label}”{e}") from None
    return checked


def _record_field(f: inputs.RecordField, v: Any) -> Any:
    match f.type:
        case "text":
            if not isinstance(v, str):
                raise ValueError(f"应为文字，实际为 {_shown(v)}")
            return _text(v, 2000)
        case "date":
            return _date(v)
        case "bool":
            if not isinstance(v, bool):
                raise ValueError(f"应为“是”或“否”（true/false），实际为 {_shown(v)}")
            return v
        case "choice":
            ids = [o.id for o in f.options]
            if v not in ids:
                labels = "、".join(f"{o.id}（{o.label}）" for o in f.options)
                raise ValueError(f"{_shown(v)}不是可选项；可选：{labels}")
            return v
        case "count":
            return _integer(v, 0, None, "")
        case _:
            return _number(v, None, None, "")


def _text(v: str, most: int) -> str:
    if len(v) > most:
        raise ValueError(f"不能超过 {most} 个字")
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in v):
        raise ValueError("含有不可见的控制字符，请删除后再填写")
    return v


def _integer(v: Any, low: int | None, high: int | None, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"{what}应为整数，实际为 {_shown(v)}")
    if isinstance(v, float) and not (math.isfinite(v) and v.is_integer()):
        raise ValueError(f"{what}应为整数，实际为 {_shown(v)}")
    if abs(v) > LARGEST:
        raise ValueError(f"{what}数值过大（不能超过 {LARGEST:,}）")
    n = int(v)
    if low is not None and n < low:
        raise ValueError(f"{what}不能小于 {low}，实际为 {n}")
    if high is not None and n > high:
        raise ValueError(f"{what}不能大于 {high}，实际为 {n}")
    return n


def _number(v: Any, low: float | None, high: float | None, unit: str) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError(f"应为数字，实际为 {_shown(v)}")
    x = float(v)
    if abs(x) > LARGEST:
        raise ValueError(f"数值过大（不能超过 {LARGEST:,}），实际为 {_shown(v)}")
    if low is not None and x < low:
        raise ValueError(f"应在 {_num(low)}–{_num(high)}{unit} 之间，实际为 {_num(x)}{unit}")
    if high is not None and x > high:
        raise ValueError(f"应在 {_num(low)}–{_num(high)}{unit} 之间，实际为 {_num(x)}{unit}")
    return x


def _date(v: Any) -> date:
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        raise ValueError(f"应为日期（如 2021-06-30），实际为 {_shown(v)}")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"“{v}”不是有效日期，应写成 2021-06-30 的形式") from None


def _num(x: float | None) -> str:
    if x is None:
        return "∞"
    return f"{x:g}"


def _shown(v: Any) -> str:
    # text shows in quotes (“2.45”), a number without (2.45): the difference is the error
    text = f"“{v}”" if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _options(spec: inputs.ChoiceInput | inputs.ChecklistInput | inputs.CountsInput) -> str:
    return "、".join(f"{o.id}（{o.label}）" for o in spec.options)
