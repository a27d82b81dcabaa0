"""Coherent synthetic cohorts and planted anomalies for benchmarks/plausibility.py."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from qcounty.core.framework.inputs import RecordsInput, TextInput
from qcounty.core.framework.model import Framework
from qcounty.core.plausibility.change import numeric_keys
from qcounty.core.plausibility.consistency import part_relations

Rng = np.random.Generator
Data = dict[str, Any]


@dataclass
class Planted:
    county: str
    key: str  # the key the anomaly was planted in (the flag must name it)
    keys: tuple[str, ...] = ()  # keys whose flags of this kind are expected, not false

    def __post_init__(self) -> None:
        self.keys = self.keys or (self.key,)


def get(values: dict[str, Any], key: str) -> Any:
    if key in values:
        return values[key]
    base, option = key.rsplit(".", 1)
    return (values.get(base) or {}).get(option)


def put(values: dict[str, Any], key: str, value: Any) -> None:
    if key in values or "." not in key or not isinstance(values.get(key.rsplit(".", 1)[0]), dict):
        values[key] = value
    else:
        base, option = key.rsplit(".", 1)
        values[base][option] = value


def bound(f: Framework, key: str) -> float | None:
    """Return the largest value the input accepts, if it has one."""
    top = getattr(f.input_or_none(key), "max", None)
    return None if top is None else float(top)


# ------------------------------------------------------------------ a coherent cohort


def clean(framework: Framework, data: Data, rng: Rng) -> Data:
    """Return the cohort with unique titles and texts, parts within wholes, backed ticks."""
    year = int(data["evaluation_year"])
    relations = part_relations(framework)
    for c in data["counties"]:
        name, values = c["name"], c["values"]
        for spec in framework.inputs():
            v = values.get(spec.key)
            if isinstance(spec, TextInput) and v is not None:
                values[spec.key] = (
                    f"{name}{spec.label}：第 {rng.integers(1, 10**6)} 号文件，"
                    "具体做法、落实情况及成效见佐证材料。"
                )
            elif isinstance(spec, RecordsInput) and v:
                _unique_texts(spec, v, c["city"] + name)  # 市中区 is in two cities
        for whole, parts in relations:
            _fit(values, whole, parts)
        for b in framework.plausibility.backed:
            _back(framework, values, b.checklist, b.records, b.match, year, name)
    return data


def _unique_texts(spec: RecordsInput, records: list[dict[str, Any]], name: str) -> None:
    texts = [f.key for f in spec.fields if f.type == "text"]
    for j, r in enumerate(records):
        for k in texts:
            if r.get(k):
                r[k] = f"{name}{r[k]}-{j}"


def _fit(values: dict[str, Any], whole: str, parts: list[str]) -> None:
    w = get(values, whole)
    ps = [get(values, k) for k in parts]
    if w is None or any(p is None for p in ps) or sum(ps) <= w:
        return
    for k, p in zip(parts, ps, strict=True):
        put(values, k, int(p * w // sum(ps)) if p > 0 else p)


def _back(
    framework: Framework,
    values: dict[str, Any],
    checklist: str,
    records: str,
    match: dict[str, list[str]],
    year: int,
    name: str,
) -> None:
    spec = framework.records_input(records)
    rows = []
    for option in values.get(checklist) or []:
        row: dict[str, Any] = {f.key: None for f in spec.fields}
        row.update({"title": f"{name}{match[option][0]}活动", "date": f"{year - 1}-06-15"})
        row.update({"content": f"{name}开展{match[option][0]}主题活动", "participants": 100})
        rows.append({k: v for k, v in row.items() if k in row})
    values[records] = rows


def previous_of(framework: Framework, data: Data, rng: Rng) -> Data:
    """Return the previous campaign: values shrunk by a plausible growth, base years carried."""
    before = copy.deepcopy(data)
    keys = numeric_keys(framework)
    for now, c in zip(data["counties"], before["counties"], strict=True):
        for key in keys:
            v = get(now["values"], key)
            if v is None:
                continue
            x = v / float(np.exp(rng.normal(0.06, 0.2)))
            top = bound(framework, key)
            if top is not None:
                x = min(x, top)
            put(
                c["values"],
                key,
                round(x, 2) if isinstance(v, float) else int(rng.poisson(max(x, 0))),
            )
        for k in framework.plausibility.carry:
            c["values"][k.previous] = now["values"][k.current]
    return before


# ------------------------------------------------------------------ planting


def _some(data: Data, rng: Rng, n: int, ok: Callable[[dict[str, Any]], bool]) -> list[int]:
    places = [i for i, c in enumerate(data["counties"]) if ok(c["values"])]
    return [int(i) for i in rng.choice(places, min(n, len(places)), replace=False)]


def plant_parts(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    relations = part_relations(f)
    out = []
    for i in _some(data, rng, n, lambda v: True):
        c = data["counties"][i]
        whole, parts = relations[int(rng.integers(len(relations)))]
        w = get(c["values"], whole) or 0
        put(c["values"], parts[0], int(w + 1 + rng.integers(0, max(1, w // 3 + 1))))
        out.append(Planted(c["name"], parts[0], (*parts, whole)))
    return out


def _lists(f: Framework, dated: bool) -> list[RecordsInput]:
    return [x for x in f.inputs() if isinstance(x, RecordsInput) and (x.date_field or not dated)]


def plant_dates(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    year = int(data["evaluation_year"])
    out = []
    lists = _lists(f, True)
    for i in _some(data, rng, n, lambda v: any(v.get(x.key) for x in lists)):
        c = data["counties"][i]
        spec = next(x for x in lists if c["values"].get(x.key))
        rows = c["values"][spec.key]
        when = f"{year + int(rng.integers(0, 3))}-{int(rng.integers(1, 13)):02d}-10"
        assert spec.date_field
        rows[int(rng.integers(len(rows)))][spec.date_field] = when
        out.append(Planted(c["name"], spec.key))
    return out


def plant_duplicates(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    lists = _lists(f, False)
    out = []
    for i in _some(data, rng, n, lambda v: any(v.get(x.key) for x in lists)):
        c = data["counties"][i]
        options = [x for x in lists if c["values"].get(x.key)]
        spec = options[int(rng.integers(len(options)))]
        rows = c["values"][spec.key]
        rows.append(copy.deepcopy(rows[int(rng.integers(len(rows)))]))
        out.append(Planted(c["name"], spec.key))
    return out


def plant_jumps(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    keys = [k for k in numeric_keys(f) if bound(f, k) is None]
    out = []
    for i in _some(data, rng, n, lambda v: True):
        c = data["counties"][i]
        usable = [k for k in keys if (get(c["values"], k) or 0) >= 2]
        key = usable[int(rng.integers(len(usable)))]
        v = get(c["values"], key)
        x = v * float(rng.uniform(6, 20))
        put(c["values"], key, round(x, 2) if isinstance(v, float) else int(x))
        out.append(Planted(c["name"], key))
    return out


def plant_cumulative(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    entry = f.plausibility.cumulative[0]
    spec = f.records_input(entry.records)
    out = []
    for i in _some(data, rng, n, lambda v: True):
        c, b = data["counties"][i], before["counties"][i]
        row: dict[str, Any] = {
            x.key: f"{c['name']}往年奖励" for x in spec.fields if x.type == "text"
        }
        row.update(
            {
                w.field: (w.equals[0] if isinstance(w.equals, list) else w.equals)
                for w in entry.where
            }
        )
        row[spec.date_field or "date"] = "2015-05-01"
        b["values"][entry.records] = [*b["values"].get(entry.records, []), row, dict(row)]
        out.append(Planted(c["name"], entry.records))
    return out


def plant_carry(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    out = []
    for i in _some(data, rng, n, lambda v: True):
        c = data["counties"][i]
        k = f.plausibility.carry[int(rng.integers(len(f.plausibility.carry)))]
        v = c["values"][k.current] or 0
        x = max(v * float(rng.uniform(1.1, 2.0)), v + 3)
        c["values"][k.current] = round(x, 2) if isinstance(v, float) else int(x)
        out.append(Planted(c["name"], k.current))
    return out


def _tier_median(data: Data, i: int, key: str) -> float:
    city_tier = data["counties"][i].get("_tier")
    values = [get(c["values"], key) for c in data["counties"] if c.get("_tier") == city_tier]
    return float(np.median([v for v in values if v is not None]))


def plant_outliers(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    """Plant 10–30 × the tier's median in an unbounded value: an extra digit, 万 for 个."""
    return _outliers(f, data, rng, n, relative_to_peers=True)


