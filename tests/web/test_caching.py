"""The one cache helper: bounded, least recently used dropped first, safe across threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from qcounty.web import caching
from qcounty.web.caching import Cache
from qcounty.web.cockpit import gapdata, reportdata
from qcounty.web.evaluation import snapshots
from qcounty.web.reporting import scoring


class Counter:
    """A computation that counts how often it ran."""

    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, value: Any) -> Any:
        with self.lock:
            self.calls += 1
        return value


def test_a_value_is_computed_once_per_key() -> None:
    cache: Cache[str, int] = Cache("test", 4)
    compute = Counter()
    assert cache.get_or_set("a", lambda: compute(1)) == 1
    assert cache.get_or_set("a", lambda: compute(2)) == 1  # kept, not computed again
    assert cache.get_or_set("b", lambda: compute(2)) == 2
    assert compute.calls == 2


def test_none_is_kept_like_any_other_value() -> None:
    # a campaign without a reference cohort: "no reference" is an answer worth keeping
    cache: Cache[str, int | None] = Cache("test", 4)
    compute = Counter()
    assert cache.get_or_set("a", lambda: compute(None)) is None
    assert cache.get_or_set("a", lambda: compute(1)) is None
    assert compute.calls == 1


def test_the_cache_never_holds_more_than_maxsize_entries() -> None:
    cache: Cache[int, int] = Cache("test", 3)
    for i in range(10):
        cache.get_or_set(i, lambda i=i: i * i)
        assert len(cache) == min(i + 1, 3)
    assert [k for k in range(10) if k in cache] == [7, 8, 9]


def test_the_least_recently_used_entry_is_dropped_first() -> None:
    cache: Cache[str, int] = Cache("test", 2)
    cache.get_or_set("a", lambda: 1)
    cache.get_or_set("b", lambda: 2)
    cache.get_or_set("a", lambda: 0)  # reading "a" makes "b" the least recently used
    cache.get_or_set("c", lambda: 3)
    assert "a" in cache and "c" in cache and "b" not in cache
    # and a dropped key is computed again
    assert cache.get_or_set("b", lambda: 20) == 20
    assert "a" not in cache


def test_a_failed_computation_keeps_nothing() -> None:
    cache: Cache[str, int] = Cache("test", 2)

    def fail() -> int:
        raise ValueError("damaged")

    with pytest.raises(ValueError, match="damaged"):
        cache.get_or_set("a", fail)
    assert "a" not in cache
    assert cache.get_or_set("a", lambda: 1) == 1


def test_a_maxsize_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="maxsize"):
        Cache("test", 0)


def test_clear_all_empties_every_cache() -> None:
    first: Cache[str, int] = Cache("first", 2)
    second: Cache[str, int] = Cache("second", 2)
    first.get_or_set("a", lambda: 1)
    second.get_or_set("b", lambda: 2)
    caching.clear_all()
    assert len(first) == len(second) == 0


def test_a_computation_may_ask_the_same_cache_for_another_key() -> None:
    # an assessor is built from the reference cohort, itself cached: the value is computed
    # outside the lock, so asking the cache again from inside does not wait on itself
    cache: Cache[str, int] = Cache("test", 4)
    done = threading.Event()

    def outer() -> int:
        return cache.get_or_set("inner", lambda: 1) + 1

    def run() -> None:
        assert cache.get_or_set("outer", outer) == 2
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert done.wait(5), "the nested get_or_set deadlocked"


def test_threads_reading_and_writing_at_once_see_right_values_and_the_bound_holds() -> None:
    cache: Cache[int, int] = Cache("test", 16)
    errors: list[BaseException] = []
    sizes: list[int] = []
    start = threading.Barrier(8)

    def work(seed: int) -> None:
        try:
            start.wait(5)
            for i in range(2000):
                key = (seed * 7 + i) % 40  # 40 keys over 16 places: constant eviction
                assert cache.get_or_set(key, lambda key=key: key * 3) == key * 3
                sizes.append(len(cache))
        except BaseException as e:  # reported by the test thread below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert len(sizes) == 8 * 2000 and max(sizes) <= 16


def test_threads_missing_the_same_key_all_get_its_value() -> None:
    cache: Cache[str, int] = Cache("test", 4)
    compute = Counter()
    start = threading.Barrier(6)
    got: list[int] = []

    def work() -> None:
        start.wait(5)
        got.append(cache.get_or_set("k", lambda: compute(42)))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert got == [42] * 6
    assert 1 <= compute.calls <= 6 and len(cache) == 1


@pytest.mark.parametrize(
    "cache",
    [
        scoring._references,
        scoring._assessors,
        scoring._results,
        snapshots._cache,
        snapshots._frameworks,
        gapdata._analyses,
        gapdata._plans,
        reportdata._scores,
    ],
    ids=lambda cache: getattr(cache, "name", "dict"),
)
def test_every_cache_of_the_web_layer_is_a_bounded_cache(cache: Any) -> None:
    # reporting.scoring kept every reference cohort it ever parsed (a dict without a bound)
    assert isinstance(cache, Cache)
    assert 1 <= cache.maxsize <= 64
