"""The help texts: one YAML file per audience in texts/, read once into typed objects.

An audience is who a manual is written for: the five account roles and the county's leader,
who uses the county office's account (so an office user's page looks in the office's texts
first, then in the leader's). Each file has a general page (the role's day, shown when a page
has no entry of its own) and one entry per page, keyed by the page's URL name
(``namespace:name``, as ``request.resolver_match.view_name`` gives it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEXTS_DIR = Path(__file__).resolve().parent / "texts"

# the manuals' order; the file of each is texts/<audience>.yaml
AUDIENCES = ("clerk", "county_office", "leader", "evaluator", "expert", "admin")

# account role → the audiences whose texts its pages look in, in order
ROLE_AUDIENCES: dict[str, tuple[str, ...]] = {
    "clerk": ("clerk",),
    "county_office": ("county_office", "leader"),
    "evaluator": ("evaluator",),
    "expert": ("expert",),
    # the administrator sees every page read-only: the page's own role explains it best
    "admin": ("admin", "evaluator", "county_office", "leader"),
}

# an action whose refusal shows another page again → that page (its help applies)
SHOWS_PAGE = {"evaluation:whatif_save": "evaluation:county"}


class HelpTextError(ValueError):
    """A help text file is malformed; the message names the file, the place and the problem."""


@dataclass(frozen=True)
class Entry:
    """The help of one page: what it is for and the steps of its work."""

    key: str  # the page's URL name, or "general"
    title: str
    purpose: str
    steps: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """Return the key as a file-name part (screenshots are named by it)."""
        return self.key.replace(":", "-")


@dataclass(frozen=True)
class Manual:
    """One audience's texts: the manual's title, its introduction, the general page, the pages."""

    audience: str
    role: str
    title: str
    intro: tuple[str, ...]
    general: Entry
    pages: tuple[Entry, ...]

    def entry(self, key: str) -> Entry | None:
        return next((e for e in self.pages if e.key == key), None)


@functools.cache
def manual(audience: str) -> Manual:
    """Return the audience's texts, read and checked once."""
    if audience not in AUDIENCES:
        raise KeyError(audience)
    path = TEXTS_DIR / f"{audience}.yaml"
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return _manual(path.name, audience, data)


def manuals() -> list[Manual]:
    return [manual(a) for a in AUDIENCES]


def audiences_of(role: str) -> tuple[str, ...]:
    return ROLE_AUDIENCES.get(role, ())


def entry_for(role: str, key: str | None) -> tuple[Manual, Entry] | None:
    """Return the entry of the page for the role (its audiences in order), or None."""
    key = SHOWS_PAGE.get(key or "", key)
    for audience in audiences_of(role):
        found = manual(audience).entry(key) if key else None
        if found is not None:
            return manual(audience), found
    return None


def general_for(role: str) -> tuple[Manual, Entry] | None:
    """Return the role's general page (its first audience's), or None for an unknown role."""
    audiences = audiences_of(role)
    if not audiences:
        return None
    first = manual(audiences[0])
    return first, first.general


# --------------------------------------------------------------------------- validation


def _manual(name: str, audience: str, data: Any) -> Manual:
    where = f"{name}"
    _mapping(data, where, {"audience", "role", "title", "intro", "general", "pages"})
    if data["audience"] != audience:
        raise HelpTextError(f"{where}: audience is {data['audience']!r}, expected {audience!r}")
    pages = data["pages"]
    if not isinstance(pages, dict) or not pages:
        raise HelpTextError(f"{where}: pages: expected a mapping of URL names to entries")
    return Manual(
        audience=audience,
        role=_text(data["role"], f"{where}: role"),
        title=_text(data["title"], f"{where}: title"),
        intro=_texts(data["intro"], f"{where}: intro"),
        general=_entry("general", data["general"], f"{where}: general"),
        pages=tuple(_entry(str(k), v, f"{where}: pages: {k}") for k, v in pages.items()),
    )


def _entry(key: str, data: Any, where: str) -> Entry:
    _mapping(data, where, {"title", "purpose", "steps"}, optional={"notes"})
    if key != "general" and ":" not in key and key != "home":
        raise HelpTextError(f"{where}: the key must be a URL name such as reporting:application")
    return Entry(
        key=key,
        title=_text(data["title"], f"{where}: title"),
        purpose=_text(data["purpose"], f"{where}: purpose"),
        steps=_texts(data["steps"], f"{where}: steps"),
        notes=_texts(data.get("notes", []), f"{where}: notes", empty=True),
    )


def _mapping(
    data: Any, where: str, required: set[str], optional: frozenset[str] | set[str] = frozenset()
) -> None:
    if not isinstance(data, dict):
        raise HelpTextError(f"{where}: expected a mapping")
    missing = required - data.keys()
    unknown = data.keys() - required - set(optional)
    if missing:
        raise HelpTextError(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown:
        raise HelpTextError(f"{where}: unknown {', '.join(sorted(map(str, unknown)))}")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise HelpTextError(f"{where}: expected a non-empty text")
    return value.strip()


def _texts(value: Any, where: str, *, empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or (not value and not empty):
        raise HelpTextError(f"{where}: expected a list of texts")
    return tuple(_text(v, f"{where}[{n}]") for n, v in enumerate(value, start=1))
