"""What pages of every app share."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format

from dangvu.access.roles import Action
from dangvu.access.scoping import can, home_unit
from dangvu.units.models import Unit


def requested_unit(request, param: str = "unit") -> Unit:
    """The unit a page is about: `?unit=` when the user sees it, else the user's home unit; a 404 otherwise."""
    raw = request.GET.get(param, "")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(Unit.objects.visible_to(request.user), pk=raw)
    unit = home_unit(request.user)
    if unit is None or not can(request.user, Action.VIEW, unit):
        raise Http404
    return unit


def percent_text(rate: float | None) -> str:
    """A rate as a localised percentage with one decimal ("85,3%"); "—" when there is nothing to measure."""
    return "—" if rate is None else f"{number_format(rate * 100, 1)}%"
