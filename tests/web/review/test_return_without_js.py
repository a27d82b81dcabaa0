"""Without JavaScript the office still returns a single field (issue 12).

The return form's field list is loaded when the office opens it (htmx); without JavaScript a
link in the form opens a page with the whole form, its field list filled.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.review.models import ReturnNote, Section
from tests.web.conftest import World
from tests.web.review.conftest import Sections, put

S = Section.Status


def test_the_office_returns_one_field_without_javascript(
    world: World, sections: Sections, login: Callable[[User], Client]
) -> None:
    section = put(sections.market, S.SUBMITTED)
    client = login(world.office)
    url = reverse("review:return_keys", args=[section.pk])
    panel = client.get(reverse("reporting:application", args=[world.application.pk]))
    assert f'<noscript><p class="small"><a href="{url}">' in panel.content.decode()
    page = client.get(url)  # no HX-Request: the page, not the options
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and 'name="reason"' in html
    keys = re.findall(r'<option value="([^"]+)">', html)
    assert keys  # the department's fields, listed without a second request
    action = reverse("review:section_action", args=[section.pk, "return"])
    assert f'action="{action}"' in html
    response = client.post(action, {"reason": "请核对这一项", "key": keys[0]})
    assert response.status_code == 302
    note = ReturnNote.objects.get()
    assert (note.key, note.reason) == (keys[0], "请核对这一项")
    assert Section.objects.get(pk=section.pk).status == S.RETURNED


def test_with_htmx_the_answer_is_only_the_options(
    world: World, sections: Sections, login: Callable[[User], Client]
) -> None:
    section = put(sections.market, S.SUBMITTED)
    url = reverse("review:return_keys", args=[section.pk])
    html = login(world.office).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith("<option") and "<html" not in html


def test_a_clerk_gets_no_return_page(
    world: World, sections: Sections, login: Callable[[User], Client]
) -> None:
    section = put(sections.market, S.SUBMITTED)
    url = reverse("review:return_keys", args=[section.pk])
    assert login(world.market_clerk).get(url).status_code == 403
