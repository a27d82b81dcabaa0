"""Clerks and leaders read points, ranks and reasons in words; formulas and digests are the province's.

On the demo data, no page a county's clerk or office opens shows the efficacy coefficient's
working (功效系数, d = …, x_s, x_h), a digest (SHA-256, 数据指纹), the framework's id, or a number
with more than two decimals; the province finds them behind a "技术信息"/"计算过程" disclosure.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web import demo
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application

JARGON = {
    # the seed's own rule texts say “按功效系数法得分”: the system's words must not add to it
    "efficacy": r"功效系数(?!法得分|法计算得分|法评价)|保底与上限",
    "d": r"\bd\s*=\s*\d",
    "bounds": r"x_s|x_h|x<sub>",
    "digest": r"SHA-256|数据指纹",
    "framework id": r"shandong-county-2022|评价体系 ",
    "decimals": r"\d\.\d{3,}",
}


def visible(html: str) -> str:
    """Return the text a reader sees at first: no scripts, no closed disclosures, no tags."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r'<details class="tech[^"]*">.*?</details>', "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def jargon(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, pattern in JARGON.items():
        for m in re.finditer(pattern, text):
            found.setdefault(name, []).append(text[max(0, m.start() - 30) : m.end() + 30])
    return found


@pytest.fixture
def wendeng(db: None) -> Application:
    demo.load_demo()
    return Application.objects.get(county__name="文登区", campaign__evaluation_year=demo.YEAR)


def _get(user: str, url: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=user))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_countys_pages_speak_in_points_ranks_and_reasons(wendeng: Application) -> None:
    app = wendeng.pk
    pages: dict[str, list[Any]] = {
        "wendeng-market-supervision": [
            reverse("reporting:application", args=[app]),
            reverse("reporting:score", args=[app]),
        ],
        "wendeng-office": [
            reverse("reporting:application", args=[app]),
            reverse("reporting:score", args=[app]),
            reverse("cockpit:dashboard", args=[app]),
            reverse("cockpit:gaps", args=[app]),
            reverse("cockpit:whatif", args=[app]),
            reverse("cockpit:rank", args=[app]),
            reverse("cockpit:years", args=[wendeng.county_id]),
        ],
    }
    found = {
        (user, url): hits
        for user, urls in pages.items()
        for url in urls
        if (hits := jargon(visible(_get(user, url))))
    }
    assert found == {}

    # “未填 0/62” read as none done: the office's table says how many are filled of how many
    text = visible(_get("wendeng-office", reverse("reporting:application", args=[app])))
    assert "填报进度" in text
    assert re.search(r"已填 \d+ / \d+ 项", text)
    assert "未填 " not in text.replace("未填报", "")
    # the form says that a field saves itself when left
    text = visible(_get("wendeng-market-supervision", reverse("reporting:application", args=[app])))
    assert "离开该项" in text and "自动保存" in text


def test_the_province_finds_the_digests_behind_a_disclosure(wendeng: Application) -> None:
    from qcounty.web.evaluation.models import CohortSnapshot

    snapshot = CohortSnapshot.objects.order_by("-pk").first()
    assert snapshot is not None
    html = _get("province", reverse("evaluation:snapshot", args=[snapshot.pk]))
    assert jargon(visible(html)).get("digest") is None
    assert jargon(visible(html)).get("framework id") is None
    tech = re.search(r'<details class="tech[^"]*">(.*?)</details>', html, re.S)
    assert tech is not None and snapshot.cohort_sha256 in tech.group(1)
    assert snapshot.framework_id in tech.group(1)
