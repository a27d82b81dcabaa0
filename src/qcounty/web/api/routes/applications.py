"""Reading campaigns and applications: what a token sees is what its role sees in the web."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from qcounty.web.accounts.models import User
from qcounty.web.api import states
from qcounty.web.api.routes.responses import answers
from qcounty.web.api.schemas import applications as shapes
from qcounty.web.api.schemas.common import Page, Paging, page
from qcounty.web.api.schemas.scores import SelfAssessment
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation import access as evaluation_access
from qcounty.web.evaluation import publication as published
from qcounty.web.reporting import access, selfcheck
from qcounty.web.reporting.models import Record
from qcounty.web.reporting.scoring import assess

router = Router(tags=["创建周期与申报"])


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "scheme_id": campaign.framework_id,
        "scheme_version": campaign.framework_version,
        "evaluation_year": campaign.evaluation_year,
        "data_cutoff": campaign.data_cutoff,
        "department_deadline": campaign.department_deadline,
        "application_deadline": campaign.application_deadline,
        "titles": campaign.titles,
    }


def _application(application: Application) -> dict[str, Any]:
    county = application.county
    city = county.city  # none for a unit of the province itself
    return {
        "id": application.pk,
        "campaign_id": application.campaign_id,
        "campaign": application.campaign.name,
        "county": {
            "id": county.pk,
            "name": county.name,
            "city": city.name if city else "",
            "tier": city.tier if city else None,
        },
        "status": application.status,
        "status_label": application.get_status_display(),
        "created_at": application.created_at,
    }


def viewed(request: HttpRequest, application_id: int) -> tuple[User, Application]:
    """Return the token's account and the application, if it may see it (404 otherwise)."""
    user: User = request.user  # type: ignore[assignment]
    return user, access.get_application_for_user(user, application_id)


