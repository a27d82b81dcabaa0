"""How a view answers: one helper for the refusals of every app, one for file downloads.

Every write goes through an action; an action that will not do what was asked raises its
app's `Refused` (the reason, in Chinese) or `NotAllowed` (the user may not do it at all). A view
calls the action inside `refusals`, which answers `NotAllowed` with 403 and keeps the reason of
a refusal for the view to show as it shows everything else: in its htmx partial, or as an error
message on the page it redirects to.

    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        snapshot = actions.take_snapshot(campaign, user)
    if refused:
        return refused.redirect(request, "evaluation:index")
    ...  # the action did what was asked

A document built in memory goes back through `download`, which names it in Chinese the way
every browser reads (RFC 5987/6266: `filename*=UTF-8''` and the percent-encoded name).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url


@dataclass
class Refusal:
    """What an action refused inside `refusals` (nothing while it did what was asked)."""

    error: Exception | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def message(self) -> str:
        """Return the action's reason, as the user reads it ("" if nothing was refused)."""
        return "" if self.error is None else str(self.error)

    def show(self, request: HttpRequest) -> None:
        """Add the reason to the messages the next page shows."""
        messages.error(request, self.message)

    def redirect(self, request: HttpRequest, to: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        """Show the reason on the page `to` (a URL name with its arguments, or a URL) and go there."""
        self.show(request)
        return HttpResponseRedirect(resolve_url(to, *args, **kwargs))


@contextmanager
def refusals(
    *refused: type[Exception],
    forbidden: type[Exception] | tuple[type[Exception], ...] = (),
) -> Iterator[Refusal]:
    """Keep a refusal of the block's action for the view to show; answer `forbidden` with 403."""
    outcome = Refusal()
    try:
        yield outcome
    except forbidden:
        raise PermissionDenied from None
    except refused as e:
        outcome.error = e


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """Return `content` as a file download named `filename` (RFC 5987, any language)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
