"""Request body limits, enforced while an upload streams in, before anything is kept.

Each upload view names its limits with `@upload_limits`; `LimitedUploadHandler` (first in
FILE_UPLOAD_HANDLERS) refuses a request whose Content-Length already says too much before a byte
of any file is buffered, and stops a file the moment it passes its limit while streaming. A
refused file never reaches `request.FILES`; the view asks `refusal(request)` and says why in
Chinese on its own page. The rest of the body is still read and thrown away, so that the browser
receives that page rather than a reset connection: the reverse proxy's client_max_body_size
bounds how much that can be. Bodies without files are bounded by DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

View = TypeVar("View", bound=Callable[..., Any])
# the fields and multipart headers around the files of an upload form (a token, a record id,
# 500 file names at most) stay far below this
FORM_ALLOWANCE = 1024 * 1024
DEFAULT = ("MAX_UPLOAD_BYTES", "MAX_UPLOAD_BYTES")


@dataclass(frozen=True)
class Limits:
    per_file: int
    total: int  # all files of the request together


def upload_limits(per_file: str, total: str | None = None) -> Callable[[View], View]:
    """Mark a view with the settings that bound each of its files and all of them together."""

    def mark(view: View) -> View:
        view.upload_limits = (per_file, total or per_file)  # type: ignore[attr-defined]  # read from the resolved view
        return view

    return mark


def limits_for(request: HttpRequest | None) -> Limits:
    """Return the limits of the view the request goes to (the site's maximum for any other)."""
    match = getattr(request, "resolver_match", None)
    names = getattr(match.func, "upload_limits", DEFAULT) if match is not None else DEFAULT
    per_file, total = (int(getattr(settings, name)) for name in names)
    return Limits(per_file, total)


class LimitedUploadHandler(FileUploadHandler):
    """Count each file's bytes as they arrive and skip every file once the upload is refused."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limits = limits_for(request)
        self.refused = ""  # why, in Chinese; "" while the upload is within its limits
        self.received = 0  # bytes of files let through to the next handlers
        self.file_bytes = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: bytes,  # type: ignore[override]  # Django passes bytes; the stubs say str
        encoding: str | None = None,
    ) -> None:
        self.limits = limits_for(self.request)  # resolved by now: the URL is matched first
        if content_length > self.limits.total + FORM_ALLOWANCE:
            self.refused = _("文件过大：上传的内容共 {size}，上限为 {most}；未读取任何文件").format(
                size=filesizeformat(content_length), most=filesizeformat(self.limits.total)
            )

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # refused at the first chunk, not in new_file: by then every handler has opened its file
        # for this one, and SkipFile closes exactly those
        if self.refused:
            raise SkipFile
        self.file_bytes += len(raw_data)
        self.received += len(raw_data)
        if self.file_bytes > self.limits.per_file:
            self.refused = _("文件过大：“{name}”超过单个文件的上限 {most}；未保存任何文件").format(
                name=self.file_name, most=filesizeformat(self.limits.per_file)
            )
            raise SkipFile
        if self.received > self.limits.total:
            self.refused = _("文件过大：上传的文件合计超过上限 {most}；未保存任何文件").format(
                most=filesizeformat(self.limits.total)
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file


def refusal(request: HttpRequest) -> str:
    """Return why the request's upload was refused ("" when it was not), parsing it first."""
    request.FILES  # noqa: B018 -- parse now, if no middleware has yet
    for handler in request.upload_handlers:
        if isinstance(handler, LimitedUploadHandler):
            return handler.refused
    return ""