def plant_own_outliers(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    """Plant 10–30 × the county's own value (≥ 1): the same typo on any county."""
    return _outliers(f, data, rng, n, relative_to_peers=False)


def _outliers(f: Framework, data: Data, rng: Rng, n: int, relative_to_peers: bool) -> list[Planted]:
    tiers = f.tier_of_city()
    for c in data["counties"]:
        c["_tier"] = tiers.get(c["city"], 0)
    keys = [k for k in numeric_keys(f) if bound(f, k) is None]
    out = []
    for i in _some(data, rng, n, lambda v: True):
        c = data["counties"][i]
        usable = [k for k in keys if (get(c["values"], k) or 0) >= 1]
        key = usable[int(rng.integers(len(usable)))]
        v = get(c["values"], key)
        base = max(_tier_median(data, i, key), 1.0) if relative_to_peers else v
        x = base * float(rng.uniform(10, 30))
        put(c["values"], key, round(x, 2) if isinstance(v, float) else int(x))
        out.append(Planted(c["name"], key))
    for c in data["counties"]:
        del c["_tier"]
    return out


def plant_claims(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    out = []
    for i in _some(data, rng, n, lambda v: True):
        c = data["counties"][i]
        u = f.plausibility.unique[int(rng.integers(len(f.plausibility.unique)))]
        from qcounty.core.plausibility.flags import matches

        donors = [
            d
            for d in data["counties"]
            if d is not c and any(matches(r, u.where) for r in d["values"].get(u.records) or [])
        ]
        donor = donors[int(rng.integers(len(donors)))]
        row = next(r for r in donor["values"][u.records] if matches(r, u.where))
        c["values"][u.records] = [*(c["values"].get(u.records) or []), copy.deepcopy(row)]
        out += [Planted(c["name"], u.records), Planted(donor["name"], u.records)]
    return out


def plant_texts(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    keys = [x.key for x in f.inputs() if isinstance(x, TextInput)]
    out = []
    for i in _some(data, rng, n, lambda v: True):
        c = data["counties"][i]
        key = keys[int(rng.integers(len(keys)))]
        donor = data["counties"][
            (i + 1 + int(rng.integers(len(data["counties"]) - 1))) % len(data["counties"])
        ]
        c["values"][key] = donor["values"][key]
        out += [Planted(c["name"], key), Planted(donor["name"], key)]
    return out


def plant_unbacked(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    b = f.plausibility.backed[0]
    out = []
    for i in _some(data, rng, n, lambda v: bool(v.get(b.checklist))):
        c = data["counties"][i]
        ticked = c["values"][b.checklist]
        option = ticked[int(rng.integers(len(ticked)))]
        words = b.match[option]
        c["values"][b.records] = [
            r for r in c["values"][b.records] if not any(w in (r.get("title") or "") for w in words)
        ]
        out.append(Planted(c["name"], b.checklist))
    return out


# ------------------------------------------------------------------ evidence coverage

EVIDENCE = (
    "_evidence"  # where a planter leaves the files it gives each county (popped before parsing)
)
BY_RECORD = 0.3  # the share of non-empty record lists whose county attaches a file per record


def full_evidence(f: Framework, data: Data, rng: Rng) -> dict[tuple[str, str], dict[str, set[Any]]]:
    """Return a file for every indicator of every county: per record for some lists, else one."""
    out = {}
    for c in data["counties"]:
        indicators: set[int] = set()
        records: set[tuple[str, int]] = set()
        for ind in f.indicators():
            lists = [x.key for x in ind.inputs if isinstance(x, RecordsInput)]
            if any(c["values"].get(k) for k in lists) and rng.random() < BY_RECORD:
                records |= _every_record(c["values"], lists)
            else:
                indicators.add(ind.number)
        out[(c["city"], c["name"])] = {"indicators": indicators, "records": records}
    return out


def _every_record(values: dict[str, Any], lists: list[str]) -> set[tuple[str, int]]:
    return {(k, n) for k in lists for n in range(1, len(values.get(k) or []) + 1)}


def plant_unevidenced(f: Framework, data: Data, before: Data, rng: Rng, n: int) -> list[Planted]:
    """Remove the files of a scoring indicator (even plants) or of one scoring record (odd)."""
    from qcounty.core.cohort import parse_cohort
    from qcounty.core.plausibility.coverage import claimed
    from qcounty.core.scoring import score_cohort

    evidence = full_evidence(f, data, rng)
    cohort = parse_cohort(data, f)
    score = score_cohort(f, cohort)
    indicators = f.indicators()
    out: list[Planted] = []
    tried: set[int] = set()
    while len(out) < n and len(tried) < len(data["counties"]):
        i = int(rng.integers(len(data["counties"])))
        if i in tried:
            continue
        tried.add(i)
        c = data["counties"][i]
        mine = evidence[(c["city"], c["name"])]
        scoring = [j for j in range(len(indicators)) if score.indicator_points[j, i] > 0]
        if not scoring:
            continue
        ind = indicators[scoring[int(rng.integers(len(scoring)))]]
        scored = [x for x in ind.inputs if not x.informational]
        keys = tuple(x.key for x in scored if claimed(c["values"].get(x.key)))
        if not keys:
            continue
        if len(out) % 2 == 0:
            lists = [x.key for x in ind.inputs if isinstance(x, RecordsInput)]
            mine["indicators"].discard(ind.number)
            mine["records"] -= {(k, m) for k, m in mine["records"] if k in lists}
            out.append(Planted(c["name"], keys[0], keys))
        else:
            place = _scoring_record(f, cohort, i, ind, rng)
            if place is None:
                continue
            lists = [x.key for x in ind.inputs if isinstance(x, RecordsInput)]
            mine["indicators"].discard(ind.number)
            mine["records"] |= _every_record(c["values"], lists)
            mine["records"].discard(place)
            # the list's only file removed: the indicator has none left, flagged as a whole
            out.append(Planted(c["name"], place[0], (place[0], *keys)))
    data[EVIDENCE] = evidence
    return out


def _scoring_record(
    f: Framework, cohort: Any, i: int, ind: Any, rng: Rng
) -> tuple[str, int] | None:
    """Return a record of the indicator whose removal costs the county points, if one does."""
    import dataclasses

    from qcounty.core.scoring import score_cohort

    county = cohort.counties[i]
    lists = [x.key for x in ind.inputs if isinstance(x, RecordsInput) and not x.informational]
    places = [(k, m) for k in lists for m in range(1, len(county.values.get(k) or []) + 1)]
    for j in rng.permutation(len(places))[:4]:
        k, m = places[int(j)]
        rows = [r for p, r in enumerate(county.values[k], start=1) if p != m]
        copy_ = dataclasses.replace(county, values={**county.values, k: rows})
        totals = score_cohort(f, [*cohort.counties, copy_], cohort.year).totals
        if totals[-1] < totals[i] - 1e-9:
            return (k, m)
    return None


Planter = Callable[[Framework, Data, Data, Rng, int], list[Planted]]
KINDS: dict[str, Planter] = {
    "part_exceeds_whole": plant_parts,
    "date_outside": plant_dates,
    "duplicate_record": plant_duplicates,
    "jump": plant_jumps,
    "cumulative_fell": plant_cumulative,
    "carry_mismatch": plant_carry,
    "peer_outlier": plant_outliers,
    "peer_outlier (own ×10–30)": plant_own_outliers,
    "same_claim": plant_claims,
    "same_text": plant_texts,
    "unbacked_tick": plant_unbacked,
    "unevidenced": plant_unevidenced,
}


def pairs_examined(f: Framework, kind: str, n: int) -> int:
    """Return the county-key pairs a kind examines in a cohort of n counties."""
    p = f.plausibility
    compared = len(set(numeric_keys(f)) - {q.by for q in p.per_capita})  # divisors are not
    per_county = {
        "part_exceeds_whole": len(part_relations(f)),
        "date_outside": len(_lists(f, True)),
        "duplicate_record": len(_lists(f, False)),
        "jump": len(numeric_keys(f)),
        "cumulative_fell": len(p.cumulative),
        "carry_mismatch": len(p.carry),
        "peer_outlier": compared,
        "peer_outlier (own ×10–30)": compared,
        "same_claim": len(p.unique),
        "same_text": sum(isinstance(x, TextInput) for x in f.inputs()),
        "unbacked_tick": sum(len(b.match) for b in p.backed),
        "unevidenced": len(f.indicators()),
    }
    return n * per_county[kind]
