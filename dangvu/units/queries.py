"""Read helpers for the unit pages: member counts by path, counts as of a date, committee, history.

Callers pass querysets already filtered through the scoping gate (`visible_to`); nothing here writes.
Each helper runs a fixed number of queries, whatever the number of sub-units or members.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dangvu.core.text import collation_key
from dangvu.members.models import Affiliation
from dangvu.members.rules import ACTIVE_STATUSES, AffiliationKind
from dangvu.units.models import (
    POSITION_ORDER,
    EventUnit,
    Position,
    RestructuringEvent,
    Term,
    Unit,
    UnitVersion,
    subtree_q,
)

ACTIVE = [s.value for s in ACTIVE_STATUSES]


def active_counts_by_path(members, root_path: str) -> dict[str, int]:
    """Active members under `root_path`, counted per unit path (one query)."""
    rows = (
        members.filter(unit__path__startswith=root_path, status__in=ACTIVE)
        .order_by()
        .values_list("unit__path")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def is_whole_tree(unit: Unit) -> bool:
    """True when the unit is the only root, so that its subtree is every unit and filtering on it can be left out
    (on the national dataset that filter joins every member row to the units table for nothing)."""
    return unit.parent_id is None and not Unit.objects.filter(parent__isnull=True).exclude(pk=unit.pk).exists()


def status_and_child_counts(members, unit: Unit) -> tuple[dict[str, int], dict[str, int]]:
    """Members of the unit's subtree by status, and its active members below each child path: one scan of the
    subtree (grouped by unit path and status), summed here in one pass."""
    rows = (
        members.filter(unit__path__startswith=unit.path)
        .order_by()
        .values_list("unit__path", "status")
        .annotate(n=Count("pk"))
    )
    by_status: dict[str, int] = {}
    by_child: dict[str, int] = {}
    parts = unit.path.count(".") + 1  # a child's path has one part more than the unit's
    for path, status, n in rows:
        by_status[status] = by_status.get(status, 0) + n
        if status in ACTIVE:
            names = path.split(".", parts)
            if len(names) > parts:  # below a child, not the unit itself
                child = ".".join(names[:parts]) + "."
                by_child[child] = by_child.get(child, 0) + n
    return by_status, by_child


def subtree_total(counts: dict[str, int], path: str) -> int:
    return sum(n for unit_path, n in counts.items() if unit_path.startswith(path))


def status_counts(members) -> dict[str, int]:
    return dict(members.order_by().values_list("status").annotate(n=Count("pk")))


def status_counts_as_of(members, unit: Unit, day: date) -> dict[str, int]:
    """Members of the unit's subtree as it stood on `day`, by their status that day: one aggregate over the status
    periods of that day, joined to the members in the subtree (a member has one status period on any day)."""
    from dangvu.members.models import StatusPeriod, affiliated_as_of

    affiliated = affiliated_as_of(unit, day)
    if affiliated is None:
        return {}
    periods = StatusPeriod.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day), starts_on__lte=day, member_id__in=affiliated
    )
    if members.query.has_filters():  # not every member is visible: only those that are (else a join for nothing)
        periods = periods.filter(member__in=members.order_by().values("pk"))
    return dict(periods.order_by().values_list("status").annotate(n=Count("pk")))


def ancestors(unit: Unit, visible) -> list[Unit]:
    """The unit's ancestors among the `visible` units, from the top down."""
    return list(visible.filter(pk__in=unit.ancestor_ids()).order_by("depth"))


def version_on(unit: Unit, day: date) -> UnitVersion | None:
    return UnitVersion.objects.as_of(day).filter(unit=unit).select_related("parent").first()


def children_as_of(unit: Unit, day: date, visible) -> list[UnitVersion]:
    """The versions, on `day`, of the `visible` units that were directly under `unit` then."""
    versions = UnitVersion.objects.as_of(day).filter(parent=unit, unit__in=visible.values("pk"))
    return sorted(versions.select_related("unit"), key=lambda v: (v.kind, collation_key(v.name)))


