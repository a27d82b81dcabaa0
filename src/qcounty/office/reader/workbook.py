"""Read a filled-in template: the meta sheet first, then every sheet, then every input's value."""

from __future__ import annotations

import logging
import warnings
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from qcounty.core.framework.model import Framework
from qcounty.office import cellvalues
from qcounty.office.reader.results import ParsedWorkbook, Problem, _refused
from qcounty.office.reader.screening import MAX_BYTES, screen
from qcounty.office.reader.values import _ValueReader
from qcounty.office.template import (
    FORMAT,
    LISTS_SHEET,
    META_FIELDS,
    META_SHEET,
)

log = logging.getLogger("qcounty.office.reader")  # the name it logged under as one module


MAX_PROBLEMS = 200


NOT_TEMPLATE = "不是本系统生成的填报模板，请先在系统中下载模板，填写后再上传。"


def read_workbook(
    data: bytes, framework: Framework, *, max_bytes: int = MAX_BYTES
) -> ParsedWorkbook:
    """Return the values and problems of a filled-in template.

    Never raises for a bad file: every problem is a Problem; never evaluates formulas.
    """
    refusal = screen(data, max_bytes)
    if refusal:
        return _refused(refusal)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # a broken file may fail anywhere inside openpyxl
        return _refused("文件已损坏或不是 Excel（.xlsx）文件，无法打开。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _Reader(framework, wb).read()
    except Exception:  # never let a hostile file crash the caller
        log.exception("reading an uploaded workbook failed")
        return _refused("文件内容无法识别，请重新下载模板填写后再上传。")
    finally:
        wb.close()


class _Reader(_ValueReader):
    """Read a template: its meta sheet, then every sheet, then every input's value."""

    # -------------------------------------------------------------------------- driver

    def read(self) -> ParsedWorkbook:
        meta, refusal = self._meta()
        if refusal:
            result = _refused(refusal)
            result.meta = meta
            return result
        main_found = False
        for ws in self.wb.worksheets:
            if ws.title in (META_SHEET, LISTS_SHEET):
                continue
            kind = self._sheet(ws)
            main_found = main_found or kind == "main"
            if kind == "":
                self.notes.append(
                    Problem(ws.title, None, "", f"工作表“{ws.title}”不是模板中的表，已忽略。")
                )
        if not main_found:
            self._problem(
                "", None, "", "找不到“填报”表（含“字段代码”隐藏列的表），未导入其中的数据。"
            )
        self._values()
        problems = self.problems
        if len(problems) > MAX_PROBLEMS:
            problems = [
                *problems[:MAX_PROBLEMS],
                Problem("", None, "", f"……另有 {len(problems) - MAX_PROBLEMS} 个问题未列出。"),
            ]
        return ParsedWorkbook(
            meta=meta,
            values=self.values,
            problems=problems,
            notes=self.notes,
            locations=self.locations,
            labels={k: s.label for k, s in self.specs.items() if k in self.values},
            _specs={k: s for k, s in self.specs.items() if k in self.values},
        )

    def _meta(self) -> tuple[dict[str, Any], str]:
        if META_SHEET not in self.wb.sheetnames:
            return {}, NOT_TEMPLATE
        raw: dict[str, Any] = {}
        for n, row in enumerate(self.wb[META_SHEET].iter_rows(values_only=True), start=1):
            if n > 100:
                break
            if len(row) >= 1 and isinstance(row[0], str):
                raw[row[0].strip()] = row[1] if len(row) > 1 else None
        if raw.get("format") != FORMAT:
            return {}, NOT_TEMPLATE
        meta: dict[str, Any] = {}
        for name in META_FIELDS:
            v = raw.get(name)
            if name in ("evaluation_year", "application_id"):
                meta[name] = cellvalues.as_int(v)
            elif name == "department":
                meta[name] = str(v).strip() if v not in (None, "") else None
            else:
                meta[name] = "" if v is None else str(v)
        if meta["framework_id"] != self.fw.id:
            return meta, (
                f"该模板属于评价体系“{meta['framework_id']}”，与本申报所用的“{self.fw.id}”不一致，"
                "请下载本申报的模板重新填写。"
            )
        if meta["framework_version"] and meta["framework_version"] != self.fw.version:
            self.notes.append(
                Problem(
                    META_SHEET,
                    None,
                    "",
                    f"模板生成时的评价体系版本为“{meta['framework_version']}”，"
                    f"当前为“{self.fw.version}”；已按当前版本导入能识别的项目。",
                )
            )
        return meta, ""
