"""Data validations and option lists of the template's sheets."""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from qcounty.core.numbers import LARGEST
from qcounty.office.template.cells import _num, _serial
from qcounty.office.template.layout import LISTS_SHEET, safe_text


class _Validations:
    """Data validations of one sheet, one object per distinct rule."""

    def __init__(self, ws: Worksheet, lists: _Lists) -> None:
        self.ws, self.lists = ws, lists
        self.by_rule: dict[tuple[Any, ...], DataValidation] = {}

    def _get(self, rule: tuple[Any, ...], **kw: Any) -> DataValidation:
        dv = self.by_rule.get(rule)
        if dv is None:
            dv = DataValidation(
                allow_blank=True, showErrorMessage=True, errorTitle="填写有误", **kw
            )
            self.ws.add_data_validation(dv)
            self.by_rule[rule] = dv
        return dv

    def choice(self, where: str, labels: list[str]) -> None:
        formula = self.lists.formula(labels)
        shown = "、".join(labels)
        error = "请从下拉列表中选择" + (f"：{shown}" if len(shown) <= 200 else "")
        self._get(("list", formula), type="list", formula1=formula, error=error).add(where)

    def whole(self, where: str, low: int, high: int | None) -> None:
        if high is None:
            kw = {"operator": "greaterThanOrEqual", "formula1": str(low)}
            error = f"请填写不小于 {low} 的整数"
        else:
            kw = {"operator": "between", "formula1": str(low), "formula2": str(high)}
            error = f"请填写 {low}–{high} 之间的整数"
        self._get(("whole", low, high), type="whole", error=error, **kw).add(where)

    def decimal(self, where: str, low: float | None, high: float | None, unit: str) -> None:
        lo = -LARGEST if low is None else low
        hi = LARGEST if high is None else high
        percent = "%" if unit == "%" else ""
        if low is None and high is None:
            error = "请填写数字"
        elif high is None:
            error = f"请填写不小于 {_num(lo)}{percent} 的数字"
        elif low is None:
            error = f"请填写不大于 {_num(hi)}{percent} 的数字"
        else:
            error = f"请填写 {_num(lo)}–{_num(hi)}{percent} 之间的数字"
        if unit and not percent:
            error += f"（单位：{unit}）"
        self._get(
            ("decimal", lo, hi, unit),
            type="decimal",
            operator="between",
            formula1=_num(lo),
            formula2=_num(hi),
            error=error,
        ).add(where)

    def date(self, where: str) -> None:
        first, last = _serial(date(1900, 1, 1)), _serial(date(2100, 12, 31))
        self._get(
            ("date",),
            type="date",
            operator="between",
            formula1=str(first),
            formula2=str(last),
            error="请填写日期，如 2021-06-30",
        ).add(where)

    def text(self, where: str, most: int) -> None:
        self._get(
            ("text", most),
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(most),
            error=f"不能超过 {most} 个字",
        ).add(where)


class _Lists:
    """Option lists: in the cell's rule when short, else on the very hidden _lists sheet."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.ws: Worksheet | None = None
        self.columns: dict[tuple[str, ...], str] = {}

    def formula(self, labels: list[str]) -> str:
        inline = ",".join(labels)
        if len(inline) <= 250 and not any("," in x or '"' in x for x in labels):
            return f'"{inline}"'
        key = tuple(labels)
        if key not in self.columns:
            if self.ws is None:
                self.ws = self.wb.create_sheet(LISTS_SHEET)
                self.ws.sheet_state = "veryHidden"
            col = get_column_letter(len(self.columns) + 1)
            for n, label in enumerate(labels, start=1):
                safe_text(self.ws[f"{col}{n}"], label)
            self.columns[key] = f"'{LISTS_SHEET}'!${col}$1:${col}${len(labels)}"
        return self.columns[key]
