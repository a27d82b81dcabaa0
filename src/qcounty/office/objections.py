"""The records of the 公示 period's objections: the register (异议处理登记表, .xlsx) and the
province's reply letter to one objection (.docx, GB/T 9704 through ``docstyle``).

Both lay out plain data the web application hands over; nothing here decides anything.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qcounty.core.wording import DEFAULT_UNIT
from qcounty.office import docstyle
from qcounty.office.docstyle import put
from qcounty.office.publication_frame import ISSUER, _signature, campaign_base, chinese_date

UNIT_HEADER = f"被异议{DEFAULT_UNIT}"


@dataclass(frozen=True)
class ObjectionRow:
    """One objection as the register lists it."""

    number: int
    received_on: date
    channel: str  # 系统提交, 来信, 来电, 来访
    objector: str
    contact: str
    county: str  # the county whose claim is objected to, with its city
    indicator: str  # "17. 计量…"
    problem: str
    state: str
    assignee: str
    deadline: date | None
    finding: str
    result: str  # the list's change, e.g. "重新发布拟认定名单（公示）第2版"
    answer: str
    answered_on: date | None


REGISTER_COLUMNS: list[tuple[str, float]] = [
    ("编号", 6),
    ("收到日期", 12),
    ("受理方式", 9),
    ("异议人", 16),
    ("联系方式", 14),
    (UNIT_HEADER, 16),
    ("指标", 22),
    ("异议内容", 36),
    ("状态", 8),
    ("承办人", 10),
    ("办理期限", 12),
    ("核查结论", 30),
    ("处理结果", 24),
    ("答复意见", 30),
    ("答复日期", 12),
]


def register_title(campaign: str) -> str:
    return f"{campaign_base(campaign)}拟认定名单公示异议处理登记表"


def write_register_xlsx(
    campaign: str, rows: list[ObjectionRow], generated_on: date, *, unit: str = DEFAULT_UNIT
) -> bytes:
    """Return the register of a campaign's objections: one row each, in number order; the
    objected unit's column headed as the scheme names its units (被异议企业)."""
    wb = openpyxl.Workbook()
    ws = docstyle.active_sheet(wb)
    ws.title = "异议处理登记表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body, bold = Font(name="宋体", size=10.5), Font(name="黑体", size=10.5)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (header, width) in enumerate(REGISTER_COLUMNS, start=1):
        cell = put(ws, 1, col, f"被异议{unit}" if header == UNIT_HEADER else header)
        cell.font, cell.border = bold, border
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, row in enumerate(sorted(rows, key=lambda x: x.number), start=2):
        values: list[object] = [
            row.number,
            row.received_on,
            row.channel,
            row.objector,
            row.contact,
            row.county,
            row.indicator,
            row.problem,
            row.state,
            row.assignee,
            row.deadline,
            row.finding,
            row.result,
            row.answer,
            row.answered_on,
        ]
        for col, value in enumerate(values, start=1):
            number_format = 'yyyy"年"m"月"d"日"' if isinstance(value, date) else None
            cell = put(ws, r, col, value if value is not None else "", number_format=number_format)
            cell.font, cell.alignment, cell.border = body, wrap, border
        ws.row_dimensions[r].height = docstyle.row_height(
            [(str(v or ""), w) for v, (_, w) in zip(values, REGISTER_COLUMNS, strict=True)]
        )
    foot = len(rows) + 3
    put(ws, foot, 1, f"共 {len(rows)} 件。制表日期：{chinese_date(generated_on)}。").font = body
    docstyle.print_titled(ws, register_title(campaign), landscape=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Reply:
    """What the province answers one objection."""

    campaign: str
    number: int
    objector: str
    received_on: date
    channel: str
    county: str
    indicator: str
    problem: str
    upheld: bool
    finding: str
    result: str
    answer: str
    answered_on: date


def reply_title(reply: Reply) -> str:
    return f"关于{campaign_base(reply.campaign)}拟认定名单公示异议（第{reply.number}号）的答复"


def write_reply_docx(reply: Reply, *, issuer: str = ISSUER) -> bytes:
    """Return the reply letter: addressee, what was objected to, the finding, the answer."""
    document = docstyle.new_document(reply_title(reply))
    docstyle.add_paragraph(document, f"{reply.objector}：", indent=False)
    docstyle.add_paragraph(
        document,
        f"{chinese_date(reply.received_on)}，我办（{reply.channel}）收到你方对"
        f"{campaign_base(reply.campaign)}拟认定名单（公示）中{reply.county}"
        f"“{reply.indicator}”一项提出的异议：{reply.problem}",
    )
    verdict = "经核查，异议成立。" if reply.upheld else "经核查，异议不成立。"
    docstyle.add_paragraph(document, verdict + reply.finding)
    if reply.result:
        docstyle.add_paragraph(document, reply.result)
    for line in [x.strip() for x in reply.answer.splitlines() if x.strip()]:
        docstyle.add_paragraph(document, line)
    docstyle.add_paragraph(document, "特此答复。")
    _signature(document, issuer, reply.answered_on)
    return docstyle.to_bytes(document)
