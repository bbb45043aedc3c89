"""The unit tree and the unit page. Restructuring and committee forms live in `restructure_views`."""

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from dangvu.access.roles import Action
from dangvu.access.scoping import can, scope_paths, today
from dangvu.access.views import visible_audit
from dangvu.awards.presentation import unit_awards
from dangvu.core.text import search_key
from dangvu.members import tallies
from dangvu.members.models import PERSONAL_FIELDS, STATUS_CHOICES, Member
from dangvu.tracking import ratings
from dangvu.tracking.models import Assignment
from dangvu.units import queries
from dangvu.units.models import Unit
from dangvu.web.exports import Column, xlsx_response

SEARCH_LIMIT = 50


def _visible(request):
    units = Unit.objects.visible_to(request.user)
    if request.GET.get("closed") != "1":
        units = units.open()
    return units


def _counts(request, root: Unit) -> dict[str, int]:
    return queries.active_counts_by_path(Member.objects.visible_to(request.user), root.path)


def _with_counts(request, units: list[Unit], counts: dict[str, int]) -> list[tuple[Unit, int, bool]]:
    """(unit, active members in its subtree, has children) for each unit, in one query beyond `counts`."""
    parents = set(_visible(request).filter(parent__in=units).values_list("parent_id", flat=True))
    return [(u, queries.subtree_total(counts, u.path), u.pk in parents) for u in units]


def _search(request, query: str):
    """Units whose search key holds every word of `query`, in any order ("tinh uy van phong" finds "Văn phòng Tỉnh
    ủy"), in path order; None when the query has no word. The page shows the first SEARCH_LIMIT, the export all."""
    words = search_key(query).split()
    if not words:
        return None
    units = _visible(request)
    for word in words:
        units = units.filter(search_key__contains=word)
    return units.order_by("path")


def _ancestor_names(request, units: list[Unit]) -> dict[int, str]:
    """The visible ancestors' names of each unit, from the top down (one query)."""
    ancestor_ids = {i for u in units for i in u.ancestor_ids()}
    names = dict(Unit.objects.visible_to(request.user).filter(pk__in=ancestor_ids).values_list("pk", "name"))
    return {u.pk: [names[i] for i in u.ancestor_ids() if i in names] for u in units}


def _roots(request, paths) -> list[Unit]:
    visible = Unit.objects.visible_to(request.user)
    return list(visible.filter(parent__isnull=True) if paths is None else visible.filter(path__in=paths))


def unit_tree(request):
    """The tree from the user's top units, children loaded on demand; or search results."""
    paths = scope_paths(request.user, Action.VIEW)
    if paths == []:
        raise Http404
    query = request.GET.get("q", "").strip()
    context = {"q": query, "closed": request.GET.get("closed") == "1", "nav_section": "units"}
    if query:
        units = _search(request, query)
        found = [] if units is None else list(units[:SEARCH_LIMIT])
        names = _ancestor_names(request, found)
        context["results"] = [(u, names[u.pk]) for u in found]
        return render(request, "units/unit_tree.html", context)
    context["roots"] = []
    for root in _roots(request, paths):
        children = list(_children(request, root))
        kept = tallies.stored_for([root, *children], request.user)
        if kept:  # a very large tree: the counts the background task keeps (members.tallies)
            counts = {child.path: _active(kept[0][child.pk]) for child in children}
            # Per path, as `subtree_total` sums them: the root's own path holds what its children do not.
            counts[root.path] = max(0, _active(kept[0][root.pk]) - sum(counts.values()))
            context["counted_at"] = kept[1]
        else:
            counts = _counts(request, root)
        nodes = _with_counts(request, children, counts)
        context["roots"].append((root, queries.subtree_total(counts, root.path), nodes))
    return render(request, "units/unit_tree.html", context)


def _active(tally) -> int:
    return sum(n for status, n in tallies.by_status(tally).items() if status in queries.ACTIVE)


def _subtree_totals(request) -> dict[str, int]:
    """Active members in the subtree of every unit path, from one count per unit (one query)."""
    totals: dict[str, int] = defaultdict(int)
    for path, n in queries.active_counts_by_path(Member.objects.visible_to(request.user), "").items():
        parts = path.split(".")[:-1]  # "12.40.133." -> 12, 40, 133
        for end in range(1, len(parts) + 1):
            totals[".".join(parts[:end]) + "."] += n
    return totals


def _tree_order(roots: list[Unit], units: list[Unit]) -> list[tuple[Unit, int]]:
    """(unit, depth below its root) depth first, siblings in the order of `units` (the page's: kind, sort key)."""
    children = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    ordered, stack = [], [(root, 0) for root in reversed(roots)]
    while stack:
        unit, depth = stack.pop()
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children[unit.pk]))
    return ordered


