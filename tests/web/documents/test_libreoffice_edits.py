"""A clerk edits the downloaded template in LibreOffice Calc, rows deleted and inserted, then imports it.

LibreOffice is driven headless through UNO (tests/office/uno_calc.py): 填报 is unprotected, rows
are deleted and inserted, values typed, the sheet protected again; in the protected record sheet
a row is deleted and one inserted; the file is saved as .xlsx. The web (upload, dry run,
confirm) and the command line must both read every value.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from qcounty.web.reporting.models import InputValue, Record
from tests.office.calc import edit_in_calc
from tests.web.conftest import World

MAIN = "填报"
STANDARDS = "标准制修订"  # the record sheet of i14.standards


def _rows_by_key(book: openpyxl.Workbook) -> dict[str, int]:
    sheet = book[MAIN]
    return {
        str(sheet.cell(r, 7).value): r
        for r in range(1, sheet.max_row + 1)
        if isinstance(sheet.cell(r, 7).value, str) and "." in str(sheet.cell(r, 7).value)
    }


def _record(row: int, scope: str, role: str, title: str, code: str, day: str) -> list[dict]:
    """Steps typing one standard into a row of the record sheet (columns B–F)."""
    return [
        {"sheet": STANDARDS, "op": "type", "cell": f"{col}{row}", "text": text}
        for col, text in zip("BCDEF", (scope, role, title, code, day), strict=True)
    ]


def test_a_template_edited_in_libreoffice_imports_through_the_web_and_the_cli(
    world: World, login, tmp_path: Path
) -> None:
    client = login(world.market_clerk)
    download = client.get(reverse("documents:template", args=[world.application.pk]))
    assert download.status_code == 200
    source = tmp_path / "模板.xlsx"
    source.write_bytes(download.content)
    rows = _rows_by_key(openpyxl.load_workbook(io.BytesIO(download.content)))
    assert [openpyxl.load_workbook(source)[STANDARDS].cell(4, c).value for c in range(2, 7)] == [
        "scope", "role", "title", "code", "date",
    ]  # fmt: skip

    def typed(key: str, text: str, shift: int = 0) -> dict[str, Any]:
        """Type into the 填报内容 of the row this key was on, shifted by the edits above it."""
        return {"sheet": MAIN, "op": "type", "cell": f"D{rows[key] + shift}", "text": text}

    deleted = ["i19.helped", "i19.helped_before"]  # a whole indicator's rows
    first_deleted = rows[deleted[0]]
    assert rows[deleted[1]] == first_deleted + 1
    inserted_at = rows["i26.disposal_rate"]  # an empty row above this one
    assert rows["i17.public_standards"] < first_deleted < rows["i20.coverage"] < inserted_at
    steps = [
        {"sheet": MAIN, "op": "unprotect"},
        typed("i17.metrologists", "12"),
        typed("i17.a_class_coverage", "85%"),
        typed("i09.credit_risk_full", "是"),
        typed("i16.promoted", "否"),
        typed("i10.funded#metrology", "是"),
        typed("i10.funded#brand", "否"),
        typed("i18.detail", "完成能效审查 3 项"),
        typed("i19.helped", "40"),  # typed, then its row deleted: not imported
        {"sheet": MAIN, "op": "delete_rows", "row": first_deleted, "count": 2},
        {"sheet": MAIN, "op": "insert_rows", "row": inserted_at - 2, "count": 1},
        # rows below both edits are one up: 2 deleted above them, 1 inserted
        typed("i26.disposal_rate", "97.5", shift=-1),
        typed("i30.batches", "1,256", shift=-1),
        typed("i41.patents", "3.5", shift=-1),
        typed("i17.public_standards", "7"),  # above both edits
        typed("i20.coverage", "66.6", shift=-2),  # between them: 2 rows up
        {"sheet": MAIN, "op": "protect"},
        # the record sheet stays protected: rows are deleted and inserted all the same
        *_record(5, "国家标准", "主导制定", "甲标准", "GB/T 1-2022", "2022-05-01"),
        *_record(6, "省级地方标准", "参与制定", "乙标准", "DB37/T 2-2022", "2022-06-01"),
        *_record(7, "国家标准", "主导修订", "丙标准", "GB/T 3-2022", "2022-07-01"),
        {"sheet": STANDARDS, "op": "delete_rows", "row": 6, "count": 1},
        {"sheet": STANDARDS, "op": "insert_rows", "row": 5, "count": 1},
        *_record(5, "国际标准或国外先进标准", "参与修订", "丁标准", "ISO 4:2021", "2021-03-15"),
        {"sheet": STANDARDS, "op": "insert_rows", "row": 7, "count": 3},  # blank rows between
    ]
    edited = tmp_path / "改过的模板.xlsx"
    report = edit_in_calc(source, edited, steps, tmp_path)
    assert [s for s in report if not s["done"]] == []  # Calc did every step, protected or not
    with zipfile.ZipFile(edited) as xlsx:  # what made the import refuse such files
        assert b'<row r="1048576"' in xlsx.read("xl/worksheets/sheet1.xml")

    records = [
        ("international", "participate_revise", "丁标准", "ISO 4:2021", "2021-03-15"),
        ("national", "lead_formulate", "甲标准", "GB/T 1-2022", "2022-05-01"),
        ("national", "lead_revise", "丙标准", "GB/T 3-2022", "2022-07-01"),
    ]
    want: dict[str, Any] = {
        "i17.metrologists": 12,
        "i17.a_class_coverage": 85.0,  # typed 85%: Calc stores 0.85 formatted as a percentage
        "i09.credit_risk_full": True,
        "i16.promoted": False,
        "i10.funded": ["metrology"],
        "i18.detail": "完成能效审查 3 项",
        "i30.batches": 1256,
        "i26.disposal_rate": 97.5,
        "i41.patents": 3.5,
        "i17.public_standards": 7,
        "i20.coverage": 66.6,
    }

    upload = io.BytesIO(edited.read_bytes())
    upload.name = edited.name
    page = client.post(reverse("documents:import", args=[world.application.pk]), {"file": upload})
    plan = page.context["plan"]
    assert plan.refused == "" and plan.problems == []
    assert {c.key for c in plan.changes} == {*want, "i14.standards"}
    client.post(
        reverse("documents:import_commit", args=[world.application.pk, page.context["token"]])
    )
    stored = dict(
        InputValue.objects.filter(application=world.application).values_list("key", "value")
    )
    for key, value in want.items():
        assert stored[key] == (pytest.approx(value) if isinstance(value, float) else value), key
    assert "i19.helped" not in stored  # its row was deleted
    got = sorted(
        (r["scope"], r["role"], r["title"], r["code"], r["date"])
        for r in Record.objects.filter(application=world.application, key="i14.standards")
        .order_by("pk")
        .values_list("data", flat=True)
    )
    assert got == records

    out = tmp_path / "县数据.json"
    cli = subprocess.run(
        [sys.executable, "-m", "qcounty.cli", "import", str(edited), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    values = json.loads(out.read_text(encoding="utf-8"))["county"]["values"]
    for key, value in want.items():
        assert values[key] == (pytest.approx(value) if isinstance(value, float) else value), key
    assert values["i19.helped"] is None
    assert (
        sorted(
            (r["scope"], r["role"], r["title"], r["code"], r["date"])
            for r in values["i14.standards"]
        )
        == records
    )
