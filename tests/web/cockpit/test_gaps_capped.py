"""The gap page of a scheme with a cap above the indicator: what a loss would add to the total.

Guangdong's 质保能力 adds up its 20 items to 330 points and is capped at 210. A company whose
items add up to 305 loses nothing to the total on any of them: 计量保证体系 estimated 25 of 30
loses 5 points on its own line, but full marks there make 310, still capped at 210 — the total
gains 0. 申报产品主要性能指标 (150 of 170, outside the cap) gains its whole 20.
"""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.actions import save_value
from tests.core.test_golden_guangdong import COHORT, SCHEME


def _cells(page: str, number: int) -> list[str]:
    row = re.search(rf'<tr id="loss-{number}">(.*?)</tr>', page, re.S)
    assert row is not None, number
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1])]


def test_a_loss_under_a_binding_cap_adds_nothing_to_the_total(db: None, client: Client) -> None:
    call_command("load_demo", framework=SCHEME, stdout=io.StringIO())
    office = User.objects.get(username="guangdong-01-office")
    application = Application.objects.get(county=office.organisation)
    _, values = COHORT[0]  # 甲公司: 150 + 20 = 170; 质保能力 25 + 50 + 30 + 200 = 305 → 210
    for key, value in values.items():
        save_value(application, key, value, office)
    client.force_login(office)
    page = client.get(reverse("cockpit:gaps", args=[application.pk])).content.decode()
    assert "可使总分增加" in page and "已达封顶" in page
    # number, name, points, full marks, lost, adds to the total, floor–ceiling
    assert _cells(page, 1)[2:6] == ["150.00", "170", "20.00", "20.00"]
    assert _cells(page, 3)[2:6] == ["25.00", "30", "5.00", "0.00"]
    # lost in all: 20 (item 1); 质保能力's 5 + 0 + 10 on items 3–5 cost nothing under the cap
    assert "合计 20.00 分" in page


def test_a_plain_sum_shows_no_such_column(db: None, client: Client) -> None:
    call_command("load_demo", framework="anhui-quality-work-2014", stdout=io.StringIO())
    office = User.objects.get(username="anhui-01-office")
    application = Application.objects.get(county=office.organisation)
    client.force_login(office)
    page = client.get(reverse("cockpit:gaps", args=[application.pk])).content.decode()
    assert "失分" in page and "可使总分增加" not in page
