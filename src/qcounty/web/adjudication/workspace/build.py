"""Build the workspace: load an application's decisions and scores once, then its blocks."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from qcounty.core.framework.model import Indicator
from qcounty.core.results import IndicatorResult
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import access
from qcounty.web.adjudication.estimates import estimate_both
from qcounty.web.adjudication.workspace.inputs import _row
from qcounty.web.adjudication.workspace.loading import _load, _Loaded
from qcounty.web.adjudication.workspace.rows import (
    CriterionRow,
    Group,
    IndicatorBlock,
    Section,
    Workspace,
)
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.gatewords import gates_title

PREVIEW_KINDS = {Evidence.Kind.PDF: "pdf", Evidence.Kind.PNG: "image", Evidence.Kind.JPEG: "image"}


def workspace(
    application: Application,
    user: User,
    *,
    only: int | None = None,
    among: Collection[int] | None = None,
    **state: Any,
) -> Workspace:
    """Return the workspace of an application: every block, only one indicator's (`only`), or
    the gates and the blocks of the indicators `among` (a group the page shows)."""
    loaded = _load(application, user)
    framework = application.campaign.framework
    estimated = estimate_both(application, loaded.claims, loaded.values)
    claimed, adjudicated = estimated.claimed, estimated.adjudicated
    results = (
        {r.number: r for r in claimed.indicators},
        {r.number: r for r in adjudicated.indicators},
    )
    gates = None
    if framework.gates and (only is None or only == 0):
        inputs = [x for g in framework.gates for x in g.inputs]
        gates = IndicatorBlock(
            0,
            gates_title(framework),
            0.0,
            False,
            "",
            [],
            [f"{g.name}：{g.statement} {g.standard}" for g in framework.gates],
            None,
            None,
            [_row(application, user, x, loaded, state) for x in inputs],
            [e for e in loaded.evidence if e.indicator == 0],
        )
    sections = []
    for first in framework.first_level:
        groups = []
        for second in first.second_level:
            blocks = [
                _block(application, user, indicator, loaded, results, state)
                for indicator in second.indicators
                if (only is None or indicator.number == only)
                and (among is None or indicator.number in among)
            ]
            if blocks:
                groups.append(Group(second.name, second.points, blocks))
        if groups:
            sections.append(Section(first.name, first.points, groups))
    return Workspace(
        application,
        gates,
        sections,
        {n for n, r in results[0].items() if r.points != _points(results[1].get(n))},
        estimated,
        access.can_decide(user),
        access.can_score(user),
        access.open_for_decisions(application),
    )


def _points(result: IndicatorResult | None) -> float | None:
    return result.points if result else None


def block_of(workspace_: Workspace) -> IndicatorBlock:
    """Return the one block of a workspace built with `only`."""
    if workspace_.gates is not None:
        return workspace_.gates
    return workspace_.sections[0].groups[0].blocks[0]


def _block(
    application: Application,
    user: User,
    indicator: Indicator,
    loaded: _Loaded,
    results: tuple[dict[int, IndicatorResult], dict[int, IndicatorResult]],
    state: dict[str, Any],
) -> IndicatorBlock:
    claimed, adjudicated = results[0].get(indicator.number), results[1].get(indicator.number)
    criteria = []
    for n, c in enumerate(indicator.criteria):
        criteria.append(
            CriterionRow(
                c.id,
                c.standard,
                c.points,
                claimed.criteria[n].points if claimed else 0.0,
                adjudicated.criteria[n].points if adjudicated else 0.0,
            )
        )
    return IndicatorBlock(
        indicator.number,
        indicator.name,
        indicator.points,
        indicator.tiered,
        indicator.preamble or "",
        criteria,
        [],
        claimed.points if claimed else None,
        adjudicated.points if adjudicated else None,
        [
            _row(application, user, x, loaded, state)
            for x in indicator.inputs
            if not x.informational or loaded.claims.get(x.key) not in (None, "")
        ],
        [e for e in loaded.evidence if e.indicator == indicator.number],
    )
