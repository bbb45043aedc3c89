import json

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from dangvu.access.roles import Action
from dangvu.access.scoping import home_unit, require
from dangvu.members import tallies
from dangvu.members.models import STATUS_CHOICES, Member
from dangvu.units import queries as unit_queries
from dangvu.units.models import Unit, UnitKind


def dashboard(request):
    """The subtree at a glance: units by kind, members by status, admissions per year."""
    user = request.user
    if request.GET.get("unit"):
        unit = get_object_or_404(Unit, pk=request.GET["unit"]) if request.GET["unit"].isdigit() else None
        if unit is None:
            raise Http404
        require(user, Action.VIEW, unit)
    else:
        unit = home_unit(user)
    if unit is None:
        return render(request, "web/dashboard_empty.html", {"nav_section": "dashboard"})
    from dangvu.access.scoping import can

    if not can(user, Action.VIEW, unit):
        return render(request, "web/dashboard_member.html", {"member": user.member, "nav_section": "dashboard"})
    units = Unit.objects.visible_to(user).in_subtree(unit).open().exclude(pk=unit.pk)
    unit_counts = dict(units.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    kept = tallies.stored(unit, user)
    if kept:
        tally, counted_at = kept
    else:
        members = Member.objects.visible_to(user)
        if not unit_queries.is_whole_tree(unit):
            members = members.in_subtree(unit)
        tally, counted_at = tallies.count(members), None
    status_counts = tallies.by_status(tally)
    per_year = tallies.by_year(tally)
    active = sum(status_counts.get(s, 0) for s in ("probationary", "full", "exempt"))
    context = {
        "unit": unit,
        "nav_section": "dashboard",
        "counted_at": counted_at,
        "active_members": active,
        "unit_rows": [(label, unit_counts[kind]) for kind, label in UnitKind.choices if unit_counts.get(kind)],
        "status_rows": [(value, label, status_counts.get(value, 0)) for value, label in STATUS_CHOICES],
        "admissions": per_year,
        "admissions_chart": json.dumps(_admissions_chart(per_year)),
        "status_chart": json.dumps(_status_chart(status_counts)),
    }
    return render(request, "web/dashboard.html", context)


def _admissions_chart(per_year: list[tuple[int, int]]) -> dict:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 10, "top": 30, "bottom": 30},
        "xAxis": {"type": "category", "data": [str(y) for y, _n in per_year]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"name": _("Admissions"), "type": "bar", "data": [n for _y, n in per_year], "color": "#b3121d"}],
    }


def _status_chart(counts: dict[str, int]) -> dict:
    data = [{"name": str(label), "value": counts[value]} for value, label in STATUS_CHOICES if counts.get(value)]
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0},
        "series": [{"type": "pie", "radius": ["40%", "70%"], "data": data}],
        "color": ["#f2c230", "#b3121d", "#1a3e7a", "#888", "#aaa", "#555", "#333"],
    }
