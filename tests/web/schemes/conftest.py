from __future__ import annotations

from pathlib import Path

import pytest

from qcounty.core.framework.loader import resolve

ANHUI = Path(str(resolve("anhui-quality-work-2014"))).read_text(encoding="utf-8")


def anhui(version: str = "2014.2", text: str = ANHUI) -> bytes:
    """Return the bundled Anhui scheme as a new version, as a province would upload it."""
    return text.replace('version: "2014"', f'version: "{version}"', 1).encode("utf-8")


@pytest.fixture
def anhui_2024() -> bytes:
    return anhui()
