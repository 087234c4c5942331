"""Instagram rows for the benchmarks (filled in once the Instagram cache exists)."""

from __future__ import annotations


def instagram_rows_create(event, count: int, photos: list) -> None:
    raise NotImplementedError("the Instagram media cache does not exist yet")
