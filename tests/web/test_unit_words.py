"""The check that a page or document speaks of the scheme's unit (tests/web/unit_words.py)."""

from __future__ import annotations

import pytest

from qcounty.core import load_framework
from qcounty.core.wording import wording
from tests.files import word_docx
from tests.web.unit_words import (
    assert_document_unit_words,
    assert_unit_words,
    leftovers,
    split_page,
)

ANHUI = wording(load_framework("anhui-quality-work-2014"))
SHANDONG = wording(load_framework("shandong-county-2022"))
PAGE = (
    "<html><head><title>质量强县创建评价系统</title><script>var x='参评县';</script></head>"
    "<body><nav>本{nav}工作台</nav><main><h1>{main}</h1>"
    '<button aria-label="{label}">x</button></main></body></html>'
)


def test_a_page_in_the_schemes_words_passes() -> None:
    page = PAGE.format(nav="市", main="全体参评市", label="下载参评市数据")
    assert_unit_words(page, ANHUI)  # the product's name and a script are not read


@pytest.mark.parametrize(
    ("main", "label", "found"),
    [
        ("全体参评县", "x", ["全体参评县"]),
        ("合肥市", "下载参评县数据", ["下载参评县数据"]),
        ("第二梯队", "x", ["第二梯队"]),
    ],
)
def test_a_page_saying_county_or_tier_fails_for_a_city_scheme(main, label, found) -> None:
    page = PAGE.format(nav="市", main=main, label=label)
    with pytest.raises(AssertionError, match="the page says 县/梯队 for 市"):
        assert_unit_words(page, ANHUI)
    assert [x for x in leftovers(split_page(page)[0], ANHUI) if found[0] in x]


def test_shandongs_counties_and_tiers_are_its_own_words() -> None:
    assert_unit_words(PAGE.format(nav="县", main="第二梯队 参评县", label="本县"), SHANDONG)


def test_the_header_is_read_apart_from_the_main_part() -> None:
    main, rest = split_page(PAGE.format(nav="县", main="参评市", label="x"))
    assert leftovers(main, ANHUI) == [] and leftovers(rest, ANHUI) != []


def test_a_word_document_saying_county_fails() -> None:
    with pytest.raises(AssertionError, match="the document says"):
        assert_document_unit_words(word_docx("各参评县得分"), ANHUI)
    assert_document_unit_words(word_docx("各参评市得分"), ANHUI)
