"""The province's and the experts' queues: counts by aggregate, the applications a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import QueryDict
from django_stubs_ext import WithAnnotations

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.adjudication.progress import Progress, checked_keys, progress_of
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import access
from qcounty.web.reporting.queues.base import (
    HELD,
    PAGE_SIZE,
    SORTS,
    TIERS,
    Role,
    Status,
)

# ---------------------------------------------------------------- the province and its experts


@dataclass
class Filters:
    city: int | None = None
    tier: int | None = None
    status: str = ""
    q: str = ""
    sort: str = "waiting"
    page: str = "1"

    def query(self, **changed: Any) -> str:
        """Return the query string of these filters with some changed (the page reset)."""
        values = {"city": self.city, "tier": self.tier, "status": self.status, "q": self.q}
        values["sort"] = self.sort
        values.update(changed)
        q = QueryDict(mutable=True)
        for name, value in values.items():
            if value not in (None, ""):
                q[name] = str(value)
        return q.urlencode()

    def page_query(self) -> str:
        """Return the query string without the page (the pager adds its own)."""
        return self.query()


def parse_filters(get: QueryDict) -> Filters:
    """Read the list's filters from the query string; anything unknown is ignored."""
    city = get.get("city", "")
    tier = get.get("tier", "")
    status = get.get("status", "")
    sort = get.get("sort", "")
    return Filters(
        city=int(city) if city.isascii() and city.isdigit() else None,
        tier=int(tier) if tier.isascii() and tier.isdigit() and int(tier) in TIERS else None,
        status=status if status in Status.values else "",
        q=get.get("q", "").strip()[:40],
        sort=sort if sort in SORTS else "waiting",
        page=get.get("page", "1"),
    )


def current_campaign() -> Campaign | None:
    """Return the campaign of the latest evaluation year (the one the province works on)."""
    return Campaign.objects.defer("reference_cohort").order_by("-evaluation_year", "-id").first()


def _listed(user: User, campaign: Campaign) -> QuerySet[Application]:
    rows = access.applications().filter(campaign=campaign)
    if user.role != Role.ADMIN:
        rows = rows.exclude(status=Status.DRAFT)  # as reporting.access.can_view
    return rows


def _filtered(rows: QuerySet[Application], f: Filters) -> QuerySet[Application]:
    if f.city is not None:
        rows = rows.filter(county__parent_id=f.city)
    if f.tier is not None:
        rows = rows.filter(county__parent__tier=f.tier)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.q:
        rows = rows.filter(county__name__contains=f.q)
    return rows


def _page(rows: QuerySet[Application], f: Filters, order: tuple[Any, ...]) -> Page[Application]:
    page = Paginator(rows.order_by(*order), PAGE_SIZE).get_page(f.page)
    return page


def cities(campaign: Campaign) -> list[Organisation]:
    """Return the cities with an application in the campaign, in the administrative order."""
    return list(
        Organisation.objects.filter(
            kind=Organisation.Kind.CITY, children__applications__campaign=campaign
        )
        .distinct()
        .order_by("pk")
    )


@dataclass
class Step:
    label: str
    done: bool
    detail: str = ""
    link: str = ""


@dataclass
class ProvinceQueue:
    campaign: Campaign | None
    filters: Filters
    to_receive: int = 0
    held: int = 0
    to_check: int = 0  # held applications with a data item the province has not decided on
    to_reconcile: int = 0  # judged items scored since their last reconciliation, or never
    to_reconcile_counties: int = 0
    data_items: int = 0
    judged: int = 0
    snapshot: Any = None  # the campaign's latest snapshot, if any
    publications: list[Any] = field(default_factory=list)
    page: Page[Application] | None = None
    progress: dict[int, Progress] = field(default_factory=dict)
    cities: list[Organisation] = field(default_factory=list)
    statuses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[Application, Progress | None]]:
        if self.page is None:
            return []
        return [(a, self.progress.get(a.pk)) for a in self.page.object_list]

    @property
    def published(self) -> set[str]:
        return {p.kind for p in self.publications}


def province_queue(user: User, get: QueryDict) -> ProvinceQueue:
    """Return the province's counts and one page of the campaign's applications."""
    from qcounty.web.evaluation.access import snapshots
    from qcounty.web.evaluation.models import Publication

    f = parse_filters(get)
    campaign = current_campaign()
    if campaign is None:
        return ProvinceQueue(None, f)
    framework = campaign.framework
    judged = [x.key for x in framework.inputs() if x.judged]
    data_keys = [k for k in checked_keys(framework) if k not in set(judged)]
    held = Application.objects.filter(campaign=campaign, status__in=HELD)
    counts = held.aggregate(
        held=Count("pk"), to_receive=Count("pk", filter=Q(status=Status.SUBMITTED))
    )
    checked_all = (
        Decision.objects.filter(application__in=held, key__in=data_keys)
        .values("application_id")
        .annotate(n=Count("key", distinct=True))
        .filter(n__gte=len(data_keys))
        .count()
    )
    items = unreconciled(held).aggregate(
        n=Count("application_id"), counties=Count("application_id", distinct=True)
    )
    listed = _listed(user, campaign)
    page = _page(_filtered(listed, f), f, SORTS[f.sort])
    shown = list(page.object_list)
    for a in shown:
        a.campaign = campaign  # one Campaign object: its framework is read once
    # progress_of answers in the order of `shown`
    progress = {a.pk: p for a, p in zip(shown, progress_of(campaign, shown, user), strict=True)}
    return ProvinceQueue(
        campaign,
        f,
        to_receive=counts["to_receive"],
        held=counts["held"],
        to_check=counts["held"] - checked_all,
        to_reconcile=items["n"],
        to_reconcile_counties=items["counties"],
        data_items=len(data_keys),
        judged=len(judged),
        snapshot=snapshots().filter(campaign=campaign).order_by("-pk").first(),
        publications=list(
            Publication.objects.filter(campaign=campaign)
            .only("pk", "kind", "version", "published_on", "campaign_id", "snapshot_id")
            .order_by("-pk")
        ),
        page=page,
        progress=progress,
        cities=cities(campaign),
        statuses=[(v, str(label)) for v, label in Status.choices if v != Status.DRAFT],
    )


