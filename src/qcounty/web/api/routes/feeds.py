"""The province's statistical feed (统计部门数据) through the API: the web upload's action.

One request carries a figure per county for chosen inputs, with its source and date; it goes
through `statfeed.actions.apply_feed` as the web upload does: the whole feed is checked first
(nothing written when any row is wrong), then written in one transaction and audited as one
batch. Only the province's evaluators and the administrator feed (`statfeed.access`); a
county's token gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from qcounty.web.accounts.models import User
from qcounty.web.api.auth import FEED
from qcounty.web.api.errors import ApiError
from qcounty.web.api.routes.responses import answers
from qcounty.web.campaigns.models import Campaign
from qcounty.web.statfeed import access
from qcounty.web.statfeed.actions import FeedRefused, Row, apply_feed
from qcounty.web.statfeed.models import FeedBatch

router = Router(tags=["统计部门数据"])

# a province's counties × its fed inputs (136 × 14 in Shandong); at most about 1.2 KB a row
# with every name at its longest and escaped: 2,001 rows stay under API_MAX_FEED_BYTES, so a
# feed one row too long is refused for its length (422), not for its bytes
MAX_ROWS = 2_000


class FeedRowIn(Schema):
    """One figure: the county (and its city, where the name is not unique), the input, the value."""

    county: str = Field(..., min_length=1, max_length=50, description="县（市、区）名称")
    city: str = Field("", max_length=50, description="所属市（同名县时必填，例如市中区）")
    input: str = Field(..., min_length=1, max_length=100, description="字段键名或中文名称")
    value: float | int | str = Field(..., description="数值")


class FeedIn(Schema):
    """A feed: where the figures come from, as of when, and the figures."""

    source: str = Field(..., min_length=1, max_length=200, description="数据来源")
    as_of: dt.date | None = Field(None, description="数据日期（不填为今天）")
    rows: list[FeedRowIn] = Field(..., min_length=1, max_length=MAX_ROWS)


class FeedApplied(Schema):
    """What the feed wrote: its batch (none when it changed no figure) and the counts."""

    batch_id: int | None
    repeated: bool = Field(description="与系统中的统计部门数据相同，未写入")
    rows: int
    created: int
    changed: int
    unchanged: int
    values_set: int = Field(description="锁定字段随之更新的填报值个数")


@router.post(
    "/campaigns/{campaign_id}/feeds",
    response=answers(FeedApplied, write=True),
    auth=FEED,
    url_name="post_feed",
    summary="报送统计部门数据",
)
def post_feed(request: HttpRequest, campaign_id: int, payload: FeedIn) -> dict[str, Any]:
    """Check a statistical feed whole and write it in one transaction (nothing if any row is wrong)."""
    user: User = request.user  # type: ignore[assignment]
    if not access.may_feed(user):
        raise Http404
    campaign = Campaign.objects.defer("reference_cohort").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    rows = [
        Row(n, r.county.strip(), r.input.strip(), r.value, r.city.strip())
        for n, r in enumerate(payload.rows, start=1)
    ]
    try:
        result = apply_feed(
            campaign,
            rows,
            source=payload.source.strip(),
            as_of=payload.as_of,
            user=user,
            origin=FeedBatch.Origin.API,
            province=access.province_of(user),
        )
    except FeedRefused as refused:
        errors = [{"field": "rows", "message": p} for p in refused.problems]
        raise ApiError(422, "feed_refused", str(refused), errors) from None
    plan = result.plan
    return {
        "batch_id": result.batch.pk if result.batch is not None else None,
        "repeated": result.repeated,
        "rows": plan.rows,
        "created": plan.created,
        "changed": plan.changed,
        "unchanged": plan.unchanged,
        "values_set": result.values_set,
    }
