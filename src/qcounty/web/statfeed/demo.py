"""The statistical feed's demo: the province has fed every county's resident population.

The figures are the reference cohort's own values (the counties' claims), except for a few
counties whose statistics office counted differently: their forms show the difference and
their 自查 panels flag it (文登区's among them, for the county-side demo).
"""

from __future__ import annotations

import datetime as dt

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Campaign
from qcounty.web.statfeed.actions import FeedResult, Row, apply_feed
from qcounty.web.statfeed.models import FeedBatch

KEY = "i30.resident_population"
SOURCE = "山东省统计局《2022年山东统计年鉴》（演示数据）"
# (city, county) → the official figure's ratio to the county's claim
DIFFERENT = {("威海市", "文登区"): 1.03, ("济南市", "历城区"): 0.95, ("菏泽市", "曹县"): 1.1}


def load_demo_feed(campaign: Campaign) -> FeedResult | None:
    """Feed every reference county's resident population once, as the province's evaluator."""
    reference = campaign.reference_cohort
    evaluator = User.objects.filter(role=User.Role.EVALUATOR).order_by("id").first()
    if not reference or evaluator is None or FeedBatch.objects.filter(campaign=campaign).exists():
        return None
    rows: list[Row] = []
    for county in reference["counties"]:
        claimed = county["values"].get(KEY)
        if not isinstance(claimed, int):
            continue
        figure = round(claimed * DIFFERENT.get((county["city"], county["name"]), 1.0))
        rows.append(Row(len(rows) + 2, county["name"], KEY, figure, county["city"]))
    as_of = dt.date(campaign.evaluation_year - 1, 12, 31)
    return apply_feed(campaign, rows, source=SOURCE, as_of=as_of, user=evaluator)
