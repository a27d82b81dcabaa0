"""Column fast paths: type a column's plainly valid values at once, the rest go to check_value."""

from __future__ import annotations

import math
import re
from datetime import date
from operator import itemgetter
from typing import Any

import numpy as np

from qcounty.core.framework import inputs
from qcounty.core.numbers import LARGEST


def _columns(rows: list[dict[str, Any]], keys: list[str]) -> list[list[Any]]:
    """Return each key's column over the rows; _MISSING where a row lacks the key."""
    if len(keys) > 1:
        try:  # every row has these keys, as a generated or exported file: one C pass
            columns = zip(*map(itemgetter(*keys), rows), strict=True)
            return [list(c) for c in columns] or [[] for _ in keys]
        except KeyError:
            pass
    return [[r.get(key, _MISSING) for r in rows] for key in keys]


_SLOW: Any = object()


_MISSING: Any = object()


_OMIT: Any = object()  # a value left out of the county: missing, or refused


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # as _text: below 32 but \t \n \r


def _fast_column(spec: inputs.Input, column: list[Any]) -> list[Any]:
    try:
        return _fast(spec, column)
    except Exception:  # an odd value (huge, unhashable…): let check_value word it
        return [_SLOW] * len(column)


def _fast(spec: inputs.Input, column: list[Any]) -> list[Any]:
    if isinstance(spec, inputs.BoolInput):
        return _bools(column, False)
    if isinstance(spec, inputs.ChoiceInput):
        return _choices(column, {o.id for o in spec.options}, False)
    if isinstance(spec, inputs.ChecklistInput):
        allowed = {o.id for o in spec.options}
        return [
            list(v)
            if v.__class__ is list
            and all(x.__class__ is str and x in allowed for x in v)
            and len(set(v)) == len(v)
            else _SLOW
            for v in column
        ]
    if isinstance(spec, inputs.CountsInput):
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
    if isinstance(spec, inputs.CountInput):
        return _integers(column, 0, spec.max, False)
    if isinstance(spec, inputs.PercentInput | inputs.NumberInput):
        return _numbers(column, spec.min, spec.max, False)
    if isinstance(spec, inputs.TextInput):
        return _texts(column, spec.max_length, False)
    if isinstance(spec, inputs.DateInput):
        return _dates(column, False)
    if isinstance(spec, inputs.RecordsInput):
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


def _records_column(spec: inputs.RecordsInput, column: list[Any]) -> list[Any]:
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
