"""Edit a workbook in LibreOffice Calc through UNO, as a clerk would, and save it as .xlsx.

Runs under the system interpreter with Debian's python3-uno (not the project's virtualenv):

    /usr/bin/python3 uno_calc.py STEPS.json

STEPS.json: {"source": path, "target": path, "profile": dir, "steps": [step, ...]} where a
step is {"sheet": name, "op": ...} with op one of
  "unprotect" / "protect"                    (no password, as the template ships)
  "delete_rows" {"row": n, "count": k}       rows as Excel numbers them (1-based)
  "insert_rows" {"row": n, "count": k}       k empty rows before row n
  "type" {"cell": "D12", "text": "85%"}      typed as a user types it (numbers, dates, % parsed)
Prints a JSON report: for each step whether Calc did it ("done": true/false).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

SOFFICE = "/usr/bin/soffice"


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def rows_in_use(sheet) -> int:
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.getRangeAddress().EndRow + 1


def step(ctx, doc, s: dict) -> dict:
    sheet = doc.Sheets.getByName(s["sheet"])
    op = s["op"]
    report = {"sheet": s["sheet"], "op": op, "done": True}
    if op == "unprotect":
        sheet.unprotect("")
        report["done"] = not sheet.isProtected()
    elif op == "protect":
        sheet.protect("")
        report["done"] = sheet.isProtected()
    elif op in ("delete_rows", "insert_rows"):
        first = s["row"] - 1
        last = first + s["count"] + 10

        def probe():  # a fresh range each time: a UNO range follows the rows it covers
            return sheet.getCellRangeByPosition(0, first, 30, last).getDataArray()

        before = probe()
        try:
            if op == "delete_rows":
                sheet.Rows.removeByIndex(first, s["count"])
            else:
                sheet.Rows.insertByIndex(first, s["count"])
        except Exception as e:
            report["done"], report["error"] = False, repr(e)
        else:
            report["done"] = probe() != before
    elif op == "type":
        # typed through the UI's input line, as a user types: 85% becomes 0.85 formatted as a
        # percentage, 2022-05-01 a date; a locked cell of a protected sheet is refused
        cell = sheet.getCellRangeByName(s["cell"])
        controller = doc.getCurrentController()
        controller.setActiveSheet(sheet)
        controller.select(cell)
        dispatch = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx
        )
        dispatch.executeDispatch(
            controller.Frame, ".uno:EnterString", "", 0, (prop("StringName", s["text"]),)
        )
        report["done"] = not (sheet.isProtected() and cell.CellProtection.IsLocked)
    else:
        raise SystemExit(f"unknown op {op}")
    report["rows_in_use"] = rows_in_use(sheet)
    return report


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    pipe = f"qcounty-uno-{os.getpid()}"
    office = subprocess.Popen(
        [
            SOFFICE,
            f"-env:UserInstallation={uno.systemPathToFileUrl(job['profile'])}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(job["source"]), "_blank", 0, (prop("Hidden", True),)
        )
        reports = [step(ctx, doc, s) for s in job["steps"]]
        doc.storeToURL(
            uno.systemPathToFileUrl(job["target"]),
            (prop("FilterName", "Calc MS Excel 2007 XML"),),
        )
        doc.close(True)
        print(json.dumps(reports, ensure_ascii=False))
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # the bridge closes as the office quits
                desktop.terminate()
        try:
            office.wait(30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
