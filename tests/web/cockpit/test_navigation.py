"""The county office reaches its cockpit from the application page; a clerk sees no links."""

from __future__ import annotations

import re

from django.urls import reverse


def test_the_office_sees_every_cockpit_page_linked_from_its_application(world, login):
    app = world.application
    page = login(world.office).get(reverse("reporting:application", args=[app.pk]))
    html = page.content.decode()
    for name, args in [
        ("cockpit:dashboard", [app.pk]),
        ("cockpit:gaps", [app.pk]),
        ("cockpit:whatif", [app.pk]),
        ("cockpit:rank", [app.pk]),
        ("cockpit:years", [app.county_id]),
        ("tasks:board", [app.pk]),
        ("tasks:assessment", [app.pk]),
    ]:
        url = reverse(name, args=args)
        assert f'href="{url}"' in html, name
        # every link leads to a page the office may open
        assert login(world.office).get(url).status_code == 200, name
    # the report is asked for with a button (it is built in the background)
    report = reverse("documents:job_start", args=[app.pk, "quality_report"])
    assert f'action="{report}"' in html


def test_a_clerk_sees_no_cockpit_links(world, login):
    app = world.application
    page = login(world.market_clerk).get(reverse("reporting:application", args=[app.pk]))
    assert reverse("cockpit:dashboard", args=[app.pk]) not in page.content.decode()


CONTEXTUAL = {"详情", "看看哪些做法能提分"}


def _links(html: str) -> dict[str, set[str]]:
    """Return href → the texts of the links to it (inline markup stripped)."""
    found: dict[str, set[str]] = {}
    for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        found.setdefault(href, set()).add(re.sub(r"<[^>]+>|\s+", "", text))
    return found


def _title(html: str) -> str:
    """Return the page's name: its <title> before the “ · county” part."""
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    return title.group(1).split("·")[0].strip()


def test_each_cockpit_link_says_the_name_of_the_page_it_opens(world, login):
    """A link reads as the page's own title (领导驾驶舱, 模拟试算, 排名估计, …)."""
    app = world.application
    client = login(world.office)
    targets = {
        reverse(name, args=args)
        for name, args in [
            ("cockpit:dashboard", [app.pk]),
            ("cockpit:gaps", [app.pk]),
            ("cockpit:whatif", [app.pk]),
            ("cockpit:rank", [app.pk]),
            ("cockpit:years", [app.county_id]),
        ]
    }
    titles = {url: _title(client.get(url).content.decode()) for url in targets}
    pages = [reverse("reporting:application", args=[app.pk]), *targets]
    checked = 0
    for page in pages:
        for href, texts in _links(client.get(page).content.decode()).items():
            if href in titles and href != page:  # a link to the page itself is an action
                # a link in a sentence may say what it adds (详情); a named link names the page
                assert texts - CONTEXTUAL == {titles[href]}, (page, href)
                checked += 1
    assert titles[reverse("cockpit:dashboard", args=[app.pk])] == "领导驾驶舱"
    assert checked >= 10  # the application's five links and the pages' links to each other
