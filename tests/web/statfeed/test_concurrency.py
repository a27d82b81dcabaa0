"""Two statistical feeds at once, on PostgreSQL, in real threads: one waits for the other, and
every figure ends as one whole batch wrote it, with the batches' detail telling what happened.

Both feeds are let past their first check before either takes the locks (`meet`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from qcounty.web.reporting import actions as reporting
from qcounty.web.reporting.models import InputValue
from qcounty.web.statfeed import actions
from qcounty.web.statfeed.actions import Locked, Row
from qcounty.web.statfeed.models import FeedBatch, OfficialFigure
from tests.web.conftest import World
from tests.web.statfeed.conftest import KEY, SOURCE, Province, population_rows
from tests.web.threads import meet, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)
AS_OF = dt.date(2023, 5, 1)


def rows(shift: int) -> list[Row]:
    """Return a feed of every county's population, `shift` people more than `figure(index)`."""
    return [
        Row(n, county, field, value + shift, city)  # type: ignore[operator]
        for n, (city, county, field, value) in enumerate(population_rows(), start=2)
    ]


def test_two_different_feeds_at_once_leave_one_whole_feed_in_place(
    province: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    world = province.world
    meet(monkeypatch, actions, "lock_campaign")

    def feed(shift: int) -> actions.FeedResult:
        return actions.apply_feed(
            world.campaign, rows(shift), source=SOURCE, as_of=AS_OF, user=world.evaluator
        )

    first, second = together(lambda: feed(1), lambda: feed(2))
    assert first.error is None and second.error is None
    batches = list(FeedBatch.objects.order_by("id"))
    assert len(batches) == 2
    earlier, later = batches
    assert earlier.created == 136 and later.changed == 136  # the later saw the earlier's figures
    values = set(OfficialFigure.objects.values_list("batch_id", flat=True))
    assert values == {later.pk}  # every figure is the later batch's, none mixed
    shift = later.detail[0][4] - earlier.detail[0][4]
    assert shift in (1, -1)
    for (_c, _n, _k, old, new), (_c2, _n2, _k2, _o2, first_new) in zip(
        sorted(later.detail), sorted(earlier.detail), strict=True
    ):
        assert old == first_new and new - old == shift


def test_the_same_feed_twice_at_once_is_written_once(
    province: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    world = province.world
    meet(monkeypatch, actions, "lock_campaign")

    def feed() -> actions.FeedResult:
        return actions.apply_feed(
            world.campaign, rows(0), source=SOURCE, as_of=AS_OF, user=world.evaluator
        )

    first, second = together(feed, feed)
    assert first.error is None and second.error is None
    assert sorted(w.result.repeated for w in (first, second)) == [False, True]
    assert FeedBatch.objects.count() == 1
    assert OfficialFigure.objects.count() == 136


def test_a_lock_and_a_countys_save_at_once_end_with_the_official_figure(world: World) -> None:
    postgresql_only()
    actions.apply_feed(
        world.campaign,
        [Row(2, "文登区", KEY, 382_000, "威海市")],
        source=SOURCE,
        as_of=AS_OF,
        user=world.evaluator,
    )

    def save() -> object:
        try:
            return reporting.save_value(world.application, KEY, 1, world.office)
        except Locked as refused:
            return refused

    locked, saved = together(lambda: actions.lock_input(world.campaign, KEY, world.evaluator), save)
    assert locked.error is None and saved.error is None
    # either the save came first and the lock overwrote it, or the save waited and was refused
    assert InputValue.objects.get(application=world.application, key=KEY).value == 382_000
