"""Read a number typed by a person: ASCII or full-width digits, nothing looser.

Chinese input methods type full-width digits (０–９, ．, －, ，, ％), so those are accepted as
their ASCII twins. Everything Python's own ``int()``/``float()`` would also take is refused:
underscores (``1_0``), exponents (``1e308``), digits of other scripts (Arabic-Indic ``١٢``,
mathematical ``𝟏𝟐``), ``inf``/``nan``, and thousands separators out of place (``1,0,0``).
"""

from __future__ import annotations

import re

# the characters a Chinese input method types for a number, mapped to ASCII
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－＋，％", "0123456789.-+,%")

# an optional sign, then either plain digits or digits grouped by three with commas, then an
# optional fraction; [0-9], not \d, which would match every script's digits
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<whole>[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?P<fraction>\.[0-9]+)?"
)

LARGEST = 10**9  # no figure of a county's report comes near; larger is a typing slip or an attack


class NumberError(ValueError):
    """The text is not a number written the accepted way; the message says so in Chinese."""


def normalise(text: str) -> str:
    """Return the text with full-width digits and signs made ASCII and outer spaces removed."""
    return text.translate(FULL_WIDTH_DIGITS).strip().strip("\u3000").strip()


def parse_number(text: str, *, integer: bool = False, percent: bool = False) -> int | float | None:
    """Return the number written in text (None when blank), or raise NumberError in Chinese.

    ``percent`` allows a trailing ``%``; ``integer`` refuses a fraction. Magnitudes over
    ``LARGEST`` are refused here, before any range check of the input.
    """
    clean = normalise(text)
    if not clean:
        return None
    body = clean.removesuffix("%").rstrip() if percent else clean
    match = _NUMBER.fullmatch(body)
    kind = "整数" if integer else "数字"
    if match is None or (integer and match["fraction"]):
        raise NumberError(f"应为{kind}，实际为“{text.strip()}”")
    digits = match["sign"] + match["whole"].replace(",", "") + (match["fraction"] or "")
    value: int | float = int(digits) if integer else float(digits)
    if abs(value) > LARGEST:
        raise NumberError(f"数值过大（不能超过 {LARGEST:,}），实际为“{text.strip()}”")
    return value
