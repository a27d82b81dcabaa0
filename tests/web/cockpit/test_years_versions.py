"""Years scored under two versions of a scheme line their nodes up by the versions' mapping.

2023 runs on a revision of Shandong's scheme in which items 1 and 3 change places (质量理念
and 质量文化 keep their names but not their items) and 产品质量 is renamed 产品质量安全 (same
items). The multi-year view and the quality report's yearly tables compare a node only with
the earlier node holding the same items: 不可比 for 质量理念 whatever its name, 2022's points
for 产品质量安全 although 2022's scheme calls it 产品质量.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from qcounty.web.campaigns.models import Campaign
from tests.web.cockpit.test_report import (
    _fresh_scores,  # noqa: F401  (an autouse fixture)
    _reports_built_at_once,  # noqa: F401  (an autouse fixture)
    content_of,
    docx_text,
    report_of,
)
from tests.web.cockpit.test_years import rows, two_years, url  # noqa: F401  (a fixture)
from tests.web.conftest import World


def revise(world: World, mapping: str) -> World:
    """Run 2023 on a revision of the scheme (产品质量 renamed) with this mapping."""
    from qcounty.core.framework.loader import resolve
    from qcounty.web.schemes import actions

    text = resolve("shandong-county-2022").read_text(encoding="utf-8")
    text = text.replace('version: "2022"', 'version: "2022.2"', 1)
    text = text.replace("      - name: 产品质量\n", "      - name: 产品质量安全\n", 1)
    text += (
        '\npredecessor: {id: shandong-county-2022, version: "2022", unchanged: all,'
        f" mapping: {mapping}}}\n"
    )
    row = actions.upload_scheme(world.admin, text.encode())
    actions.publish_scheme(world.admin, row.pk)
    Campaign.objects.filter(pk=world.campaign.pk).update(framework_version="2022.2")
    world.application.refresh_from_db()
    return world


@pytest.fixture
def revised(two_years: World) -> World:  # noqa: F811
    return revise(two_years, "[{number: 1, from: [3]}, {number: 3, from: [1]}]")


def test_the_years_view_compares_nodes_through_the_mapping_not_by_name(
    revised: World, office_client: Client
) -> None:
    table = rows(office_client.get(url(revised)))
    assert table["质量理念"] == ["5", "不可比", "2.00"]  # 2022's 质量理念 held item 1 and 2
    assert table["质量文化"] == ["11", "不可比", "0.00"]
    assert table["产品质量安全"] == ["7", "0.00", "3.00 ↑"]  # 2022's 产品质量: items 28–31
    assert table["质量发展理念"] == ["16", "2.00", "2.00"]  # items 1–5 both years


def test_the_years_chart_leaves_out_a_year_whose_node_does_not_compare(
    two_years: World,  # noqa: F811
    office_client: Client,
) -> None:
    import json
    import re

    # items 1 and 6 change places: 质量发展理念 and 质量发展保障 hold other items than in 2022
    revise(two_years, "[{number: 1, from: [6]}, {number: 6, from: [1]}]")
    html = office_client.get(url(two_years)).content.decode()
    script = re.search(
        r'<script id="years-chart-data" type="application/json">(.*?)</script>', html
    )
    assert script is not None
    chart: dict[str, Any] = json.loads(script.group(1))
    assert chart["levels"][:2] == ["质量发展理念", "质量发展保障"]
    assert chart["points"][0][:2] == [None, None]  # 2022: 不可比, no bar
    assert chart["points"][1][0] == 2.0  # 2023: item 1
    assert chart["points"][0][3] == 0.0 and chart["points"][1][3] == 3.0  # 质量发展成效


def test_the_quality_reports_yearly_tables_compare_nodes_through_the_mapping(
    revised: World, office_client: Client
) -> None:
    text = docx_text(content_of(report_of(office_client, revised.application)))
    assert "质量理念 | 5 | 不可比 | 2.00 | —" in text
    assert "质量文化 | 11 | 不可比 | 0.00 | —" in text
    assert "产品质量安全 | 7 | 0.00 | 3.00 | +3.00" in text
    assert "\n质量发展理念 | 16 | 2.00 | 2.00 | 0.00" in text
