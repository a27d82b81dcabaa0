"""What a version declares about the version it supersedes (read by framework/lineage.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qcounty.core.framework.inputs import Strict


class Mapped(Strict):
    """An indicator of this version and the predecessor's indicators it comes from."""

    number: int = Field(ge=1)
    from_: list[int] = Field(alias="from", default_factory=list)  # empty: new, nothing before


class Predecessor(Strict):
    """The version this one supersedes, and how its indicators map."""

    id: str
    version: str
    unchanged: Literal["all", "none"] = "none"
    mapping: list[Mapped] = Field(default_factory=list)