class _Scored(TypedDict):
    """What `unreconciled` annotates: an item's latest score and latest reconciliation."""

    last: Any
    reconciled: Any


class UnreconciledRow(_Scored):
    """A judged item (application id, key) of `unreconciled`."""

    application_id: int
    key: str


def unreconciled(
    held: QuerySet[Application],
) -> QuerySet[WithAnnotations[ExpertScore, _Scored], UnreconciledRow]:
    """Return the judged items (application id, key) with an expert's score newer than their
    latest reconciliation, or never reconciled: counted by the database, not read."""
    latest = (
        Reconciliation.objects.filter(
            application_id=OuterRef("application_id"), key=OuterRef("key")
        )
        .order_by("-decided_at")
        .values("decided_at")[:1]
    )
    return (
        ExpertScore.objects.filter(application__in=held)
        .values("application_id", "key")
        .annotate(last=Max("created_at"), reconciled=Subquery(latest))
        .filter(Q(reconciled__isnull=True) | Q(reconciled__lt=F("last")))
    )


@dataclass
class ExpertRow:
    application: Application
    mine: int  # judged items this expert has scored
    judged: int
    next_key: str  # the first judged item still to score ("" when done)
    next_indicator: int | None = None  # its indicator: the workspace opens that group

    @property
    def anchor(self) -> str:
        key = self.next_key or ""
        if not key:
            return ""
        group = f"?indicator={self.next_indicator}" if self.next_indicator else ""
        return group + "#input-" + key.replace(".", "-").replace("_", "-")

    @property
    def done(self) -> bool:
        return self.mine >= self.judged


@dataclass
class ExpertQueue:
    campaign: Campaign | None
    filters: Filters
    judged: int = 0
    counties: int = 0
    items: int = 0
    scored: int = 0
    counties_done: int = 0
    page: Page[Application] | None = None
    rows: list[ExpertRow] = field(default_factory=list)
    cities: list[Organisation] = field(default_factory=list)
    results_visible: bool = False

    @property
    def to_score(self) -> int:
        return self.items - self.scored


def expert_queue(user: User, get: QueryDict) -> ExpertQueue:
    """Return the expert's judged items to score, counties with items left first."""
    f = parse_filters(get)
    campaign = current_campaign()
    if campaign is None:
        return ExpertQueue(None, f)
    judged = [x.key for x in campaign.framework.inputs() if x.judged]
    indicator_of = {
        x.key: ind.number for ind in campaign.framework.indicators() for x in ind.inputs
    }
    mine = Q(expert_scores__expert=user, expert_scores__key__in=judged)
    held = (
        access.applications()
        .filter(campaign=campaign, status__in=HELD)
        .annotate(mine=Count("expert_scores__key", filter=mine, distinct=True))
    )
    totals = held.aggregate(counties=Count("pk"))
    scores = ExpertScore.objects.filter(
        application__campaign=campaign,
        application__status__in=HELD,
        expert=user,
        key__in=judged,
    )
    scored = scores.values("application_id", "key").distinct().count()
    counties_done = (
        scores.values("application_id")
        .annotate(n=Count("key", distinct=True))
        .filter(n__gte=len(judged))
        .count()
    )
    order = ("mine", "county__parent_id", "county_id") if f.sort == "waiting" else SORTS[f.sort]
    page = _page(_filtered(held, f), f, order)
    shown = list(page.object_list)
    done: dict[int, set[str]] = {}
    for application_id, key in scores.filter(application__in=[a.pk for a in shown]).values_list(
        "application_id", "key"
    ):
        done.setdefault(application_id, set()).add(key)
    rows = []
    for a in shown:
        left = [k for k in judged if k not in done.get(a.pk, set())]
        first = left[0] if left else ""
        rows.append(
            ExpertRow(a, len(judged) - len(left), len(judged), first, indicator_of.get(first))
        )
    from qcounty.web.evaluation.access import results_visible

    return ExpertQueue(
        campaign,
        f,
        judged=len(judged),
        counties=totals["counties"],
        items=totals["counties"] * len(judged),
        scored=scored,
        counties_done=counties_done,
        page=page,
        rows=rows,
        cities=cities(campaign),
        results_visible=results_visible(user, campaign),
    )