@router.get(
    "/campaigns",
    response=answers(Page[shapes.Campaign]),
    url_name="campaigns",
    summary="创建周期列表",
)
def list_campaigns(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """List the campaigns (创建周期), the latest evaluation year first."""
    rows = Campaign.objects.defer("reference_cohort").order_by("-evaluation_year", "id")
    return page(rows, paging, _campaign)


@router.get(
    "/campaigns/{campaign_id}",
    response=answers(shapes.Campaign),
    url_name="campaign",
    summary="创建周期",
)
def get_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    campaign = Campaign.objects.defer("reference_cohort").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    return _campaign(campaign)


class ApplicationFilter(Schema):
    campaign: int | None = Field(None, ge=1, le=2_147_483_647, description="创建周期编号")
    status: Application.Status | None = Field(None, description="申报状态")


@router.get(
    "/applications",
    response=answers(Page[shapes.Application]),
    url_name="applications",
    summary="申报列表（按令牌角色可见范围）",
)
def list_applications(
    request: HttpRequest, paging: Query[Paging], where: Query[ApplicationFilter]
) -> dict[str, Any]:
    """List the applications the token's role may see (a county's: its own county's only)."""
    user: User = request.user  # type: ignore[assignment]
    rows = access.visible_applications(user).order_by("-campaign__evaluation_year", "pk")
    if where.campaign is not None:
        rows = rows.filter(campaign_id=where.campaign)
    if where.status is not None:
        rows = rows.filter(status=where.status)
    return page(rows, paging, _application)


@router.get(
    "/applications/{application_id}",
    response=answers(shapes.Application),
    url_name="application",
    summary="申报及其状态",
)
def get_application(request: HttpRequest, application_id: int) -> dict[str, Any]:
    _user, application = viewed(request, application_id)
    return _application(application)


class ValueFilter(Schema):
    indicator: int | None = Field(None, ge=0, le=1000, description="只列出该指标的字段")
    key: str | None = Field(None, max_length=100, description="只列出该字段")


@router.get(
    "/applications/{application_id}/values",
    response=answers(Page[shapes.ValueState]),
    url_name="values",
    summary="填报值及其状态（版本、能否修改）",
)
def list_values(
    request: HttpRequest, application_id: int, paging: Query[Paging], where: Query[ValueFilter]
) -> dict[str, Any]:
    """List the inputs the token sees, each with its value, version and whether it may change it."""
    user, application = viewed(request, application_id)
    seen = states.seen_by(user, application)
    found = states.value_states(application, seen, indicator=where.indicator)
    if where.key is not None:
        found = [v for v in found if v["key"] == where.key]
    return page(found, paging)


class RecordFilter(Schema):
    key: str | None = Field(None, max_length=100, description="只列出该记录列表的记录")


@router.get(
    "/applications/{application_id}/records",
    response=answers(Page[shapes.RecordState]),
    url_name="records",
    summary="记录列表中的记录",
)
def list_records(
    request: HttpRequest, application_id: int, paging: Query[Paging], where: Query[RecordFilter]
) -> dict[str, Any]:
    """List the records of the record lists the token sees (commendations, standards …)."""
    user, application = viewed(request, application_id)
    seen = states.seen_by(user, application)
    keys = seen.shown_keys() if where.key is None else seen.shown_keys() & {where.key}
    rows = Record.objects.filter(application=application, key__in=keys).order_by("key", "id")
    return page(rows, paging, lambda r: states.record_state(r, seen))


@router.get(
    "/applications/{application_id}/self-assessment",
    response=answers(SelfAssessment),
    url_name="self_assessment",
    summary="自评得分及每项得分理由（由评分核心计算）",
)
def get_self_assessment(request: HttpRequest, application_id: int) -> dict[str, Any]:
    """Return the live self-assessed score the scoring core computed, with every reason."""
    _user, application = viewed(request, application_id)
    result = assess(application)
    data = states.finite(result.to_dict())
    return {
        **data,
        "application_id": application.pk,
        "floor": states.finite(result.floor),
        "ceiling": states.finite(result.ceiling),
    }


@router.get(
    "/applications/{application_id}/selfcheck",
    response=answers(Page[shapes.Flag]),
    url_name="selfcheck",
    summary="自查提示及本县说明",
)
def list_selfcheck(
    request: HttpRequest, application_id: int, paging: Query[Paging]
) -> dict[str, Any]:
    """List the 自查 flags on the county's own data with its explanations (the county only)."""
    user, application = viewed(request, application_id)
    if user.role not in (User.Role.COUNTY_OFFICE, User.Role.CLERK):
        raise Http404  # the province reads the flags in its workspace, as in the web
    units = access.visible_units(user, application)
    flags = [
        {
            "ident": shown.ident,
            "kind": shown.flag.kind,
            "severity": shown.flag.severity,
            "keys": list(shown.flag.keys),
            "record": shown.flag.record,
            "label": shown.label,
            "indicator": selfcheck.indicator_number(
                application, selfcheck.input_key(application, shown.flag.keys[0])
            ),
            "text": shown.text,
            "note": {"text": shown.note.text, "at": shown.note.at} if shown.note else None,
        }
        for shown in selfcheck.panel(application, units)
    ]
    return page(flags, paging)


@router.get(
    "/applications/{application_id}/published-scores",
    response=answers(Page[shapes.PublishedScore]),
    url_name="published_scores",
    summary="本县在已发布名单中的数据",
)
def list_published_scores(
    request: HttpRequest, application_id: int, paging: Query[Paging]
) -> dict[str, Any]:
    """List the county's frozen rows in the campaign's published lists, newest first."""
    # the score reports' rule: the province's viewers any county's, a county office its own
    application = evaluation_access.get_report_application(request, application_id)  # type: ignore[arg-type]
    rows = [
        {
            "publication_id": found["publication"].pk,
            "kind": found["publication"].kind,
            "title": str(found["title"]),
            "version": found["publication"].version,
            "published_on": found["publication"].published_on,
            "rank": found["row"]["rank"],
            "tier_rank": found["row"]["tier_rank"],
            "total": found["row"]["total"],
            "status": found["row"]["status"],
            "selected": found["row"]["selected"],
        }
        for found in published.reports_of(application)
    ]
    return page(rows, paging)
