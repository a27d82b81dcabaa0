"""A version's predecessor and mapping decide which indicators compare year to year."""

from __future__ import annotations

from qcounty.core.framework.lineage import comparable
from qcounty.core.framework.loader import load_framework, parse_framework, resolve
from qcounty.core.framework.model import Framework

ANHUI = resolve("anhui-quality-work-2014").read_text(encoding="utf-8")
OLD = load_framework("anhui-quality-work-2014")  # indicators 1–23


def successor(predecessor: str, version: str = "2014.2") -> Framework:
    text = ANHUI.replace('version: "2014"', f'version: "{version}"', 1)
    return parse_framework(text + predecessor, "anhui-quality-work-2014.yaml")


def lookup(scheme_id: str, version: str) -> Framework | None:
    return OLD if (scheme_id, version) == (OLD.id, OLD.version) else None


def test_the_same_version_compares_number_for_number() -> None:
    assert comparable(OLD, OLD, lookup) == {n: n for n in range(1, 24)}


def test_without_a_predecessor_nothing_compares_even_under_the_same_number() -> None:
    new = successor("")
    assert set(comparable(new, OLD, lookup).values()) == {None}


def test_a_mapping_renumbers_merges_and_splits() -> None:
    new = successor(
        """
predecessor:
  id: anhui-quality-work-2014
  version: "2014"
  unchanged: all
  mapping:
    - {number: 4, from: [5]}      # renumbered: compares with the old 5
    - {number: 5, from: [4]}
    - {number: 6, from: [6, 7]}   # merged: not comparable
    - {number: 7, from: [8]}      # split: the old 8 feeds 7 and 8
    - {number: 8, from: [8]}
    - {number: 9, from: []}       # new: nothing before
"""
    )
    seen = comparable(new, OLD, lookup)
    assert seen[4] == 5 and seen[5] == 4
    assert seen[6] is None and seen[7] is None and seen[8] is None and seen[9] is None
    assert seen[1] == 1 and seen[23] == 23  # unchanged: all
    # an old indicator taken by the mapping does not also compare under its own number
    assert seen[10] == 10


def test_unlisted_indicators_do_not_compare_unless_declared_unchanged() -> None:
    new = successor(
        """
predecessor: {id: anhui-quality-work-2014, version: "2014", mapping: [{number: 1, from: [1]}]}
"""
    )
    seen = comparable(new, OLD, lookup)
    assert seen[1] == 1
    assert seen[2] is None


def test_a_chain_of_versions_composes_its_mappings() -> None:
    middle = successor(
        """
predecessor: {id: anhui-quality-work-2014, version: "2014", unchanged: all,
              mapping: [{number: 2, from: [3]}, {number: 3, from: [2]}]}
"""
    )
    newest = successor(
        """
predecessor: {id: anhui-quality-work-2014, version: "2014.2", unchanged: all,
              mapping: [{number: 3, from: [1]}, {number: 1, from: [3]}]}
""",
        version="2014.3",
    )

    def chain(scheme_id: str, version: str) -> Framework | None:
        return {"2014": OLD, "2014.2": middle}.get(version)

    seen = comparable(newest, OLD, chain)
    # newest 3 ← middle 1 ← old 1; newest 1 ← middle 3 ← old 2
    assert seen[3] == 1 and seen[1] == 2 and seen[2] == 3


def test_a_mapping_naming_an_indicator_this_version_lacks_is_refused_at_load() -> None:
    import pytest

    from qcounty.core.framework.loader import FrameworkError

    with pytest.raises(FrameworkError) as e:
        successor(
            """
predecessor: {id: anhui-quality-work-2014, version: "2014",
              mapping: [{number: 24, from: [1]}, {number: 2, from: [0]}, {number: 2, from: [2]}]}
"""
        )
    # the loader notes the mapped indicator's number after each path
    assert [(path.split(" ")[0], message) for path, message in e.value.problems] == [
        ("predecessor.mapping[0].number", "this version has no indicator 24"),
        ("predecessor.mapping[1].from", "indicator numbers start at 1"),
        ("predecessor.mapping[2].number", "indicator 2 is mapped twice"),
    ]
