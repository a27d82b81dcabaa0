from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def help_url(request: HttpRequest | None) -> str:
    """Return the address of the help of the page being shown (the overview if it has no name)."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    if not view_name or view_name.startswith("help:"):
        return reverse("help:index")
    try:
        return reverse("help:page", args=[view_name])
    except NoReverseMatch:  # a name the help's URL cannot carry (e.g. with a slash)
        return reverse("help:index")
