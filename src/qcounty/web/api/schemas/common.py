"""Shapes every part of the API shares: a page of a list, and its query parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import BaseModel

T = TypeVar("T")
MAX_LIMIT = 100  # items of one page; a client pages through longer lists


class Paging(Schema):
    """Which part of a list to return: `limit` items from position `offset`."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="每页条数（1–100）")
    offset: int = Field(0, ge=0, le=1_000_000, description="从第几条开始（0 起）")


class Page(BaseModel, Generic[T]):
    """One page of a list: its items, and how many the whole list has."""

    count: int
    limit: int
    offset: int
    items: list[T]


def page(
    items: Sequence[T] | QuerySet[T],  # type: ignore[type-var]
    paging: Paging,
    shown: Callable[[T], object] | None = None,
) -> dict[str, object]:
    """Return one page of a list or a query (counted in the database for a query), each of its
    items as `shown` gives it (only the page's items are turned into answers)."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    chosen = list(items[paging.offset : paging.offset + paging.limit])
    answer = chosen if shown is None else [shown(x) for x in chosen]
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": answer}
