"""The framework's optional plausibility section is validated by the loader."""

from __future__ import annotations

import pytest

from qcounty.core.framework.loader import FrameworkError, parse_framework
from tests.core.plausibility.test_consistency import MINIMAL


def test_a_section_naming_an_unknown_input_is_refused():
    text = MINIMAL.replace("denominator: i01.firms", "denominator: i01.shops")
    with pytest.raises(FrameworkError) as e:
        parse_framework(text)
    assert "unknown input 'i01.shops'" in str(e.value)


def test_a_backed_list_must_be_a_record_list_with_the_fields():
    text = MINIMAL.replace("records: i01.training_list}", "records: i01.firms}")
    with pytest.raises(FrameworkError) as e:
        parse_framework(text)
    assert "'i01.firms' is not a record list" in str(e.value)


def test_an_unknown_key_of_the_section_is_refused():
    with pytest.raises(FrameworkError):
        parse_framework(MINIMAL + "  parts_of: []\n")


def test_a_framework_without_the_section_has_none():
    text = MINIMAL[: MINIMAL.index("plausibility:")]
    assert parse_framework(text).plausibility.ratios == []
