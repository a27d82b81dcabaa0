"""Read one cell of a filled-in template as its field's type, or say why not (Chinese)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl.utils.datetime import from_excel

from qcounty.core.framework.inputs import (
    BoolInput,
    ChoiceInput,
    CountInput,
    DateInput,
    Input,
    NumberInput,
    Option,
    PercentInput,
    RecordField,
    TextInput,
)
from qcounty.core.numbers import NumberError, parse_number
from qcounty.office.template import NO, RECORDS_NO, YES

FULL_WIDTH = str.maketrans("０１２３４５６７８９．－，％／", "0123456789.-,%/")
DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
INTEGER = re.compile(r"[+-]?[0-9]+")
TRUE = {YES, "true", "True", "TRUE"}
FALSE = {NO, "false", "False", "FALSE"}
SERIAL_RANGE = (
    (date(1950, 1, 1) - date(1899, 12, 30)).days,
    (date(2100, 12, 31) - date(1899, 12, 30)).days,
)


class CellError(ValueError):
    """A cell that cannot be read as its field's type; the message follows the label."""


def blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def shown(v: Any) -> str:
    if isinstance(v, datetime):
        text = v.date().isoformat() if v.time() == time() else v.isoformat(sep=" ")
    elif isinstance(v, float) and v.is_integer():
        text = str(int(v))
    else:
        text = str(v)
    return text if len(text) <= 40 else text[:37] + "…"


def scalar(spec: Input, v: Any, number_format: str, epoch: Any) -> Any:
    if isinstance(spec, BoolInput):
        return yes_no(v)
    if isinstance(spec, ChoiceInput):
        return choice(spec.options, v)
    if isinstance(spec, CountInput):
        return integer(v)
    if isinstance(spec, PercentInput):
        x = number(v, percent=True)
        if "%" in number_format and isinstance(v, int | float) and not isinstance(v, bool):
            x = round(x * 100, 10)  # the cell was formatted as a percentage: 0.95 shows 95%
        return x
    if isinstance(spec, NumberInput):
        return number(v)
    if isinstance(spec, DateInput):
        return date_value(v, epoch)
    if isinstance(spec, TextInput):
        return text(v)
    raise CellError("无法识别")


def field_value(f: RecordField, v: Any, epoch: Any) -> Any:
    match f.type:
        case "bool":
            return yes_no(v)
        case "choice":
            return choice(f.options, v)
        case "date":
            return date_value(v, epoch)
        case "count":
            return integer(v)
        case "number":
            return number(v)
        case _:
            return text(v)


def records_status(v: Any) -> str:
    text = str(v).strip()
    if text == RECORDS_NO or text in FALSE:
        return "no"
    if text.startswith("有") or text in TRUE:
        return "yes"
    raise CellError(f"应从下拉列表中选择“有”或“{RECORDS_NO}”，填的是“{shown(v)}”")


def yes_no(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        text = v.strip()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
    raise CellError(f"应从下拉列表中选择“{YES}”或“{NO}”，填的是“{shown(v)}”")


def choice(options: list[Option], v: Any) -> str:
    text = shown(v).strip() if not isinstance(v, str) else v.strip()
    squeeze = squeezed(text)
    for o in options:
        if text == o.label or squeezed(o.label) == squeeze:
            return o.id
    for o in options:
        if text == o.id:
            return o.id
    labels = "、".join(o.label for o in options)
    raise CellError(f"填的“{shown(v)}”不是可选项，请从下拉列表中选择（{labels}）")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH)).replace("(", "（").replace(")", "）")


def integer(v: Any) -> int | float:
    if isinstance(v, bool | datetime | date | time | timedelta):
        raise CellError(f"不是数字（填的是“{shown(v)}”），请填写整数")
    if isinstance(v, int | float):
        return v  # check_value says whether it is a whole number in range
    try:
        x = parse_number(str(v))  # "3.0" is read, and check_value says whether it is whole
    except NumberError:
        raise CellError(f"不是数字（填的是“{shown(v)}”），请填写整数") from None
    if x is None:
        raise CellError(f"不是数字（填的是“{shown(v)}”），请填写整数")
    return int(x) if float(x).is_integer() else x


def number(v: Any, *, percent: bool = False) -> float:
    if isinstance(v, bool | datetime | date | time | timedelta):
        raise CellError(f"不是数字（填的是“{shown(v)}”）")
    if isinstance(v, int | float):
        return float(v)
    try:
        x = parse_number(str(v), percent=True)
    except NumberError:
        raise CellError(f"不是数字（填的是“{shown(v)}”）") from None
    if x is None:
        raise CellError(f"不是数字（填的是“{shown(v)}”）")
    return float(x)


def date_value(v: Any, epoch: Any) -> str:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, int | float) and not isinstance(v, bool):
        if not SERIAL_RANGE[0] <= v <= SERIAL_RANGE[1]:
            raise CellError(f"不是有效日期（填的是“{shown(v)}”），应写成 2021-06-30 的形式")
        when = from_excel(v, epoch) if epoch is not None else from_excel(v)
        return when.date().isoformat() if isinstance(when, datetime) else str(when)
    if isinstance(v, str):
        text = v.translate(FULL_WIDTH).strip()
        m = DATE_TEXT.fullmatch(text) or DATE_DIGITS.fullmatch(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                pass
    raise CellError(f"不是有效日期（填的是“{shown(v)}”），应写成 2021-06-30 的形式")


def text(v: Any) -> str:
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool):
        return YES if v else NO
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time() else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def as_int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and INTEGER.fullmatch(v.strip()):
        return int(v.strip())
    return None
