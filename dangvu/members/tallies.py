"""Members by status and admission year over a unit's subtree: counted live, or kept for large units.

The dashboard shows both figures for the unit it is about. For a bloc of a few thousand members one aggregate
answers in milliseconds; for the whole country (5.5 million members) the same aggregate reads every member row and
its floor alone is over a second (bench/RESULTS.md). So a background task (`members.tasks.refresh_tallies`, queued
by `manage.py refresh_tallies` from cron) counts the root and the units just below it whose subtree holds at least
`DANGVU_TALLY_MIN_MEMBERS` members into `SubtreeTally`, and their dashboards read those rows, saying when they were
counted. Tallies older than `MAX_AGE` are ignored (the worker may have stopped): the dashboard counts live again.
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


def stored(unit: Unit, user) -> tuple[Tally, datetime] | None:
    """The kept tally of the unit's subtree and when it was counted, if the user sees every member of that subtree
    and the tally is recent; None otherwise (then count live)."""
    paths = scope_paths(user, Action.VIEW)
    if paths is not None and not any(unit.path.startswith(path) for path in paths):
        return None
    rows = list(SubtreeTally.objects.filter(unit=unit).values_list("status", "admitted_year", "members", "counted_at"))
    if not rows:
        return None
    counted_at = min(row[3] for row in rows)
    if counted_at < timezone.now() - MAX_AGE:
        return None
    return {(status, year): n for status, year, n, _at in rows if n}, counted_at


def refresh() -> list[Unit]:
    """Count the subtrees of the root(s) and of the units just below them; keep those holding at least
    `min_members()` members (and drop the tallies of the others). Returns the units tallied."""
    from dangvu.units.queries import is_whole_tree

    kept = []
    for unit in Unit.objects.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True)).order_by("path"):
        members = Member.objects.all() if is_whole_tree(unit) else Member.objects.in_subtree(unit)
        tally = count(members)
        counted_at = timezone.now()
        with transaction.atomic():
            SubtreeTally.objects.filter(unit=unit).delete()
            if sum(tally.values()) >= min_members():
                SubtreeTally.objects.bulk_create(
                    SubtreeTally(unit=unit, status=status, admitted_year=year, members=n, counted_at=counted_at)
                    for (status, year), n in tally.items()
                )
                kept.append(unit)
    return kept
