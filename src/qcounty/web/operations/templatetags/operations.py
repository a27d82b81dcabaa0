"""The banner that says background work is not running."""

from __future__ import annotations

from typing import Any

from django import template

from qcounty.web.operations.heartbeat import worker_status

register = template.Library()

# roles whose work waits on the worker (bulk import, robustness runs, generated documents)
_DEPENDS_ON_WORKER = ("admin", "evaluator", "expert", "county_office")


@register.inclusion_tag("operations/worker_banner.html")
def worker_banner(user: Any) -> dict[str, Any]:
    """Show the banner to users who depend on the worker when none has been seen lately."""
    if not getattr(user, "is_authenticated", False) or user.role not in _DEPENDS_ON_WORKER:
        return {"show": False}
    status = worker_status()
    return {"show": not status.ok, "last_seen": status.last_seen, "is_admin": user.role == "admin"}
