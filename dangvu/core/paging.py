"""Pagination that stops counting: a list of the whole country's "Nguyễn" holds two million members, and counting
them exactly takes most of a second (bench/RESULTS.md) to print a number nobody reads past "very many"."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows: `count` is exact up to `cap`; beyond it `capped` is true, `count` is `cap`
    and the pages stop there (the list asks the user to narrow the search)."""

    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        self.cap = COUNT_CAP if cap is None else cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def counted(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # the order changes nothing in how many, and sorting them all costs more
        return rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap
