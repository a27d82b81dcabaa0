"""A plausibility flag and what every check reads: the framework, the cohort, the thresholds."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qcounty.core.cohort import County
from qcounty.core.framework.inputs import CountsInput, RecordsInput, Where
from qcounty.core.framework.model import Framework
from qcounty.core.messages import Message, fmt
from qcounty.core.wording import Wording, wording

# groups of kinds, as the issue names them
CONSISTENCY = "consistency"
CHANGE = "change"
PEERS = "peers"
ACROSS = "across"
BACKING = "backing"

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The thresholds of the checks, chosen with benchmarks/plausibility.py (docs/plausibility.md)."""

    jump_factor: float = 5.0  # a value × 5 (or ÷ 5) on the previous campaign
    jump_floor: float = 10.0  # … when the larger of the two is at least this
    outlier_z: float = 3.5  # robust z (median, MAD) beyond which a value is an outlier
    outlier_min_peers: int = 8  # fewer comparable peers: no outlier test
    ratio_tolerance: float | None = None  # None: each declaration's own tolerance


@dataclass(frozen=True, slots=True)
class Flag:
    """One implausible value of one county, with what it puts at stake."""

    kind: str  # e.g. "part_exceeds_whole"
    group: str  # consistency, change, peers, across, backing
    severity: str  # high, medium, low
    city: str
    county: str
    keys: tuple[str, ...]  # the input keys involved (the first is the one to correct)
    values: dict[str, Any]  # key → value involved (JSON-ready)
    message: Message  # the county may read it: it never names another county
    correction: dict[str, Any] = field(default_factory=dict)  # key → the corrected value
    basis: str = "零"  # what the correction is: 零, 同梯队中位数, 整体数值 …
    points_at_stake: float = 0.0
    others: tuple[tuple[str, str], ...] = ()  # (city, county) of the other counties (province)
    record: int | None = None  # 1-based record index within the list, when one record

    @property
    def others_n(self) -> int:
        """Return how many other counties share the claim (`others` names the first few)."""
        return int(self.message.params.get("others_n", len(self.others)))

    def explain(self) -> str:
        """Return the Chinese explanation, with the points at stake when there are any."""
        text = self.message.render()
        if self.points_at_stake > 0:
            stake = Message(
                "plaus.stake", {"basis": self.basis, "points": fmt(self.points_at_stake)}
            )
            text += stake.render()
        return text

    def as_json(self) -> dict[str, Any]:
        """Return the flag as plain JSON data."""
        return {
            "kind": self.kind,
            "group": self.group,
            "severity": self.severity,
            "city": self.city,
            "county": self.county,
            "keys": list(self.keys),
            "values": self.values,
            "points_at_stake": round(self.points_at_stake, 2),
            "basis": self.basis,
            "correction": {
                k: plain(v) for k, v in self.correction.items() if not isinstance(v, list)
            },
            "record": self.record,
            "others": [{"city": c, "county": n} for c, n in self.others],
            "others_n": self.others_n,
            "code": self.message.code,
            "params": self.message.params,
            "text": self.explain(),
        }


@dataclass
class Context:
    """What the checks read: the framework, the evaluation year, the day, the thresholds."""

    framework: Framework
    year: int
    today: date
    thresholds: Thresholds = field(default_factory=Thresholds)
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, name: str, make: Callable[[], Any]) -> Any:
        """Return what `make` returns, computed once per context."""
        if name not in self.memo:
            self.memo[name] = make()
        return self.memo[name]

    @property
    def words(self) -> Wording:
        """Return the scheme's words for its units and their comparison groups."""
        words: Wording = self.once("words", lambda: wording(self.framework))
        return words

    def word_params(self) -> dict[str, str]:
        """Return a message's parameters naming the units and groups: 县/企业, 梯队/行业."""
        return {"unit": self.words.short, "grouping": self.words.grouping}

    def label(self, key: str) -> str:
        try:
            return self.framework.value_label(key)
        except KeyError:
            return key

    def window_span(self, spec: RecordsInput) -> tuple[str, str, int | None, int]:
        """Return the list's window label, span and first and last years."""
        window = self.framework.windows[spec.window] if spec.window else None
        if window is None:
            return "", "", None, self.year
        first, last = window.years(self.year)
        return window.label, window.span(self.year), first, last


def number(county: County, key: str) -> float | None:
    """Return a numeric value of the county (`key.option` for a counts input), or None."""
    v = county.values.get(key)
    if v is None and "." in key:
        base, option = key.rsplit(".", 1)
        parent = county.values.get(base)
        if isinstance(parent, dict):
            v = parent.get(option, 0)
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    x = float(v)
    return None if math.isnan(x) else x


def expand(framework: Framework, key: str) -> list[str]:
    """Return the key, or one key per option when the key is a counts input."""
    spec = framework.input_or_none(key)
    if isinstance(spec, CountsInput):
        return [f"{key}.{o.id}" for o in spec.options]
    return [key]


def matches(record: dict[str, Any], where: list[Where]) -> bool:
    """Return whether a record passes every filter."""
    for w in where:
        v = record.get(w.field)
        if isinstance(w.equals, list) and v not in w.equals:
            return False
        if not isinstance(w.equals, list) and v != w.equals:
            return False
    return True


def records(county: County, key: str) -> list[dict[str, Any]]:
    """Return the county's records of a list (empty when not reported)."""
    v = county.values.get(key)
    return v if isinstance(v, list) else []


def as_date(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v)
        except ValueError:
            return None
    return None


def plain(v: Any) -> Any:
    """Return a value JSON can hold (dates as ISO text)."""
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def normalise(text: Any) -> str:
    """Return text for comparison: full-width folded, lower case, letters and digits only."""
    if not isinstance(text, str):
        return "" if text is None else str(text)
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if ch.isalnum())
