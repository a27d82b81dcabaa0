"""Every page a role can open has its help entry, or is listed as a deliberate fallback."""

from __future__ import annotations

import pytest

from qcounty.web.help import texts
from tests.web.help.pages import FALLBACK, NOT_PAGES, ROLES, UNREACHABLE, pages, url_names


def unhelped(role: str, names: list[str]) -> list[str]:
    """Return the pages the role can open that have neither help nor a deliberate fallback."""
    return [
        name
        for name in names
        if name not in UNREACHABLE[role]
        and name not in FALLBACK[role]
        and texts.entry_for(role, name) is None
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_the_role_can_open_has_help_or_falls_back_deliberately(role: str) -> None:
    missing = unhelped(role, pages())
    assert not missing, (
        f"{role} can open {missing} without a help entry: write one in "
        f"src/qcounty/web/help/texts/ or list the page in tests/web/help/pages.py"
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_deliberate_fallback_has_no_entry_and_is_a_page_the_role_can_open(role: str) -> None:
    for name in FALLBACK[role]:
        assert texts.entry_for(role, name) is None, f"{name} has an entry: drop it from FALLBACK"
        assert name in pages() and name not in UNREACHABLE[role], name


@pytest.mark.parametrize("role", ROLES)
def test_the_unreachable_lists_name_pages(role: str) -> None:
    assert UNREACHABLE[role] <= set(pages()), UNREACHABLE[role] - set(pages())


def test_every_help_entry_is_a_page() -> None:
    known = set(pages())
    for manual in texts.manuals():
        stale = [e.key for e in manual.pages if e.key not in known]
        assert not stale, f"{manual.audience}.yaml has help for {stale}, which are not pages"


def test_the_list_of_non_pages_names_only_existing_urls() -> None:
    assert set(url_names()) >= NOT_PAGES, NOT_PAGES - set(url_names())


@pytest.mark.parametrize("role", ROLES)
def test_a_new_page_without_help_is_reported(role: str) -> None:
    assert unhelped(role, [*pages(), "reporting:new_page"]) == ["reporting:new_page"]
