"""Check a statistical feed as a whole and plan what it would write, without writing.

Every row is checked (the county, the input, the number, duplicates) before anything is written;
`FeedRefused` lists the problems in Chinese, each with its row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.cohort import check_value
from qcounty.core.framework.inputs import CountInput, Input, PercentInput
from qcounty.core.framework.model import Framework
from qcounty.core.numbers import parse_number
from qcounty.web.campaigns.models import Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.statfeed.figures import is_feedable
from qcounty.web.statfeed.models import OfficialFigure

MAX_ROWS = 10_000  # 136 counties × every feedable input of Shandong's scheme fits well within
MAX_PROBLEMS = 20  # listed; the rest are counted
SOURCE_MAX = 200
Kind = Organisation.Kind


class FeedRefused(ValueError):
    """The feed is refused as a whole; `problems` say why, in Chinese, row by row."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Row:
    """One row of a feed as sent: the county (its city, if given), the input, the value."""

    line: int  # the row's number in the file (or the request's list, from 1)
    county: str
    field: str  # the input's key or its Chinese label
    value: Any  # a number, or the text typed
    city: str = ""


@dataclass(frozen=True)
class Change:
    """A figure the feed creates or changes."""

    county: Organisation
    key: str
    label: str
    old: Any  # None: no figure yet
    new: int | float
    old_source: str = ""

    @property
    def city_name(self) -> str:
        return self.county.city_name


@dataclass
class Plan:
    """What a checked feed would write."""

    campaign: Campaign
    source: str
    as_of: dt.date
    rows: int
    keys: list[str]
    digest: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def created(self) -> int:
        return sum(1 for c in self.changes if c.old is None)

    @property
    def changed(self) -> int:
        return len(self.changes) - self.created


# ---------------------------------------------------------------- checking


def check_source(source: str, as_of: dt.date | None, today: dt.date | None = None) -> list[str]:
    """Return the problems of the feed's source and date (empty when both are fine)."""
    problems = []
    if not source.strip():
        problems.append(_("请填写数据来源，例如：山东省统计局《2022年山东统计年鉴》。"))
    elif len(source.strip()) > SOURCE_MAX:
        problems.append(_("数据来源过长：最多 %(n)d 字。") % {"n": SOURCE_MAX})
    if as_of is None:
        problems.append(_("请填写数据日期（统计数据发布或截至的日期）。"))
    elif as_of > (today or timezone.localdate()):
        problems.append(_("数据日期 %(date)s 晚于今天。") % {"date": as_of.isoformat()})
    return problems


class _Counties:
    """Find a county of the province by its name, or by its city and name."""

    def __init__(self, province: Organisation | None) -> None:
        rows = Organisation.objects.filter(kind=Kind.COUNTY, parent__kind=Kind.CITY)
        if province is not None:
            rows = rows.filter(parent__parent=province)
        self.by_name: dict[str, list[Organisation]] = {}
        self.by_city: dict[tuple[str, str], Organisation] = {}
        for county in rows.select_related("parent"):
            city = county.city_name
            self.by_name.setdefault(county.name, []).append(county)
            self.by_city[(city, county.name)] = county
            self.by_name.setdefault(city + county.name, []).append(county)  # 济南市市中区

    def find(self, city: str, name: str) -> tuple[Organisation | None, str]:
        """Return the county, or None and why (Chinese)."""
        if city:
            found = self.by_city.get((city, name))
            if found is None:
                return None, _("找不到%(city)s的县（市、区）“%(name)s”") % {
                    "city": city,
                    "name": name,
                }
            return found, ""
        named = self.by_name.get(name, [])
        if len(named) == 1:
            return named[0], ""
        if not named:
            return None, _("找不到县（市、区）“%(name)s”") % {"name": name}
        cities = "、".join(sorted(c.parent.name for c in named if c.parent))
        return None, _("“%(name)s”不止一个（%(cities)s），请填写所属市") % {
            "name": name,
            "cities": cities,
        }


def _inputs(framework: Framework) -> tuple[dict[str, Input], dict[str, list[Input]]]:
    by_key = {spec.key: spec for spec in framework.inputs()}
    by_label: dict[str, list[Input]] = {}
    for spec in framework.inputs():
        by_label.setdefault(spec.label, []).append(spec)
    return by_key, by_label


