"""The unit tree and the unit page. Restructuring and committee forms live in `restructure_views`."""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from dangvu.access.roles import Action
from dangvu.access.scoping import can, scope_paths, today
from dangvu.access.views import visible_audit
from dangvu.awards.presentation import unit_awards
from dangvu.core.text import search_key
from dangvu.members.models import PERSONAL_FIELDS, STATUS_CHOICES, Member
from dangvu.tracking import ratings
from dangvu.tracking.models import Assignment
from dangvu.units import queries
from dangvu.units.models import Unit

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


def unit_tree(request):
    """The tree from the user's top units, children loaded on demand; or search results."""
    paths = scope_paths(request.user, Action.VIEW)
    if paths == []:
        raise Http404
    query = request.GET.get("q", "").strip()
    context = {"q": query, "closed": request.GET.get("closed") == "1", "nav_section": "units"}
    if query:
        found = []
        words = search_key(query).split()
        if words:
            units = _visible(request)
            for word in words:  # every word, in any order: "tinh uy van phong" finds "Văn phòng Tỉnh ủy"
                units = units.filter(search_key__contains=word)
            found = list(units.order_by("path")[:SEARCH_LIMIT])
        ancestor_ids = {i for u in found for i in u.ancestor_ids()}
        names = dict(Unit.objects.visible_to(request.user).filter(pk__in=ancestor_ids).values_list("pk", "name"))
        context["results"] = [(u, [names[i] for i in u.ancestor_ids() if i in names]) for u in found]
        return render(request, "units/unit_tree.html", context)
    visible = Unit.objects.visible_to(request.user)
    roots = list(visible.filter(parent__isnull=True) if paths is None else visible.filter(path__in=paths))
    context["roots"] = []
    for root in roots:
        counts = _counts(request, root)
        nodes = _with_counts(request, list(_children(request, root)), counts)
        context["roots"].append((root, queries.subtree_total(counts, root.path), nodes))
    return render(request, "units/unit_tree.html", context)


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
        counts_by_path = queries.active_counts_by_path(members, unit.path)
        context["children"] = [
            (child, child.name, queries.subtree_total(counts_by_path, child.path))
            for child in unit.children.visible_to(user).open().order_by("kind", "sort_key")
        ]
        counts = queries.status_counts(members.in_subtree(unit))
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
