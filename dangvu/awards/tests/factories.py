"""Shared helpers of the awards tests: decided ratings and rating decisions."""

from datetime import date
from decimal import Decimal
from itertools import count

from dangvu.awards import operations, rules
from dangvu.awards.models import Rating
from dangvu.awards.operations import HistoricRating
from dangvu.awards.periods import period_bounds
from dangvu.documents.models import Document

_numbers = count(1)
# Points that fit each level, for years rated on the 100-point scale (Quy định 366-QĐ/TW) when a test gives none.
POINTS = {"excellent": 95, "good": 80, "completed": 60, "not_completed": 40}


def _points(year: int, quarter: int, level: str, points):
    if points is None and rules.rule_for(period_bounds(year, quarter)[1]).points:
        points = POINTS[str(level)]
    return Decimal(str(points)) if points is not None else None


def rated(
    member, year: int, level: str, *, cell=None, decision=None, points=None, quarter: int = 0, check_quota=False
) -> Rating:
    """A decided rating of `member` for `year` (in the member's current cell unless `cell`), imported as from paper
    records: checked against the rule of the year; the HTXSNV quota only with `check_quota=True`, so that one
    member can be rated HTXSNV without rating the rest of their organisation. From 2025 (366-QĐ/TW) points that fit
    the level are given unless `points`."""
    points = _points(year, quarter, level, points)
    operations.import_ratings(
        None,
        [
            HistoricRating(
                year=year, level=level, member=member, cell=cell, decision=decision, points=points, quarter=quarter
            )
        ],
        check_quota=check_quota,
    )
    return Rating.objects.get(member=member, year=year, quarter=quarter)


def unit_rated(unit, year: int, level: str, *, decision=None, points=None) -> Rating:
    """A decided collective rating of `unit` for `year`."""
    points = _points(year, 0, level, points)
    operations.import_ratings(
        None, [HistoricRating(year=year, level=level, unit=unit, decision=decision, points=points)]
    )
    return Rating.objects.get(unit=unit, year=year, quarter=0)


def make_decision(unit, number: str | None = None, issued_on: date = date(2022, 1, 15), subject: str = "") -> Document:
    """A decision of `unit`'s committee approving ratings."""
    return operations.register_decision(
        None,
        unit,
        number=number or str(next(_numbers)),
        symbol="QĐ/ĐU",
        issued_on=issued_on,
        subject=subject or "về việc xếp loại chất lượng đảng viên",
    )
