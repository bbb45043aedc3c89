"""Units over the API: list, detail with member counts, children, create and rename."""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from dangvu.api.schemas import (
    MessageOut,
    PageIn,
    ProblemsOut,
    UnitCreateIn,
    UnitDetailOut,
    UnitFilters,
    UnitOut,
    UnitPage,
    UnitRenameIn,
    words_q,
)
from dangvu.members.models import Member
from dangvu.units import operations
from dangvu.units.models import Unit

router = Router(tags=["units"])

REFUSALS = {401: MessageOut, 403: MessageOut, 404: MessageOut, 422: ProblemsOut}


def unit_in_scope(user, unit_id: int, field: str) -> Unit:
    """The unit named by a request body field; one outside the caller's scope is as unknown as a missing one."""
    unit = Unit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({field: _("There is no unit %(id)s within your scope.") % {"id": unit_id}})
    return unit


@router.get("", response={200: UnitPage, **REFUSALS})
def list_units(request, filters: Query[UnitFilters], page: Query[PageIn]):
    """Units the caller may see, in tree order; open units only unless `include_closed`."""
    user = request.auth
    units = Unit.objects.visible_to(user)
    if filters.parent is not None:
        parent = get_object_or_404(Unit.objects.visible_to(user), pk=filters.parent)
        units = units.filter(parent=parent)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if not filters.include_closed:
        units = units.open()
    return page.of(units.filter(words_q(filters.q)).order_by("path"))


@router.get("/{unit_id}", response={200: UnitDetailOut, **REFUSALS})
def unit_detail(request, unit_id: int):
    user = request.auth
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)
    counts = Member.objects.visible_to(user).in_subtree(unit).values("status").annotate(n=Count("id"))
    unit.member_counts = {row["status"]: row["n"] for row in counts.order_by()}
    return unit


@router.get("/{unit_id}/children", response={200: UnitPage, **REFUSALS})
def unit_children(request, unit_id: int, page: Query[PageIn], include_closed: bool = False):
    user = request.auth
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)
    children = Unit.objects.visible_to(user).filter(parent=unit)
    if not include_closed:
        children = children.open()
    return page.of(children.order_by("path"))


@router.post("", response={201: UnitOut, **REFUSALS})
def create_unit(request, data: UnitCreateIn):
    """Establish a unit under `parent` (a top-level unit only for administrators of the whole tree)."""
    user = request.auth
    parent = unit_in_scope(user, data.parent, "parent") if data.parent is not None else None
    unit = operations.create_unit(
        user,
        name=data.name,
        kind=data.kind,
        code=data.code,
        parent=parent,
        established_on=data.established_on,
        short_name=data.short_name,
        decision=data.decision,
    )
    return Status(201, unit)


@router.post("/{unit_id}/rename", response={200: UnitOut, **REFUSALS})
def rename_unit(request, unit_id: int, data: UnitRenameIn):
    user = request.auth
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)
    operations.rename_unit(
        user,
        unit,
        name=data.name,
        effective_on=data.effective_on,
        short_name=data.short_name,
        decision=data.decision,
    )
    return unit
