"""The help pages: the steps of the page a user came from, the role's overview, the manuals."""

from __future__ import annotations

import io
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.help import access, manual_docx, texts

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show the role's overview: what the role does, its pages, its manuals."""
    return _render(request, None)


@login_required
@require_GET
def page(request: AuthenticatedHttpRequest, view_name: str) -> HttpResponse:
    """Show the steps of one page for the user's role; the overview when it has none."""
    return _render(request, view_name)


def _render(request: AuthenticatedHttpRequest, view_name: str | None) -> HttpResponse:
    user = _user(request)
    found = texts.entry_for(user.role, view_name)
    general = texts.general_for(user.role)
    if general is None:
        raise Http404
    manual, entry = found if found is not None else general
    audiences = access.own_audiences(user)
    context = {
        "entry": entry,
        "manual": manual,
        "is_general": found is None,
        "came_from": view_name,
        "own": [_manual_row(texts.manual(a)) for a in audiences],
        "others": [_manual_row(m) for m in texts.manuals() if m.audience not in audiences],
        "pages": _pages(audiences),
    }
    return render(request, "help/page.html", context)


def _pages(audiences: tuple[str, ...]) -> list[tuple[texts.Manual, texts.Entry]]:
    """Return the pages of the audiences, each URL name once (as a page's help link finds it)."""
    seen: set[str] = set()
    rows = []
    for audience in audiences:
        book = texts.manual(audience)
        for entry in book.pages:
            if entry.key not in seen:
                seen.add(entry.key)
                rows.append((book, entry))
    return rows


def _manual_row(manual: texts.Manual) -> dict[str, object]:
    return {"manual": manual, "pdf": _built(manual.audience, "pdf") is not None}


def _built(audience: str, fmt: str) -> str | None:
    path = settings.HELP_MANUALS_DIR / f"{audience}.{fmt}"
    return str(path) if path.is_file() else None


@login_required
@require_GET
def manual(request: AuthenticatedHttpRequest, audience: str, fmt: str) -> FileResponse:
    """Send a role's manual: the built file, or for .docx one built now from the texts."""
    if fmt not in FORMATS:
        raise Http404
    book = access.get_manual(_user(request), audience)
    built = _built(audience, fmt)
    if built is not None:
        content: BinaryIO = open(built, "rb")  # noqa: SIM115 (FileResponse closes it)
    elif fmt == "docx":
        content = io.BytesIO(manual_docx.build(book, settings.HELP_SCREENSHOTS_DIR))
    else:
        raise Http404(_("PDF 版手册尚未生成，请先下载 Word 版。"))
    return FileResponse(
        content, as_attachment=True, filename=f"{book.title}.{fmt}", content_type=FORMATS[fmt]
    )
