"""The scheme's words on the pages: the evaluated unit, its comparison groups, the gates' outcomes.

A page names its unit with ``{% page_words as words %}`` (base.html does it for every page, a
partial rendered alone does it itself): the words of the campaign the page is about, found in its
context (``words`` a view gave, else ``application``, ``campaign`` or ``snapshot``'s campaign),
Shandong's on a page about none. The campaign's scheme is cached on it: no query.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from qcounty.core import FrameworkError, load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.wording import Wording, wording

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from qcounty.web.campaigns.models import Application, Campaign


@dataclasses.dataclass(frozen=True)
class PageWords(Wording):
    """The scheme's words and those the pages add: 县里, 县质量强县办, the system's name."""

    @property
    def administrative(self) -> bool:
        """Return whether the unit is an administrative area (县, 市), not a company."""
        return len(self.short) == 1

    @property
    def here(self) -> str:
        """Return how a unit is spoken of as a party: 县里 / 市里, 企业."""
        return f"{self.short}里" if self.administrative else self.short

    @property
    def office(self) -> str:
        """Return who leads a unit's application: 县质量强县办 (Shandong's), 市质量工作牵头部门."""
        return "县质量强县办" if self.short == "县" else f"{self.short}质量工作牵头部门"

    @property
    def level(self) -> str:
        """Return the unit's own level: 县级 (县级自报值), 市级; 企业."""
        return f"{self.short}级" if self.administrative else self.short

    @property
    def effort(self) -> str:
        """Return what the units do: 质量强县创建, 质量强市创建; 质量工作考核 (a scheme that
        assesses its units' quality work, as Anhui's, creates no 质量强市); 企业质量评价."""
        if not self.administrative:
            return f"{self.short}质量评价"
        if self.scheme and "质量强" not in self.scheme and "考核" in self.scheme:
            return "质量工作考核"
        return f"质量强{self.short}创建"

    @property
    def creates(self) -> bool:
        """Return whether the units create a title (质量强县/市创建), not only are assessed."""
        return self.effort.startswith("质量强")

    @property
    def system(self) -> str:
        """Return the system's name: 质量强县创建评价系统, 质量强市创建评价系统, 企业质量评价系统."""
        return f"{self.effort}评价系统" if self.administrative else f"{self.effort}系统"


def page_words(framework: Framework | None) -> PageWords:
    """Return the pages' words of a scheme (Shandong's without one)."""
    return as_page_words(wording(framework))


def invalid_department(application: Application) -> str:
    """Return the refusal of a department outside the application's unit: 请选择本县（市、区）的一个部门."""
    return _("请选择本{unit}的一个部门").format(unit=words_of(application.campaign).unit)


def words_of(campaign: Campaign | None) -> PageWords:
    """Return the words of the campaign's scheme (Shandong's without a campaign)."""
    return SHANDONG if campaign is None else page_words(campaign.framework)


def as_page_words(words: Wording) -> PageWords:
    """Return a scheme's words with those the pages add."""
    if isinstance(words, PageWords):
        return words
    return PageWords(**{f.name: getattr(words, f.name) for f in dataclasses.fields(words)})


@functools.lru_cache(maxsize=4)
def _scheme_words(framework_id: str) -> PageWords:
    if framework_id == SHANDONG_ID:
        return SHANDONG  # as the pages read before schemes named their own
    try:
        return page_words(load_framework(framework_id))
    except FrameworkError:
        # a mistyped setting must not take every page down: said once in the log
        log.error("QCOUNTY_FRAMEWORK=%r is not a bundled scheme: Shandong's words", framework_id)
        return SHANDONG


def deployment_words() -> PageWords:
    """Return the words of the scheme the deployment runs (`QCOUNTY_FRAMEWORK`), for the pages
    about no campaign; no query (a bundled scheme, parsed once)."""
    return _scheme_words(settings.QCOUNTY_FRAMEWORK)


def words_in(context: Any) -> PageWords:
    """Return the words of the campaign a template's context is about (the deployment's if none)."""
    given = context.get("words")
    if isinstance(given, Wording):
        return as_page_words(given)
    for name in ("application", "campaign", "snapshot", "objection", "settlement", "batch"):
        item = context.get(name)
        campaign = item if name == "campaign" else getattr(item, "campaign", None)
        if getattr(campaign, "framework_id", None):
            return words_of(campaign)
    return deployment_words()


SHANDONG = page_words(None)
SHANDONG_ID = "shandong-county-2022"
