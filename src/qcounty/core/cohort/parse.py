"""Read cohort and county files and check every county, column by column, wording each problem."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qcounty.core.cohort.attributes import checked_attributes, group_of
from qcounty.core.cohort.checks import check_value
from qcounty.core.cohort.fast import _MISSING, _OMIT, _SLOW, _columns, _fast_column
from qcounty.core.cohort.model import (
    COHORT_FORMAT,
    COUNTY_FORMAT,
    MAX_PROBLEMS,
    Cohort,
    CohortError,
    County,
    shandong_counties,
)
from qcounty.core.framework.inputs import Input
from qcounty.core.framework.model import Framework
from qcounty.core.wording import short_name


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
    s = short_name(framework.evaluated_unit)  # 县, or the scheme's unit: 企业
    if not isinstance(data, dict):
        raise CohortError([f"参评{s}数据文件的顶层应为 JSON 对象。"])
    problems: list[str] = []
    year = _header(data, COHORT_FORMAT, framework, problems)
    _no_unknown_keys(
        data, {"format", "framework", "evaluation_year", "counties", "generator"}, "文件", problems
    )
    counties_data = data.get("counties")
    if not isinstance(counties_data, list) or not counties_data:
        problems.append(f"缺少“counties”（参评{s}列表），或列表为空。")
        raise CohortError(problems)
    counties: list[County] = []
    seen: set[tuple[str, str]] = set()
    for n, (county, own) in enumerate(_counties(counties_data, framework), start=1):
        problems.extend(own)
        if county is None:
            continue
        if (county.city, county.name) in seen:
            problems.append(f"第 {n} 个{s}“{county.city}{county.name}”重复出现。")
        seen.add((county.city, county.name))
        counties.append(county)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise CohortError(_limited(problems))
    return Cohort(framework_id=framework.id, year=year, counties=counties)


def parse_county(data: Any, framework: Framework) -> tuple[County, int]:
    """Return the single county of a county file and its evaluation year."""
    s = short_name(framework.evaluated_unit)
    if not isinstance(data, dict):
        raise CohortError([f"{s}数据文件的顶层应为 JSON 对象。"])
    problems: list[str] = []
    year = _header(data, COUNTY_FORMAT, framework, problems)
    _no_unknown_keys(data, {"format", "framework", "evaluation_year", "county"}, "文件", problems)
    [(county, own)] = _counties([data.get("county")], framework)
    problems.extend(own)
    if problems or county is None:
        raise CohortError(_limited(problems or [f"缺少“county”（{s}的数据）。"]))
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
    attributes: dict[str, str]


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
    s = short_name(framework.evaluated_unit)
    problems: list[list[str]] = []
    heads: list[_Head | None] = []
    for n, raw in enumerate(raws, start=1):
        own: list[str] = []
        heads.append(_head(raw, n, framework, own, tiers, known))
        problems.append(own)
    valid = [(i, h) for i, h in enumerate(heads) if h is not None]
    inputs = framework.inputs()
    checked = _checked_values(inputs, valid, problems, s)
    known_keys = {spec.key for spec in inputs}
    out: list[County | None] = [None] * len(heads)
    for j, (i, head) in enumerate(valid):
        if not known_keys.issuperset(head.values):
            for key in head.values:
                if key not in known_keys:
                    problems[i].append(
                        f"{s}“{head.name}”：未知字段“{key}”，本评价体系中没有这一项。"
                    )
        out[i] = County(
            name=head.name.strip(),
            city=head.city,
            tier=group_of(framework, head.city, head.attributes, tiers),
            values=checked[j],
            synthetic=head.synthetic,
            attributes=head.attributes,
        )
    return list(zip(out, problems, strict=True))


def _checked_values(
    inputs: list[Input], valid: list[tuple[int, _Head]], problems: list[list[str]], unit: str
) -> list[dict[str, Any]]:
    """Return each valid county's typed values: fast by column, one by one where it declines."""
    rows = [h.values for _, h in valid]
    keys = [spec.key for spec in inputs]
    typed: list[list[Any]] = []  # per input, per valid county: the typed value or _SLOW
    fixes: dict[int, dict[str, Any]] = {}  # per valid county: what the one-by-one check gave
    for spec, column in zip(inputs, _columns(rows, keys), strict=True):
        fast = _fast_column(spec, column)
        typed.append(fast)
        if _SLOW not in fast:
            continue
        for j in [j for j, x in enumerate(fast) if x is _SLOW]:
            i, head = valid[j]
            fix = fixes.setdefault(j, {})
            fix[spec.key] = _checked_one(spec, f"{unit}“{head.name}”", column[j], problems[i])
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
    return checked


def _checked_one(spec: Input, who: str, value: Any, problems: list[str]) -> Any:
    """Return one value as the county keeps it (_OMIT: left out), adding its problem if any."""
    where = f"{who}：字段“{spec.label}”（{spec.key}）"
    if value is _MISSING:
        if not spec.informational:
            problems.append(f"{where}：缺少该字段（未填报请写 null）。")
        return _OMIT
    if value is None:
        if spec.required:
            problems.append(f"{where}：为必填项，不能为空。")
        return None
    try:
        return check_value(spec, value)
    except ValueError as e:
        problems.append(f"{where}：{e}")
        return _OMIT


def _head(
    raw: Any,
    n: int,
    framework: Framework,
    problems: list[str],
    tiers: dict[str, int],
    known: set[tuple[str, str]],
) -> _Head | None:
    s = short_name(framework.evaluated_unit)
    if not isinstance(raw, dict):
        problems.append(f"第 {n} 个{s}的数据应为 JSON 对象。")
        return None
    name, city = raw.get("name"), raw.get("city")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"第 {n} 个{s}缺少名称（name）。")
        return None
    who = f"{s}“{name}”"
    keys = {"name", "city", "synthetic", "values"} | (
        {"attributes"} if framework.attributes else set()
    )
    _no_unknown_keys(raw, keys, who, problems)
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
    attributes: dict[str, str] | None = {}
    if framework.attributes:
        attributes = checked_attributes(framework, raw.get("attributes"), who, problems)
    values = raw.get("values")
    if not isinstance(values, dict):
        problems.append(f"{who}：缺少“values”（各项填报数据）。")
        return None
    if attributes is None:
        return None
    return _Head(name=name, city=city, synthetic=synthetic, values=values, attributes=attributes)
