"""``{% page_words as words %}``: the page's campaign's scheme's words (qcounty.web.words)."""

from __future__ import annotations

from django import template

from qcounty.web.words import PageWords, words_in

register = template.Library()


@register.simple_tag(takes_context=True)
def page_words(context: template.Context) -> PageWords:
    """Return the words of the campaign the page is about: 本县 / 本企业, 梯队 / 行业."""
    return words_in(context)