def active_counts_by_path_as_of(members, root_path: str, day: date) -> dict[str, int]:
    """Members officially affiliated on `day` under `root_path` (the tree as it stood then), per unit path."""
    paths = dict(UnitVersion.objects.as_of(day).under(root_path).values_list("unit_id", "path"))
    rows = (
        Affiliation.objects.filter(
            Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gt=day),
            kind=AffiliationKind.OFFICIAL,
            unit_id__in=list(paths),
            member__in=members.values("pk"),
        )
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("member_id", distinct=True))
    )
    counts: dict[str, int] = {}
    for unit_id, n in rows:
        counts[paths[unit_id]] = counts.get(paths[unit_id], 0) + n
    return counts


def current_committee(unit: Unit, day: date) -> tuple[Term | None, list[Position]]:
    """The latest term begun by `day` and its positions active that day, in order of precedence."""
    term = unit.terms.filter(starts_on__lte=day).order_by("-starts_on").first()
    if term is None:
        return None, []
    positions = list(term.positions.active_on(day).select_related("member"))
    positions.sort(key=lambda p: (POSITION_ORDER.get(p.role, len(POSITION_ORDER)), p.member.name_sort_key))
    return term, positions


@dataclass
class HistoryItem:
    day: date
    event: RestructuringEvent | None
    changes: list[str] = field(default_factory=list)  # "Renamed from X to Y", "Moved from A to B"
    others: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, role label)


def history(unit: Unit) -> list[HistoryItem]:
    """The unit's restructuring events and what each of its versions changed, newest first.

    A unit also changes through events that do not name it (a cell moved along when its base committee
    merged), so version changes are listed under their own event even when the unit is not linked to it.
    """
    events = list(unit.events.distinct())
    links: dict[int, list[EventUnit]] = {}
    for link in EventUnit.objects.filter(event__in=events).select_related("unit").order_by("id"):
        links.setdefault(link.event_id, []).append(link)
    items = {
        event.pk: HistoryItem(
            event.effective_on,
            event,
            others=[
                (link.unit, link.get_role_display()) for link in links.get(event.pk, []) if link.unit_id != unit.pk
            ],
        )
        for event in events
    }
    loose = []
    versions = list(unit.versions.select_related("parent", "event").order_by("valid_from", "id"))
    for before, after in zip(versions, versions[1:], strict=False):
        changes = _version_changes(before, after)
        if not changes:
            continue
        item = items.get(after.event_id)
        if item is None:
            item = HistoryItem(after.valid_from, after.event)
            if after.event_id:
                items[after.event_id] = item
            else:
                loose.append(item)
        item.changes += changes
    ordered = [*items.values(), *loose]
    ordered.sort(key=lambda i: (i.day, i.event.pk if i.event else 0), reverse=True)
    return ordered


def _version_changes(before: UnitVersion, after: UnitVersion) -> list[str]:
    changes = []
    if before.name != after.name:
        changes.append(_("Renamed from %(old)s to %(new)s") % {"old": before.name, "new": after.name})
    if before.parent_id != after.parent_id:
        old = before.parent.name if before.parent else "—"
        new = after.parent.name if after.parent else "—"
        changes.append(_("Moved from %(old)s to %(new)s") % {"old": old, "new": new})
    return changes


def members_under(members, units: list[Unit]):
    """Active members of the subtrees of `units` (those who move along when the units move)."""
    if not units:
        return members.none()
    return members.filter(subtree_q([u.path for u in units], "unit__path"), status__in=ACTIVE).select_related("unit")


def successors(unit: Unit, visible) -> list[Unit]:
    """The `visible` units that took over from `unit` when a merge or split closed it."""
    closing = EventUnit.objects.filter(
        unit=unit,
        role=EventUnit.Role.SOURCE,
        event__kind__in=[RestructuringEvent.Kind.MERGE, RestructuringEvent.Kind.SPLIT],
        event__effective_on=unit.closed_on,
    ).values("event")
    links = EventUnit.objects.filter(event__in=closing, role=EventUnit.Role.TARGET, unit__in=visible.values("pk"))
    return [link.unit for link in links.select_related("unit").order_by("unit__name")]
