"""The comparison of two rankings: who moves, who enters or leaves, whether the list is stale."""

from __future__ import annotations

from typing import Any

from qcounty.web.objections.compare import compare


def ranking(*rows: tuple[int, str, float, int | None, bool]) -> dict[str, Any]:
    return {
        "rows": [
            {"application_id": a, "city": "某市", "county": c, "total": t, "rank": r, "selected": s}
            for a, c, t, r, s in rows
        ]
    }


BEFORE = ranking(
    (1, "甲县", 80.0, 1, True), (2, "乙县", 70.0, 2, True), (3, "丙县", 60.0, 3, False)
)


def test_the_same_ranking_changes_nothing() -> None:
    result = compare(BEFORE, BEFORE)
    assert result["changed"] == [] and not result["list_changed"]


def test_a_county_off_the_list_that_moves_does_not_make_the_list_stale() -> None:
    after = ranking(
        (1, "甲县", 80.0, 1, True), (2, "乙县", 70.0, 2, True), (3, "丙县", 65.0, 3, False)
    )
    result = compare(BEFORE, after)
    assert [r["county"] for r in result["changed"]] == ["某市丙县"]
    assert not result["list_changed"] and not result["titles_changed"]


def test_a_listed_countys_new_total_makes_the_list_stale_without_changing_the_titles() -> None:
    after = ranking(
        (1, "甲县", 78.0, 1, True), (2, "乙县", 70.0, 2, True), (3, "丙县", 60.0, 3, False)
    )
    result = compare(BEFORE, after)
    assert result["list_changed"] and not result["titles_changed"]


def test_a_county_that_drops_below_the_line_leaves_and_the_next_enters() -> None:
    after = ranking(
        (1, "甲县", 80.0, 1, True), (2, "乙县", 50.0, 3, False), (3, "丙县", 60.0, 2, True)
    )
    result = compare(BEFORE, after)
    assert result["leave"] == ["某市乙县"] and result["enter"] == ["某市丙县"]
    assert result["titles_changed"]
    # sorted by the new rank: 丙县 (2) before 乙县 (3)
    assert [r["county"] for r in result["changed"]] == ["某市丙县", "某市乙县"]


def test_a_change_below_half_a_hundredth_is_not_a_change() -> None:
    after = ranking(
        (1, "甲县", 80.004, 1, True), (2, "乙县", 70.0, 2, True), (3, "丙县", 60.0, 3, False)
    )
    assert compare(BEFORE, after)["changed"] == []