def _input(
    text: str, by_key: dict[str, Input], by_label: dict[str, list[Input]]
) -> tuple[Input | None, str]:
    """Return the feedable input a row names by key or label, or None and why (Chinese)."""
    spec = by_key.get(text)
    if spec is None:
        labelled = by_label.get(text, [])
        # a label also used by an input that is not a number names the number
        feedable = [x for x in labelled if is_feedable(x)]
        labelled = feedable or labelled
        if len(labelled) > 1:
            return None, _("字段“%(name)s”不止一个，请填写字段代码") % {"name": text}
        spec = labelled[0] if labelled else None
    if spec is None:
        return None, _("找不到字段“%(name)s”（请填写字段代码或字段名称）") % {"name": text}
    if not is_feedable(spec):
        return None, _(
            "“%(label)s”不是数值字段（或由评审专家评定），不能报送统计部门数据；"
            "只能报送计数、数值和百分比字段"
        ) % {"label": spec.label}
    return spec, ""


def number_of(spec: Input, raw: Any) -> int | float:
    """Return the checked number of a row's value, or raise ValueError (Chinese)."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError(_("缺少数值"))
    if isinstance(raw, str):
        parsed = parse_number(
            raw, integer=isinstance(spec, CountInput), percent=isinstance(spec, PercentInput)
        )
        if parsed is None:
            raise ValueError(_("缺少数值"))
        raw = parsed
    if not isinstance(raw, int | float):
        raise ValueError(_("应为数字"))
    if isinstance(spec, CountInput):
        if isinstance(raw, float) and not raw.is_integer():
            raise ValueError(_("应为整数，实际为 %(value)s") % {"value": raw})
        raw = int(raw)
    else:
        raw = float(raw)
    value = check_value(spec, raw)
    return int(value) if isinstance(spec, CountInput) else float(value)


def _digest(campaign: Campaign, source: str, as_of: dt.date, figures: Iterable[Any]) -> str:
    text = json.dumps([campaign.pk, source, as_of.isoformat(), sorted(figures)], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_feed(
    campaign: Campaign,
    rows: Sequence[Row],
    *,
    source: str,
    as_of: dt.date | None,
    province: Organisation | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Check every row of a feed and return what it would write; raise FeedRefused if any is
    wrong (unknown county or input, an input that is not a plain number, a bad number, the same
    county and input twice)."""
    problems = check_source(source, as_of, today)
    if not rows:
        problems.append(_("没有数据行：每行填写县（市、区）、字段和数值。"))
    if len(rows) > MAX_ROWS:
        raise FeedRefused([_("行数过多：一次最多 %(n)d 行。") % {"n": MAX_ROWS}])
    framework = campaign.framework
    counties = _Counties(province)
    by_key, by_label = _inputs(framework)
    seen: dict[tuple[int, str], int] = {}
    checked: list[tuple[Organisation, Input, int | float]] = []
    for row in rows:
        where = _("第 %(n)d 行") % {"n": row.line}
        county, why = counties.find(row.city.strip(), row.county.strip())
        if county is None:
            problems.append(f"{where}：{why}")
            continue
        spec, why = _input(str(row.field).strip(), by_key, by_label)
        if spec is None:
            problems.append(f"{where}：{why}")
            continue
        try:
            value = number_of(spec, row.value)
        except ValueError as e:
            problems.append(f"{where}：“{spec.label}”{e}")
            continue
        first = seen.setdefault((county.pk, spec.key), row.line)
        if first != row.line:
            problems.append(
                _("%(where)s：与第 %(first)d 行重复（同一县、同一字段）")
                % {"where": where, "first": first}
            )
            continue
        checked.append((county, spec, value))
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], _("……另有 %(n)d 个问题未列出。") % {"n": more}]
        raise FeedRefused(problems)
    if as_of is None:  # refused above already; said again for the type checker
        raise FeedRefused([_("请填写数据日期（统计数据发布或截至的日期）。")])
    return _plan(campaign, source.strip(), as_of, len(rows), checked)


def _plan(
    campaign: Campaign,
    source: str,
    as_of: dt.date,
    rows: int,
    checked: list[tuple[Organisation, Input, int | float]],
) -> Plan:
    keys = sorted({spec.key for _c, spec, _v in checked})
    current = {
        (county_id, key): (value, figure_source, figure_as_of)
        for county_id, key, value, figure_source, figure_as_of in OfficialFigure.objects.filter(
            campaign=campaign, key__in=keys
        ).values_list("county_id", "key", "value", "source", "as_of")
    }
    digest = _digest(campaign, source, as_of, [[c.pk, s.key, v] for c, s, v in checked])
    plan = Plan(campaign, source, as_of, rows, keys, digest)
    for county, spec, value in checked:
        old = current.get((county.pk, spec.key))
        if old is not None and old == (value, source, as_of):
            plan.unchanged += 1
            continue
        plan.changes.append(
            Change(
                county,
                spec.key,
                spec.label,
                old[0] if old else None,
                value,
                old[1] if old else "",
            )
        )
    plan.changes.sort(key=lambda c: (c.key, c.city_name, c.county.name))
    return plan
