"""The views' shared answers: an action's refusal kept for the view (NotAllowed 403), a download."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import RequestFactory

from qcounty.web.responses import XLSX, download, refusals


class Refused(Exception):
    pass


class NotAllowed(Exception):
    pass


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def test_an_action_that_does_what_was_asked_leaves_no_refusal() -> None:
    with refusals(Refused, forbidden=NotAllowed) as refused:
        done = True
    assert done and not refused and refused.message == ""


def test_a_refusal_is_kept_with_its_reason_and_the_rest_of_the_block_skipped() -> None:
    reached = False
    with refusals(Refused, forbidden=NotAllowed) as refused:
        raise Refused("申报已提交，不能修改")
        reached = True  # type: ignore[unreachable]
    assert refused and refused.message == "申报已提交，不能修改"
    assert isinstance(refused.error, Refused) and not reached


def test_a_refusal_without_a_reason_is_still_a_refusal() -> None:
    with refusals(Refused) as refused:
        raise Refused()
    assert refused and refused.message == ""


def test_not_allowed_is_answered_with_403() -> None:
    with pytest.raises(PermissionDenied), refusals(Refused, forbidden=NotAllowed):
        raise NotAllowed("专家不能核实")


def test_not_allowed_is_not_kept_as_a_refusal_when_no_forbidden_type_is_named() -> None:
    with pytest.raises(NotAllowed), refusals(Refused):
        raise NotAllowed


def test_any_other_error_passes_through() -> None:
    with pytest.raises(KeyError), refusals(Refused, forbidden=NotAllowed):
        raise KeyError("a bug, not a refusal")


def test_several_refusal_types_are_kept_alike() -> None:
    with refusals(Refused, ValueError) as refused:
        raise ValueError("数值不在范围内")
    assert refused.message == "数值不在范围内"


def test_redirect_shows_the_reason_on_the_page_it_goes_to() -> None:
    request = _request()
    with refusals(Refused) as refused:
        raise Refused("未选择专家评分")
    response = refused.redirect(request, "/somewhere/")
    assert response.status_code == 302 and response["Location"] == "/somewhere/"
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "未选择专家评分")]


def test_a_download_is_named_in_chinese_percent_encoded_as_rfc_5987_says() -> None:
    # 附件2 文登区.xlsx: 附 = E9 99 84, 件 = E4 BB B6, the space %20, 文 E6 96 87, 登 E7 99 BB,
    # 区 E5 8C BA; an ASCII-only filename="…" would lose the name in every browser
    response = download(b"PK", "附件2 文登区.xlsx", XLSX)
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E9%99%84%E4%BB%B62%20%E6%96%87%E7%99%BB%E5%8C%BA.xlsx"
    )
    assert response["Content-Type"] == XLSX and response.content == b"PK"