def unit_tree_export(request):
    """The search results (all of them) or, without a search, every unit of the tree the page unfolds, in its
    order, with the active members of each subtree."""
    paths = scope_paths(request.user, Action.VIEW)
    if paths == []:
        raise Http404
    query = request.GET.get("q", "").strip()
    if query:
        units = _search(request, query)
        rows = [(u, 0) for u in ([] if units is None else units)]
    else:
        roots = _roots(request, paths)
        below = Q(pk__in=[])
        for root in roots:
            below |= Q(path__startswith=root.path, depth__gt=root.depth)
        rows = _tree_order(roots, list(_visible(request).filter(below).order_by("kind", "sort_key")))
    names = _ancestor_names(request, [u for u, _depth in rows])
    totals = _subtree_totals(request)
    columns = [
        Column(_("Unit"), lambda r: "\u2003" * r[1] + r[0].name),
        Column(_("Code"), lambda r: r[0].code),
        Column(_("Kind"), lambda r: r[0].get_kind_display()),
        Column(_("Within"), lambda r: " › ".join(names[r[0].pk])),
        Column(_("Active members"), lambda r: totals.get(r[0].path, 0)),
        Column(_("Established on"), lambda r: r[0].established_on),
        Column(_("Closed on"), lambda r: r[0].closed_on),
    ]
    return xlsx_response("don-vi", _("Units"), columns, rows)


def _children(request, unit: Unit):
    return _visible(request).filter(parent=unit).order_by("kind", "sort_key")


def unit_children(request, pk: int):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    nodes = _with_counts(request, list(_children(request, unit)), _counts(request, unit))
    response = render(request, "units/unit_tree.html#children", {"nodes": nodes, "closed": request.GET.get("closed")})
    response["Vary"] = "HX-Request"
    return response


def _parse_day(raw: str | None) -> date | None:
    if not raw:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    return None


def unit_detail(request, pk: int):
    user = request.user
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=pk)
    raw_day = request.GET.get("as_of", "")
    as_of = _parse_day(raw_day)
    day = as_of or today()
    members = Member.objects.visible_to(user)
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit, Unit.objects.visible_to(user)),
        "as_of": as_of,
        "as_of_raw": raw_day,
        "as_of_error": _("Enter the date as dd/mm/yyyy.") if raw_day and not as_of else "",
        "nav_section": "units",
        "can_restructure": unit.is_open and can(user, Action.RESTRUCTURE, unit),
        "can_change": unit.is_open and can(user, Action.CHANGE, unit),
        "can_audit": can(user, Action.VIEW_AUDIT, unit),
    }
    if as_of:
        version = queries.version_on(unit, as_of)
        context["version"] = version
        past = queries.active_counts_by_path_as_of(members, version.path, as_of) if version else {}
        context["children"] = [
            (v.unit, v.name, queries.subtree_total(past, v.path))
            for v in queries.children_as_of(unit, as_of, Unit.objects.visible_to(user))
        ]
        counts = queries.status_counts_as_of(members, unit, as_of) if version else {}
    else:
        children = list(unit.children.visible_to(user).open().order_by("kind", "sort_key"))
        kept = tallies.stored_for([unit, *children], user)
        if kept:  # a very large subtree: the counts the background task keeps (members.tallies)
            counts = tallies.by_status(kept[0][unit.pk])
            by_child = {child.path: _active(kept[0][child.pk]) for child in children}
            context["counted_at"] = kept[1]
        else:
            counts, by_child = queries.status_and_child_counts(members, unit)
        context["children"] = [(child, child.name, by_child.get(child.path, 0)) for child in children]
    context["status_rows"] = [(value, label, counts.get(value, 0)) for value, label in STATUS_CHOICES]
    context["active_total"] = sum(counts.get(s, 0) for s in queries.ACTIVE)
    context["term"], context["positions"] = queries.current_committee(unit, day)
    context["terms"] = list(unit.terms.order_by("-starts_on"))
    context["history"] = queries.history(unit)
    own_assignments = ratings.unit_assignments(unit, Assignment.objects.visible_to(user))
    context["rating"] = ratings.panel(own_assignments, request.GET.get("rating_year"), day)
    context["awards_record"] = unit_awards(unit, user)
    if not unit.is_open:
        context["successors"] = queries.successors(unit, Unit.objects.visible_to(user))
    if context["can_audit"]:
        entries = list(visible_audit(user).filter(unit=unit)[:10])
        personal = scope_paths(user, Action.VIEW_PERSONAL)
        for entry in entries:
            shown = personal is None or any(entry.unit_path.startswith(p) for p in personal)
            entry.shown_changes = entry.changes(frozenset() if shown else frozenset(PERSONAL_FIELDS))
        context["audit_entries"] = entries
    return render(request, "units/unit_detail.html", context)
