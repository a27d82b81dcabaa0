"""Which indicators of two versions of a scheme compare year to year.

A version may name its predecessor and how its indicators came from the predecessor's
(`predecessor.mapping`): one old indicator (renamed or renumbered) compares; several (merged),
or one old indicator feeding several new ones (split), do not. Indicators the mapping leaves
out compare under the same number only when the version says `unchanged: all`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from qcounty.core.framework.model import Framework

MAX_CHAIN = 20


Lookup = Callable[[str, str], "Framework | None"]


def step(new: Framework) -> dict[int, int | None]:
    """Return, per indicator of `new`, the predecessor's comparable indicator (None: 不可比)."""
    p = new.predecessor
    if p is None:
        return {i.number: None for i in new.indicators()}
    feeds = Counter(n for m in p.mapping for n in m.from_)
    mapped = {m.number: m.from_ for m in p.mapping}
    out: dict[int, int | None] = {}
    for i in new.indicators():
        if i.number in mapped:
            sources = mapped[i.number]
            one = len(sources) == 1 and feeds[sources[0]] == 1
            out[i.number] = sources[0] if one else None
        else:
            out[i.number] = i.number if p.unchanged == "all" and feeds[i.number] == 0 else None
    return out


def comparable(new: Framework, old: Framework, lookup: Lookup) -> dict[int, int | None]:
    """Return, per indicator of `new`, the comparable indicator of `old` (None: 不可比).

    The same version compares number for number; an earlier one through the chain of
    predecessors (`lookup` finds each); schemes not linked by that chain do not compare.
    """
    same = {i.number: i.number for i in new.indicators()}
    current: Framework | None = new
    chain: dict[int, int | None] = dict(same)
    for _ in range(MAX_CHAIN):
        if current is None:
            break
        if (current.id, current.version) == (old.id, old.version):
            return {n: chain.get(n) for n in same}
        if current.predecessor is None:
            break
        links = step(current)
        chain = {n: (links.get(m) if m is not None else None) for n, m in chain.items()}
        current = lookup(current.predecessor.id, current.predecessor.version)
    return {n: None for n in same}


@dataclass(frozen=True)
class Levels:
    """Per first- and second-level node of the newer scheme, the older one's comparable node.

    Positions in the older scheme's `first_level` and in its second-level nodes in file order
    (as a county's result lists them); None: 不可比.
    """

    first: list[int | None]
    second: list[int | None]


def comparable_levels(new: Framework, old: Framework, numbers: dict[int, int | None]) -> Levels:
    """Return which nodes of `old` compare with `new`'s, given the indicators' mapping.

    A node compares with the older node that holds exactly its indicators' counterparts (each
    comparable, none shared): renamed or moved, it is still the same node; a node that gained,
    lost or merged indicators, or whose indicators do not all compare, is 不可比 — whatever
    its name.
    """

    def index(nodes: list[list[int]]) -> dict[frozenset[int], int]:
        return {frozenset(held): k for k, held in enumerate(nodes)}

    def match(nodes: list[list[int]], old_nodes: dict[frozenset[int], int]) -> list[int | None]:
        out: list[int | None] = []
        for held in nodes:
            mapped = [numbers.get(n) for n in held]
            found = [n for n in mapped if n is not None]
            if len(found) < len(mapped) or len(set(found)) < len(found):
                out.append(None)
            else:
                out.append(old_nodes.get(frozenset(found)))
        return out

    return Levels(
        match(_firsts(new), index(_firsts(old))), match(_seconds(new), index(_seconds(old)))
    )


def _firsts(f: Framework) -> list[list[int]]:
    return [[i.number for s in x.second_level for i in s.indicators] for x in f.first_level]


def _seconds(f: Framework) -> list[list[int]]:
    return [[i.number for i in s.indicators] for x in f.first_level for s in x.second_level]
