"""The feed's files: the template of one input for every county, CSV and .xlsx uploads, and
hostile or broken files refused with a Chinese message, nothing written."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qcounty.web.accounts.models import User
from qcounty.web.statfeed.actions import FeedRefused
from qcounty.web.statfeed.files import read_rows
from qcounty.web.statfeed.models import FeedBatch, OfficialFigure
from tests import files
from tests.web.statfeed.conftest import AS_OF, KEY, LABEL, SOURCE, Province, feed_csv, figure


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def post(client: Client, province: Province, name: str, data: bytes) -> str:
    response = client.post(
        reverse("statfeed:preview"),
        {
            "campaign": province.world.campaign.pk,
            "source": SOURCE,
            "as_of": AS_OF,
            "file": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_template_lists_every_county_and_comes_back_as_a_feed(
    province: Province, login: Callable[[User], Client]
) -> None:
    client = login(province.world.evaluator)
    response = client.get(
        reverse("statfeed:template"), {"campaign": province.world.campaign.pk, "key": KEY}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == ["市", "县（市、区）", "字段", "数值"]
    assert len(rows) == 1 + 136
    assert ["威海市", "文登区", LABEL, None] in rows
    for i, row in enumerate(rows[1:]):
        row[3] = figure(i)  # filled in, in the template's order
    page = post(client, province, "模板.xlsx", xlsx(rows))
    assert "将新增 136 项" in page


def test_a_gbk_csv_with_english_headers_is_read() -> None:
    text = 'county,key,value,city\r\n文登区,i30.resident_population,"382,000",威海市\r\n'
    [row] = read_rows("人口.CSV", text.encode("gbk"))
    assert (row.line, row.county, row.field, row.value, row.city) == (
        2,
        "文登区",
        KEY,
        "382,000",
        "威海市",
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("人口.xlsx", files.zip_bomb_docx(), "已拒绝读取"),
        ("人口.xlsx", files.billion_laughs_xlsx(), "XML 文档类型声明"),
        ("人口.xlsx", b"not a workbook at all", "不是 Excel（.xlsx）文件"),
        ("人口.xlsx", files.word_doc(), "旧版 Excel（.xls）"),
        ("人口.csv", b"\x00\x01\x02binary", "不是文本格式的 CSV 文件"),
        ("人口.csv", "县,数值\n文登区,1\n".encode(), "缺少：字段"),
        ("人口.csv", b"", "文件是空的"),
        ("人口.pdf", files.pdf(), "请上传 .csv 或 .xlsx 文件"),
        ("人口.xlsx", xlsx([["县", "字段", "数值"], ["文登区", LABEL, "=1+1"]]), "单元格含有公式"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_in_chinese_and_writes_nothing(
    province: Province, login: Callable[[User], Client], name: str, data: bytes, message: str
) -> None:
    page = post(login(province.world.evaluator), province, name, data)
    assert "未写入任何数据" in page
    assert message in page
    assert not OfficialFigure.objects.exists() and not FeedBatch.objects.exists()


def test_read_rows_refuses_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qcounty.web.statfeed.files.MAX_ROWS", 2)
    data = feed_csv([["威海市", "文登区", LABEL, 1]] * 3)
    with pytest.raises(FeedRefused, match="行数过多"):
        read_rows("x.csv", data)
