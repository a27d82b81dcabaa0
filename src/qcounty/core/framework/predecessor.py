"""What a version declares about the version it supersedes (read by framework/lineage.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from qcounty.core.framework.inputs import Strict

if TYPE_CHECKING:
    from qcounty.core.framework.model import Framework


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


def check_predecessor(f: Framework) -> list[tuple[str, str]]:
    """Return the problems of the predecessor's mapping that this file alone shows."""
    p = f.predecessor
    if p is None:
        return []
    out: list[tuple[str, str]] = []
    if (p.id, p.version) == (f.id, f.version):
        out.append(("predecessor", "a version cannot be its own predecessor"))
    numbers = {i.number for i in f.indicators()}
    seen: set[int] = set()
    for k, m in enumerate(p.mapping):
        path = f"predecessor.mapping[{k}]"
        if m.number not in numbers:
            out.append((f"{path}.number", f"this version has no indicator {m.number}"))
        if m.number in seen:
            out.append((f"{path}.number", f"indicator {m.number} is mapped twice"))
        seen.add(m.number)
        if any(n < 1 for n in m.from_):
            out.append((f"{path}.from", "indicator numbers start at 1"))
    return out
