"""The top bar's links for the user's role and the breadcrumbs of deep pages.

Each link's name is the title of the page it opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from qcounty.core.wording import Wording
from qcounty.web.accounts.models import User
from qcounty.web.reporting import access
from qcounty.web.words import SHANDONG, deployment_words

register = template.Library()
Role = User.Role


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


def role_links(
    user: Any, *, home_only: bool = False, words: Wording = SHANDONG
) -> list[tuple[str, str]]:
    """Return (label, url) of the pages of the user's daily work, the home page first
    (`home_only`: that one alone, without the query the county office's others take)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.role == Role.CLERK:
        return [(_("我的填报"), reverse("home"))]
    if user.role == Role.COUNTY_OFFICE:
        home = [(_("本%(unit)s工作台") % {"unit": words.short}, reverse("home"))]
        return home if home_only else [*home, *_office_links(user)]
    if user.role == Role.EXPERT:
        return [(_("待评分"), reverse("home")), (_("省级核实"), reverse("adjudication:index"))]
    links = [
        (_("省级工作台"), reverse("home")),
        (_("省级核实"), reverse("adjudication:index")),
        (_("省级评价"), reverse("evaluation:index")),
    ]
    if user.role in (Role.EVALUATOR, Role.ADMIN):
        links.append((_("公示与异议"), reverse("objections:index")))
    if user.role in (Role.EVALUATOR, Role.ADMIN):
        links.append((_("省级批量导入"), reverse("bulk:upload")))
        links.append((_("评价体系库"), reverse("schemes:index")))
        links.append((_("统计部门数据"), reverse("statfeed:index")))
    if user.role == Role.ADMIN:
        links.append((_("接口令牌"), reverse("tokens:index")))
    return links


def _office_links(user: User) -> list[tuple[str, str]]:
    """Return the pages of the county's latest application (one query)."""
    if user.county is None:
        return []
    pk = (
        access.applications()
        .filter(county=user.county)
        .order_by("-campaign__evaluation_year", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        return []
    return [
        (_("申报表"), reverse("reporting:application", args=[pk])),
        (_("进度看板"), reverse("review:progress", args=[pk])),
        (_("任务看板"), reverse("tasks:board", args=[pk])),
        (_("领导驾驶舱"), reverse("cockpit:dashboard", args=[pk])),
        (_("公示与异议"), reverse("objections:index")),
    ]


def _words(context: template.Context) -> Wording:
    """Return the page's words of its campaign's scheme (the deployment's on a page without one)."""
    return context.get("words") or deployment_words()


@register.simple_tag(takes_context=True)
def role_nav(context: template.Context) -> list[Link]:
    """Return the top bar's links for the user, the one of the current page marked."""
    request = context.get("request")
    path = request.path if request is not None else ""
    return [
        Link(label, url, url == path)
        for label, url in role_links(context.get("user"), words=_words(context))
    ]


@register.inclusion_tag("_breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, *trail: Any) -> dict[str, Any]:
    """Show the way back from a deep page: the user's home, then label, url pairs, the last
    label the page itself (``{% breadcrumbs _("省级核实") index_url county.name %}``)."""
    user = context.get("user")
    home = role_links(user, home_only=True, words=_words(context))[:1]
    items = list(trail)
    crumbs = [Link(label, url) for label, url in home]
    crumbs += [Link(str(items[i]), str(items[i + 1])) for i in range(0, len(items) - 1, 2)]
    here = str(items[-1]) if len(items) % 2 else ""
    return {"crumbs": crumbs, "here": here}
