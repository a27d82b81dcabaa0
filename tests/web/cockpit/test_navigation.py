"""The county office reaches its cockpit from the application page; a clerk sees no links."""

from __future__ import annotations

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
