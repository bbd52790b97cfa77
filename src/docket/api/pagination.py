"""``limit``/``offset`` on every list, and the page envelope ``{"items", "limit", "offset", "total"}``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
T = TypeVar("T")


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items (1-500).")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many items.")] = 0,
) -> PageParams:
    return PageParams(limit, offset)


Paging = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    total: int | None = None


def page_of(items: Sequence[T], params: PageParams) -> Page[T]:
    """One page of a list a service returned whole."""
    return Page[T](
        items=list(items[params.offset : params.offset + params.limit]),
        limit=params.limit,
        offset=params.offset,
        total=len(items),
    )
