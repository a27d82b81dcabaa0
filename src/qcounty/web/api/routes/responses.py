"""The answers every operation documents besides its own: the refusals of the Error shape."""

from __future__ import annotations

from typing import Any

from qcounty.web.api.errors import ConflictError, Error

# every operation: a body that is not JSON, no or a bad token, a role that may not, not found,
# a body too large, a refused parameter, too many requests
REFUSALS: dict[int, Any] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    413: Error,
    422: Error,
    429: Error,
}
# a write besides: someone else saved first, or the campaign is frozen (认定名单 published)
WRITE_REFUSALS: dict[int, Any] = {**REFUSALS, 409: ConflictError}


def answers(ok: Any, status: int = 200, *, write: bool = False) -> dict[int, Any]:
    """Return an operation's documented responses: `ok` at `status`, and the refusals."""
    return {status: ok, **(WRITE_REFUSALS if write else REFUSALS)}
