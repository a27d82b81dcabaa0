"""Schemes (评价体系) as the core loads them: anyone with a valid token reads them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from qcounty.core import Framework, load_framework
from qcounty.core.framework.loader import bundled_ids
from qcounty.web.api.routes.responses import answers
from qcounty.web.api.schemas.common import Page, Paging, page
from qcounty.web.api.schemas.schemes import Scheme, SchemeSummary

router = Router(tags=["评价体系"])


def _summary(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "name": framework.name,
        "version": framework.version,
        "provider": framework.provider,
        "total_points": framework.total_points,
    }


@router.get(
    "/schemes", response=answers(Page[SchemeSummary]), url_name="schemes", summary="评价体系列表"
)
def list_schemes(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """List the schemes this installation evaluates with."""
    return page([_summary(load_framework(i)) for i in bundled_ids()], paging)


@router.get(
    "/schemes/{scheme_id}",
    response=answers(Scheme),
    url_name="scheme",
    summary="评价体系全文（指标树、分值、字段、评分标准原文）",
)
def get_scheme(request: HttpRequest, scheme_id: str) -> dict[str, Any]:
    """Return a scheme whole: gates, the indicator tree, points, inputs and rules' texts."""
    if scheme_id not in bundled_ids():
        raise Http404
    framework = load_framework(scheme_id)
    return {
        **_summary(framework),
        "source": framework.source,
        "locale": framework.locale,
        "default_evaluation_year": framework.default_evaluation_year,
        "units": framework.units,
        "tiers": framework.tiers,
        "windows": framework.windows,
        "gates": [
            {
                **g.model_dump(include={"id", "kind", "name", "statement", "standard"}),
                "consequence": g.consequence,
                "units": g.units,
                "inputs": g.inputs,
            }
            for g in framework.gates
        ],
        "first_level": [
            {
                "name": f.name,
                "points": f.points,
                "second_level": [
                    {
                        "name": s.name,
                        "points": s.points,
                        "indicators": [_indicator(i) for i in s.indicators],
                    }
                    for s in f.second_level
                ],
            }
            for f in framework.first_level
        ],
    }


def _indicator(indicator: Any) -> dict[str, Any]:
    return {
        "number": indicator.number,
        "name": indicator.name,
        "points": indicator.points,
        "units": indicator.units,
        "preamble": indicator.preamble,
        "tiered": indicator.tiered,
        "cumulative_cap": indicator.cumulative_cap,
        "inputs": indicator.inputs,
        "criteria": [
            {"id": c.id, "standard": c.standard, "points": c.points, "rule": c.rule.kind}
            for c in indicator.criteria
        ],
    }
