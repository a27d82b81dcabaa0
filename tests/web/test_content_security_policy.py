"""Every page sends a Content-Security-Policy without 'unsafe-inline', and no template needs one.

The policy allows scripts and styles from the site's own static files only, so a template with
an inline script, an inline event handler (onclick=…), a style attribute or a <style> element
would be refused by the browser: the scan below keeps them out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User

WEB = Path(__file__).resolve().parents[2] / "src" / "qcounty" / "web"
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def assert_strict_policy(response) -> None:
    found = policy(response)
    assert {name: found.get(name) for name in EXPECTED} == EXPECTED
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_login_page_sends_the_policy(client: Client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_strict_policy(response)


@pytest.mark.parametrize(
    "role", ["admin", "evaluator", "expert", "office", "market_clerk", "rongcheng_office"]
)
def test_every_role_gets_the_policy_on_its_pages(world, login, role):
    if role == "expert":
        user = User.objects.create_user(
            "expert", role=User.Role.EXPERT, organisation=world.province, full_name="expert"
        )
    else:
        user = getattr(world, role)
    client = login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_strict_policy(response)


def test_the_application_page_with_its_chart_sends_the_policy(world, login):
    response = login(world.office).get(
        reverse("reporting:application", args=[world.application.pk])
    )
    assert response.status_code == 200
    assert 'class="chart-data"' in response.content.decode()  # the chart's JSON data block
    assert_strict_policy(response)


def test_error_pages_send_the_policy_too(world, login):
    assert_strict_policy(login(world.office).get("/no-such-page/"))


def test_the_admin_sends_the_policy(world, login):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    response = login(world.admin).get("/admin/")
    assert response.status_code == 200
    assert_strict_policy(response)


def test_static_files_are_served_with_debug_off(client: Client, settings):
    assert settings.DEBUG is False
    response = client.get("/static/qcounty/behaviours.js")
    assert response.status_code == 200
    assert b"data-width" in b"".join(response.streaming_content)


TEMPLATES = sorted(WEB.rglob("templates/**/*.html"))
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"\sstyle\s*=|<style\b", re.IGNORECASE)


def test_the_scan_covers_the_templates():
    assert len(TEMPLATES) > 50
    assert WEB / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(WEB)))
def test_no_template_has_inline_script_or_style(template: Path):
    text = template.read_text(encoding="utf-8")
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        # a script from a static file, or a JSON data block (never executed)
        assert "src=" in attributes or 'type="application/json"' in attributes, match.group(0)
    assert not EVENT_HANDLER.search(text), EVENT_HANDLER.search(text).group(0)
    assert not STYLE.search(text), STYLE.search(text).group(0)
    assert "javascript:" not in text.lower()


def test_the_scan_finds_what_it_looks_for():
    assert SCRIPT_TAG.search("<script>alert(1)</script>").group(1) == ""
    assert EVENT_HANDLER.search('<form onsubmit="return confirm(1)">')
    assert STYLE.search('<span style="width: 3%">') and STYLE.search("<style>a{}</style>")
    assert not EVENT_HANDLER.search('<select name="key" data-autosubmit>')
