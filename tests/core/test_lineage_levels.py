"""First- and second-level nodes compare year to year through the indicators' mapping."""

from __future__ import annotations

from qcounty.core.framework.lineage import comparable, comparable_levels
from qcounty.core.framework.loader import load_framework, parse_framework, resolve
from qcounty.core.framework.model import Framework

ANHUI = resolve("anhui-quality-work-2014").read_text(encoding="utf-8")
OLD = load_framework("anhui-quality-work-2014")
# first level: 质量目标 (1–3), 质量措施 (4–23); second level: 产品质量量化指标 (1, 2),
# 工程质量量化指标 (3), 质量宏观管理 (4–10), 质量安全监管 (11–19), 质量基础建设 (20–23)


def successor(predecessor: str, renamed: dict[str, str] | None = None) -> Framework:
    text = ANHUI.replace('version: "2014"', 'version: "2014.2"', 1)
    for old, new in (renamed or {}).items():
        text = text.replace(f"- name: {old}\n", f"- name: {new}\n", 1)
    return parse_framework(text + predecessor, "anhui-quality-work-2014.yaml")


def lookup(scheme_id: str, version: str) -> Framework | None:
    return OLD if (scheme_id, version) == (OLD.id, OLD.version) else None


def levels(new: Framework):
    return comparable_levels(new, OLD, comparable(new, OLD, lookup))


def test_the_same_version_compares_node_for_node() -> None:
    same = comparable_levels(OLD, OLD, comparable(OLD, OLD, lookup))
    assert same.first == [0, 1] and same.second == [0, 1, 2, 3, 4]


def test_a_renamed_node_with_renumbered_items_still_compares() -> None:
    new = successor(
        """
predecessor:
  id: anhui-quality-work-2014
  version: "2014"
  unchanged: all
  mapping: [{number: 1, from: [2]}, {number: 2, from: [1]}]
""",
        {"产品质量量化指标": "产品质量指标"},
    )
    assert new.first_level[0].second_level[0].name == "产品质量指标"
    found = levels(new)
    assert found.second == [0, 1, 2, 3, 4] and found.first == [0, 1]


def test_a_node_of_the_same_name_holding_another_item_does_not_compare() -> None:
    # items 11 and 20 change places: 质量安全监管 and 质量基础建设 keep their names but not
    # their contents; 质量措施 holds the same items as before
    new = successor(
        """
predecessor:
  id: anhui-quality-work-2014
  version: "2014"
  unchanged: all
  mapping: [{number: 11, from: [20]}, {number: 20, from: [11]}]
"""
    )
    found = levels(new)
    assert found.second == [0, 1, 2, None, None]
    assert found.first == [0, 1]


def test_a_node_with_an_item_that_does_not_compare_does_not_compare() -> None:
    new = successor(
        """
predecessor:
  id: anhui-quality-work-2014
  version: "2014"
  unchanged: all
  mapping: [{number: 3, from: []}]
"""
    )
    found = levels(new)
    assert found.second == [0, None, 2, 3, 4]  # 工程质量量化指标: its only item is new
    assert found.first == [None, 1]


def test_schemes_not_linked_compare_nowhere() -> None:
    new = successor("")
    found = levels(new)
    assert set(found.first) == {None} and set(found.second) == {None}
