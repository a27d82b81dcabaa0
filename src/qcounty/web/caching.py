"""Bounded, keyed, thread-safe caches for what the pages compute again and again.

Every cache of the web layer is one of these: the scoring of an application's values
(`reporting.scoring`), the scored snapshots (`evaluation.snapshots`), the gap analyses
(`cockpit.gapdata`) and the scored reference cohorts (`cockpit.reportdata`).

A key names everything its value is computed from (an application's id with a digest of its
values, a campaign's reference version, a snapshot's SHA-256), so a write never invalidates an
entry: it makes the next request ask for a new key, and the old entry ages out. A cache keeps at
most `maxsize` entries and drops the least recently used one when it is full.

    _results: Cache[tuple[Any, ...], CountyResult] = Cache("scoring.results", 64)
    result = _results.get_or_set(key, lambda: score(county))

The value is computed outside the lock: a slow computation never holds up the requests that
read other keys, and a computation that itself asks a cache (an assessor needs the reference
cohort) cannot deadlock. Two threads that miss the same key at once both compute it; both get
the same value, since the key names all it depends on, and the later one is kept.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_caches: weakref.WeakSet[Cache[object, object]] = weakref.WeakSet()


class Cache(Generic[K, V]):
    """A map of at most `maxsize` entries, least recently used dropped first; safe across threads."""

    def __init__(self, name: str, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"cache {name}: maxsize must be at least 1, not {maxsize}")
        self.name = name
        self.maxsize = maxsize
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        _caches.add(self)  # type: ignore[arg-type]  # any cache can be cleared

    def __repr__(self) -> str:
        return f"<Cache {self.name}: {len(self)}/{self.maxsize}>"

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return key in self._entries

    def get_or_set(self, key: K, compute: Callable[[], V]) -> V:
        """Return the value cached under key, computing and keeping it if there is none."""
        with self._lock:
            if key in self._entries:  # `in`, not get(): None is a value worth keeping
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()  # an exception keeps nothing: the next request tries again
        self.set(key, value)
        return value

    def set(self, key: K, value: V) -> None:
        """Keep value under key, dropping the least recently used entries beyond maxsize."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


def clear_all() -> None:
    """Forget the entries of every cache (tests: a rolled-back database gives ids out again)."""
    for cache in list(_caches):
        cache.clear()
