"""Cohort and county files: read, validate against a framework, report problems in Chinese.

A cohort file (JSON):

    {"format": "qcounty-cohort/1", "framework": "shandong-county-2022",
     "evaluation_year": 2022, "counties": [{"name": …, "city": …, "values": {…}}, …]}

Every scored input must be present in `values`; null means "not reported" (0 points, flagged).
See docs/cohort-format.md.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountInput,
    CountsInput,
    DateInput,
    Input,
    NumberInput,
    PercentInput,
    RecordField,
    RecordsInput,
    TextInput,
)
from qcounty.core.framework.model import Framework
from qcounty.core.numbers import LARGEST

COHORT_FORMAT = "qcounty-cohort/1"
COUNTY_FORMAT = "qcounty-county/1"
MAX_PROBLEMS = 50


@dataclass
class County:
    """One county's identity and validated input values (dates as `date`, lists as lists)."""

    name: str
    city: str
    tier: int
    values: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False


@dataclass
class Cohort:
    framework_id: str
    year: int
    counties: list[County]


class CohortError(Exception):
    """A cohort or county file that cannot be scored; `problems` are Chinese sentences."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class KnownCounty:
    city: str
    tier: int
    county: str
    kind: str


@cache
def shandong_counties() -> tuple[KnownCounty, ...]:
    """Return the 136 county-level divisions of Shandong shipped with qcounty."""
    text = (resources.files("qcounty") / "data" / "shandong_counties.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(KnownCounty(r["city"], int(r["city_tier"]), r["county"], r["kind"]) for r in rows)


def read_json(path: str | Path) -> Any:
    """Return the JSON in a file, or raise CohortError with the reason in Chinese."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CohortError([f"文件不存在：{path}"]) from None
    except UnicodeDecodeError:
        raise CohortError([f"文件不是 UTF-8 编码的文本：{path}"]) from None
    except OSError as e:
        raise CohortError([f"无法读取文件 {path}：{e.strerror}"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise CohortError(
            [f"{path} 不是有效的 JSON：第 {e.lineno} 行第 {e.colno} 列，{e.msg}"]
        ) from None


def parse_cohort(data: Any, framework: Framework) -> Cohort:
    """Return the cohort in this JSON data, validated against the framework."""
    if not isinstance(data, dict):
        raise CohortError(["参评县数据文件的顶层应为 JSON 对象。"])
    problems: list[str] = []
    year = _header(data, COHORT_FORMAT, framework, problems)
    _no_unknown_keys(
        data, {"format", "framework", "evaluation_year", "counties", "generator"}, "文件", problems
    )
    counties_data = data.get("counties")
    if not isinstance(counties_data, list) or not counties_data:
        problems.append("缺少“counties”（参评县列表），或列表为空。")
        raise CohortError(problems)
    counties: list[County] = []
    seen: set[tuple[str, str]] = set()
    for n, (county, own) in enumerate(_counties(counties_data, framework), start=1):
        problems.extend(own)
        if county is None:
            continue
        if (county.city, county.name) in seen:
            problems.append(f"第 {n} 个县“{county.city}{county.name}”重复出现。")
        seen.add((county.city, county.name))
        counties.append(county)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise CohortError(_limited(problems))
    return Cohort(framework_id=framework.id, year=year, counties=counties)


def parse_county(data: Any, framework: Framework) -> tuple[County, int]:
    """Return the single county of a county file and its evaluation year."""
    if not isinstance(data, dict):
        raise CohortError(["县数据文件的顶层应为 JSON 对象。"])
    problems: list[str] = []
    year = _header(data, COUNTY_FORMAT, framework, problems)
    _no_unknown_keys(data, {"format", "framework", "evaluation_year", "county"}, "文件", problems)
    [(county, own)] = _counties([data.get("county")], framework)
    problems.extend(own)
    if problems or county is None:
        raise CohortError(_limited(problems or ["缺少“county”（县的数据）。"]))
    return county, year


def _no_unknown_keys(
    data: dict[str, Any], allowed: set[str], who: str, problems: list[str]
) -> None:
    for key in data:
        if key not in allowed:
            problems.append(f"{who}：未知的项“{key}”；可用：{'、'.join(sorted(allowed))}。")


def _limited(problems: list[str]) -> list[str]:
    if len(problems) > MAX_PROBLEMS:
        return [*problems[:MAX_PROBLEMS], f"……另有更多问题未列出（只显示前 {MAX_PROBLEMS} 条）。"]
    return problems


def _header(data: dict[str, Any], expected: str, framework: Framework, problems: list[str]) -> int:
    if data.get("format") != expected:
        problems.append(f"文件格式应为“{expected}”，实际为“{data.get('format')}”。")
    if data.get("framework") != framework.id:
        problems.append(
            f"文件所属评价体系为“{data.get('framework')}”，与所用评价体系“{framework.id}”不一致。"
        )
    year = data.get("evaluation_year", framework.default_evaluation_year)
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        problems.append(f"评价年度“{year}”无效，应为 2000–2100 之间的整数。")
        return framework.default_evaluation_year
    return year


@dataclass
class _Head:
    """A county whose identity is valid, waiting for its values to be checked."""

    name: str
    city: str
    synthetic: bool
    values: dict[str, Any]


def _counties(raws: list[Any], framework: Framework) -> list[tuple[County | None, list[str]]]:
    """Return each county (None when unusable) with its problems, checking values by column.

    The problems and their order are those of checking each county field by field: a column
    takes a fast path for the values that are plainly valid, and every other value goes
    through `check_value`, which words the message.
    """
    tiers = framework.tier_of_city()
    known = (
        {(k.city, k.county) for k in shandong_counties()}
        if framework.id.startswith("shandong-")
        else set()
    )
    problems: list[list[str]] = []
    heads: list[_Head | None] = []
    for n, raw in enumerate(raws, start=1):
        own: list[str] = []
        heads.append(_head(raw, n, framework, own, tiers, known))
        problems.append(own)
    valid = [(i, h) for i, h in enumerate(heads) if h is not None]
    rows = [h.values for _, h in valid]
    inputs = framework.inputs()
    keys = [spec.key for spec in inputs]
    typed: list[list[Any]] = []  # per input, per valid county: the typed value or _SLOW
    fixes: dict[int, dict[str, Any]] = {}  # per valid county: what the one-by-one check gave
    for spec, column in zip(inputs, _columns(rows, keys), strict=True):
        key = spec.key
        fast = _fast_column(spec, column)
        typed.append(fast)
        if _SLOW not in fast:
            continue
        for j in [j for j, x in enumerate(fast) if x is _SLOW]:
            i, head = valid[j]
            fix = fixes.setdefault(j, {})
            fix[key] = _OMIT
            where = f"县“{head.name}”：字段“{spec.label}”（{key}）"
            value = column[j]
            if value is _MISSING:
                if not spec.informational:
                    problems[i].append(f"{where}：缺少该字段（未填报请写 null）。")
                continue
            if value is None:
                if spec.required:
                    problems[i].append(f"{where}：为必填项，不能为空。")
                fix[key] = None
                continue
            try:
                fix[key] = check_value(spec, value)
            except ValueError as e:
                problems[i].append(f"{where}：{e}")
    # one dict a county, keys in the framework's order as checking one by one inserted them
    checked = [dict(zip(keys, row, strict=True)) for row in zip(*typed, strict=True)]
    if not typed:
        checked = [{} for _ in valid]
    for j, fix in fixes.items():
        for key, value in fix.items():
            if value is _OMIT:
                del checked[j][key]
            else:
                checked[j][key] = value
    known_keys = {spec.key for spec in inputs}
    out: list[County | None] = [None] * len(heads)
    for j, (i, head) in enumerate(valid):
        if not known_keys.issuperset(head.values):
            for key in head.values:
                if key not in known_keys:
                    problems[i].append(
                        f"县“{head.name}”：未知字段“{key}”，本评价体系中没有这一项。"
                    )
        out[i] = County(
            name=head.name.strip(),
            city=head.city,
            tier=tiers.get(head.city, 0),
            values=checked[j],
            synthetic=head.synthetic,
        )
    return list(zip(out, problems, strict=True))


def _columns(rows: list[dict[str, Any]], keys: list[str]) -> list[list[Any]]:
    """Return each key's column over the rows; _MISSING where a row lacks the key."""
    if len(keys) > 1:
        try:  # every row has these keys, as a generated or exported file: one C pass
            columns = zip(*map(itemgetter(*keys), rows), strict=True)
            return [list(c) for c in columns] or [[] for _ in keys]
        except KeyError:
            pass
    return [[r.get(key, _MISSING) for r in rows] for key in keys]


def _head(
    raw: Any,
    n: int,
    framework: Framework,
    problems: list[str],
    tiers: dict[str, int],
    known: set[tuple[str, str]],
) -> _Head | None:
    if not isinstance(raw, dict):
        problems.append(f"第 {n} 个县的数据应为 JSON 对象。")
        return None
    name, city = raw.get("name"), raw.get("city")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"第 {n} 个县缺少名称（name）。")
        return None
    who = f"县“{name}”"
    _no_unknown_keys(raw, {"name", "city", "synthetic", "values"}, who, problems)
    synthetic = raw.get("synthetic", False)
    if not isinstance(synthetic, bool):
        problems.append(f"{who}：synthetic（是否虚构）应为 true 或 false。")
        synthetic = False
    if not isinstance(city, str) or (tiers and city not in tiers):
        problems.append(f"{who}：所属地级市“{city}”不在本评价体系的城市分档中。")
        return None
    if not synthetic and framework.id.startswith("shandong-") and (city, name) not in known:
        problems.append(
            f"{who}：不是{city}下辖的县（市、区），请核对名称（虚构的县须标注 synthetic）。"
        )
        return None
    values = raw.get("values")
    if not isinstance(values, dict):
        problems.append(f"{who}：缺少“values”（各项填报数据）。")
        return None
    return _Head(name=name, city=city, synthetic=synthetic, values=values)


# ------------------------------------------------------------ column fast paths
# Each returns, for a column of values, the typed value where it is plainly valid and _SLOW
# elsewhere (a missing or null value, a wrong type, a bound crossed, anything unusual); a
# _SLOW value is then checked one by one. So a fast path may decline, but never accept what
# `check_value` refuses or type a value differently.

_SLOW: Any = object()
_MISSING: Any = object()
_OMIT: Any = object()  # a value left out of the county: missing, or refused
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # as _text: below 32 but \t \n \r


def _fast_column(spec: Input, column: list[Any]) -> list[Any]:
    try:
        return _fast(spec, column)
    except Exception:  # an odd value (huge, unhashable…): let check_value word it
        return [_SLOW] * len(column)


def _fast(spec: Input, column: list[Any]) -> list[Any]:
    if isinstance(spec, BoolInput):
        return _bools(column, False)
    if isinstance(spec, ChoiceInput):
        return _choices(column, {o.id for o in spec.options}, False)
    if isinstance(spec, ChecklistInput):
        allowed = {o.id for o in spec.options}
        return [
            list(v)
            if v.__class__ is list
            and all(x.__class__ is str and x in allowed for x in v)
            and len(set(v)) == len(v)
            else _SLOW
            for v in column
        ]
    if isinstance(spec, CountsInput):
        ids = {o.id for o in spec.options}
        low = spec.min if spec.min is not None else -LARGEST
        return [
            dict(v)
            if v.__class__ is dict
            and all(
                k in ids and x.__class__ is int and low <= x <= LARGEST and x >= -LARGEST
                for k, x in v.items()
            )
            else _SLOW
            for v in column
        ]
    if isinstance(spec, CountInput):
        return _integers(column, 0, spec.max, False)
    if isinstance(spec, PercentInput | NumberInput):
        return _numbers(column, spec.min, spec.max, False)
    if isinstance(spec, TextInput):
        return _texts(column, spec.max_length, False)
    if isinstance(spec, DateInput):
        return _dates(column, False)
    if isinstance(spec, RecordsInput):
        return _records_column(spec, column)
    return [_SLOW] * len(column)


def _bools(column: list[Any], none_ok: bool) -> list[Any]:
    return [v if v.__class__ is bool else None if none_ok and v is None else _SLOW for v in column]


def _choices(column: list[Any], ids: set[str], none_ok: bool) -> list[Any]:
    return [
        v if v.__class__ is str and v in ids else None if none_ok and v is None else _SLOW
        for v in column
    ]


def _texts(column: list[Any], most: int, none_ok: bool) -> list[Any]:
    strs = [v for v in column if v.__class__ is str]
    if (
        (len(strs) == len(column) or (none_ok and len(strs) + column.count(None) == len(column)))
        and (not strs or max(map(len, strs)) <= most)
        and _CONTROL.search("".join(strs)) is None  # one search: the pattern is one character
    ):
        return list(column)
    search = _CONTROL.search
    return [
        v
        if v.__class__ is str and len(v) <= most and search(v) is None
        else None
        if none_ok and v is None
        else _SLOW
        for v in column
    ]


def _dates(column: list[Any], none_ok: bool) -> list[Any]:
    out: list[Any] = []
    for v in column:
        if v.__class__ is str:
            try:
                out.append(date.fromisoformat(v))
            except ValueError:
                out.append(_SLOW)
        else:
            out.append(None if none_ok and v is None else _SLOW)
    return out


def _integers(column: list[Any], low: int, high: int | None, none_ok: bool) -> list[Any]:
    top = LARGEST if high is None else min(high, LARGEST)
    return [
        v if v.__class__ is int and low <= v <= top else None if none_ok and v is None else _SLOW
        for v in column
    ]


def _numbers(column: list[Any], low: float | None, high: float | None, none_ok: bool) -> list[Any]:
    # ints beyond a float's range raise here, and the whole column goes one by one
    xs = np.array(
        [v if v.__class__ is float or v.__class__ is int else math.nan for v in column],
        dtype=float,
    )
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(xs) & (np.abs(xs) <= LARGEST)
        if low is not None:
            ok &= xs >= low
        if high is not None:
            ok &= xs <= high
    return [
        x if good else None if none_ok and v is None else _SLOW
        for x, good, v in zip(xs.tolist(), ok.tolist(), column, strict=True)
    ]


def _records_column(spec: RecordsInput, column: list[Any]) -> list[Any]:
    """Check every record of every county field by field; a county with any doubt is _SLOW."""
    if not spec.fields:
        return [_SLOW] * len(column)
    keys = {f.key for f in spec.fields}
    flat: list[Any] = []
    bounds: list[tuple[int, int] | None] = []
    for v in column:
        if v.__class__ is list:
            bounds.append((len(flat), len(flat) + len(v)))
            flat.extend(v)
        else:
            bounds.append(None)
    # a record that is no object or has a field the input lacks: its county goes one by one
    odd = [k for k, r in enumerate(flat) if r.__class__ is not dict or not r.keys() <= keys]
    for k in odd:
        flat[k] = {}
    fields: list[list[Any]] = []
    names = [f.key for f in spec.fields]
    for f, values in zip(spec.fields, _columns(flat, names), strict=True):
        if _MISSING in values:
            values = [None if v is _MISSING else v for v in values]  # an absent field is null
        none_ok = not f.required
        match f.type:
            case "text":
                fields.append(_texts(values, 2000, none_ok))
            case "date":
                fields.append(_dates(values, none_ok))
            case "bool":
                fields.append(_bools(values, none_ok))
            case "choice":
                fields.append(_choices(values, {o.id for o in f.options}, none_ok))
            case "count":
                fields.append(_integers(values, 0, None, none_ok))
            case _:
                fields.append(_numbers(values, None, None, none_ok))
    records = [dict(zip(names, row, strict=True)) for row in zip(*fields, strict=True)]
    doubtful: set[int] = set(odd)
    for values in fields:
        if _SLOW in values:
            doubtful.update(k for k, x in enumerate(values) if x is _SLOW)
    return [
        _SLOW
        if b is None or (doubtful and any(k in doubtful for k in range(*b)))
        else records[b[0] : b[1]]
        for b in bounds
    ]


def check_value(spec: Input, value: Any) -> Any:
    """Return the value in its typed form, or raise ValueError with the reason in Chinese."""
    if isinstance(spec, BoolInput):
        if not isinstance(value, bool):
            raise ValueError(f"应为“是”或“否”（true/false），实际为 {_shown(value)}")
        return value
    if isinstance(spec, ChoiceInput):
        ids = {o.id: o.label for o in spec.options}
        if value not in ids:
            raise ValueError(f"{_shown(value)}不是可选项；可选：{_options(spec)}")
        return value
    if isinstance(spec, ChecklistInput):
        if not isinstance(value, list):
            raise ValueError("应为所选项目的列表")
        allowed = {o.id for o in spec.options}
        bad = [v for v in value if v not in allowed]
        if bad:
            raise ValueError(f"{_shown(bad[0])}不是可选项；可选：{_options(spec)}")
        if len(set(value)) != len(value):
            raise ValueError("同一项目选了两次")
        return list(value)
    if isinstance(spec, CountsInput):
        if not isinstance(value, dict):
            raise ValueError("应为“等级: 数量”的对象")
        ids = {o.id: o.label for o in spec.options}
        out = {}
        for k, v in value.items():
            if k not in ids:
                raise ValueError(f"{_shown(k)}不是可选等级；可选：{_options(spec)}")
            out[k] = _integer(v, spec.min, None, f"“{ids[k]}”")
        return out
    if isinstance(spec, CountInput):
        return _integer(value, 0, spec.max, "")
    if isinstance(spec, PercentInput):
        return _number(value, spec.min, spec.max, "%")
    if isinstance(spec, NumberInput):
        return _number(value, spec.min, spec.max, spec.unit)
    if isinstance(spec, TextInput):
        if not isinstance(value, str):
            raise ValueError(f"应为文字，实际为 {_shown(value)}")
        return _text(value, spec.max_length)
    if isinstance(spec, DateInput):
        return _date(value)
    if isinstance(spec, RecordsInput):
        return _records(spec, value)
    raise ValueError("未知的字段类型")  # unreachable: the union above is exhaustive


def _records(spec: RecordsInput, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("应为记录的列表（每条一个对象）")
    out = []
    for n, record in enumerate(value, start=1):
        try:
            out.append(check_record(spec, record))
        except ValueError as e:
            raise ValueError(f"第 {n} 条记录：{e}") from None
    return out


def check_record(spec: RecordsInput, record: Any) -> dict[str, Any]:
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


def _record_field(f: RecordField, v: Any) -> Any:
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


def _options(spec: ChoiceInput | ChecklistInput | CountsInput) -> str:
    return "、".join(f"{o.id}（{o.label}）" for o in spec.options)


def county_to_json(county: County) -> dict[str, Any]:
    """Return a county as it is written in a cohort file."""

    def plain(v: Any) -> Any:
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v

    out: dict[str, Any] = {"name": county.name, "city": county.city}
    if county.synthetic:
        out["synthetic"] = True
    out["values"] = {k: plain(v) for k, v in county.values.items()}
    return out
