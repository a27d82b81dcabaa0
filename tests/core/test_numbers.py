"""Numbers typed by a person: ASCII and full-width digits in their usual forms, nothing looser."""

from __future__ import annotations

import pytest

from qcounty.core.numbers import LARGEST, NumberError, parse_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("85", 85.0),
        ("85%", 85.0),
        ("85 %", 85.0),
        ("８５．５％", 85.5),  # what a Chinese input method types
        ("1,256", 1256.0),
        ("１，２５６", 1256.0),
        ("1,234,567.5", 1234567.5),
        ("-3.5", -3.5),
        ("－３", -3.0),
        ("+2", 2.0),
        ("  12\u3000", 12.0),
        ("", None),
        ("   ", None),
    ],
)
def test_plain_and_full_width_numbers_are_read(typed: str, value: float | None) -> None:
    assert parse_number(typed, percent=True) == value


@pytest.mark.parametrize(
    "typed",
    [
        "1,0,0",  # separators out of place: Python's own replace(",", "") made this 100
        "10,00",
        ",100",
        "1_0",  # float("1_0") == 10
        "١٢",  # Arabic-Indic digits: int() reads them
        "𝟏𝟐",  # mathematical bold digits
        "1.797e308",  # an exponent: a patent count of 10³⁰⁸
        "1e3",
        "inf",
        "nan",
        "1.2.3",
        "1.",
        ".5",
        "--1",
        "0x10",
        "12 34",
    ],
)
def test_anything_looser_is_refused_in_chinese(typed: str) -> None:
    with pytest.raises(NumberError, match="应为数字"):
        parse_number(typed, percent=True)


def test_a_percent_sign_is_refused_where_a_percent_is_not_asked_for() -> None:
    with pytest.raises(NumberError):
        parse_number("85%")


def test_an_integer_refuses_a_fraction() -> None:
    assert parse_number("1,256", integer=True) == 1256
    with pytest.raises(NumberError, match=r"应为整数，实际为“2\.5”"):
        parse_number("2.5", integer=True)


def test_a_magnitude_over_a_billion_is_refused() -> None:
    assert parse_number("1,000,000,000", integer=True) == LARGEST
    with pytest.raises(NumberError, match="数值过大"):
        parse_number("1,000,000,001", integer=True)
    with pytest.raises(NumberError, match="数值过大"):
        parse_number("-1000000000.5")
