"""Members by status and admission year over a unit's subtree: counted live, or kept for large units.

The dashboard shows both figures for the unit it is about. For a bloc of a few thousand members one aggregate
answers in milliseconds; for the whole country (5.5 million members) the same aggregate reads every member row and
its floor alone is over a second (bench/RESULTS.md). So a background task (`members.tasks.refresh_tallies`, queued
by `manage.py refresh_tallies` from cron) counts a root whose subtree holds at least `DANGVU_TALLY_MIN_MEMBERS`
members, and every unit just below it, into `SubtreeTally`. The dashboards of those units read those rows, saying when
they were counted, and so do the unit tree and the unit page of the root (its total and each child's). Tallies older
than `MAX_AGE` are ignored (the worker may have stopped): the pages count live again.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from dangvu.access.roles import Action
from dangvu.access.scoping import scope_paths
from dangvu.members.models import Member, SubtreeTally
from dangvu.units.models import Unit

MAX_AGE = timedelta(hours=1)
Tally = dict[tuple[str, int], int]


def min_members() -> int:
    return getattr(settings, "DANGVU_TALLY_MIN_MEMBERS", 100_000)


def count(members) -> Tally:
    """{(status, admission year): members} of a member queryset, in one aggregate."""
    rows = (
        members.order_by()
        .annotate(year=ExtractYear("admitted_on"))
        .values_list("status", "year")
        .annotate(n=Count("pk"))
    )
    return {(status, year): n for status, year, n in rows}


def by_status(tally: Tally) -> dict[str, int]:
    found: dict[str, int] = {}
    for (status, _year), n in tally.items():
        found[status] = found.get(status, 0) + n
    return found


def by_year(tally: Tally) -> list[tuple[int, int]]:
    found: dict[int, int] = {}
    for (_status, year), n in tally.items():
        found[year] = found.get(year, 0) + n
    return sorted(found.items())


def stored_for(units: list[Unit], user) -> tuple[dict[int, Tally], datetime] | None:
    """The kept tallies of every one of `units` and when the oldest was counted, in one query; None unless each has
    a recent one and the user sees every member below them (then count live)."""
    paths = scope_paths(user, Action.VIEW)
    if not units or (paths is not None and not all(any(u.path.startswith(p) for p in paths) for u in units)):
        return None
    rows = SubtreeTally.objects.filter(unit__in=units).values_list(
        "unit_id", "status", "admitted_year", "members", "counted_at"
    )
    found: dict[int, Tally] = {unit.pk: {} for unit in units}
    counted: set[int] = set()
    oldest = None
    for unit_id, status, year, n, counted_at in rows:
        counted.add(unit_id)
        if n:  # not the marker of a subtree counted empty
            found[unit_id][(status, year)] = n
        oldest = counted_at if oldest is None else min(oldest, counted_at)
    if oldest is None or oldest < timezone.now() - MAX_AGE or len(counted) < len(found):
        return None
    return found, oldest


def stored(unit: Unit, user) -> tuple[Tally, datetime] | None:
    """The kept tally of the unit's subtree and when it was counted (see `stored_for`)."""
    kept = stored_for([unit], user)
    return None if kept is None else (kept[0][unit.pk], kept[1])


def refresh() -> list[Unit]:
    """Count the subtree of each root holding at least `min_members()` members and of every unit just below it, and
    keep them (dropping the tallies of the others). Returns the units tallied."""
    from dangvu.units.queries import is_whole_tree

    kept = []
    for root in Unit.objects.filter(parent__isnull=True).order_by("path"):
        tally = count(Member.objects.all() if is_whole_tree(root) else Member.objects.in_subtree(root))
        if sum(tally.values()) < min_members():
            SubtreeTally.objects.filter(Q(unit=root) | Q(unit__parent=root)).delete()
            continue
        _keep(root, tally)
        kept.append(root)
        for child in Unit.objects.filter(parent=root).order_by("path"):
            _keep(child, count(Member.objects.in_subtree(child)))
            kept.append(child)
    return kept


def _keep(unit: Unit, tally: Tally) -> None:
    counted_at = timezone.now()
    with transaction.atomic():
        SubtreeTally.objects.filter(unit=unit).delete()
        rows = tally.items() or [(("", None), 0)]  # an empty subtree keeps one row saying so
        SubtreeTally.objects.bulk_create(
            SubtreeTally(unit=unit, status=status, admitted_year=year, members=n, counted_at=counted_at)
            for (status, year), n in rows
        )
