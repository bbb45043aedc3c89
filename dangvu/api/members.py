"""Members over the API: list, detail with events, admission, profile changes and lifecycle events.

Personal fields (`PERSONAL_FIELDS`) go out only to callers who may see them for that member
(Nghị định 13/2023/NĐ-CP); otherwise they are null and `masked` is true. Each showing is logged.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can_member
from dangvu.api.schemas import (
    EventIn,
    EventOut,
    MemberAdmitIn,
    MemberDetailOut,
    MemberFilters,
    MemberPage,
    MemberUpdateIn,
    MessageOut,
    PageIn,
    words_q,
)
from dangvu.api.units import REFUSALS, unit_in_scope
from dangvu.members import operations
from dangvu.members.models import PERSONAL_FIELDS, Member
from dangvu.units.models import Unit

router = Router(tags=["members"])

# Profile fields that may be null in the database; the other text fields store "" for "none".
_NULLABLE = {"birth_date", "card_number"}


def _with_personal_data(user, members: list[Member]) -> list[Member]:
    """Blank the personal fields the caller may not see, mark them masked, and log what was shown."""
    shown = []
    for member in members:
        member.unit_name = member.unit.name
        member.masked = not can_member(user, Action.VIEW_PERSONAL, member)
        if member.masked:
            for field in PERSONAL_FIELDS:
                setattr(member, field, None)
        else:
            shown.append(member)
    if shown:
        # One row per answer, as for exports: the member when there is one, else how many were shown.
        operations.log_personal_data_view(user, "api", member=shown[0] if len(shown) == 1 else None, count=len(shown))
    return members


def _member(user, member_id: int) -> Member:
    return get_object_or_404(Member.objects.visible_to(user).select_related("unit"), pk=member_id)


def _etag(member: Member) -> str:
    """The record's state token as an HTTP entity tag; send it back in `If-Match` to update only that state."""
    return f'"{audit.state_token(member)}"'


def _if_match(request) -> str | None:
    """The state token of an `If-Match` header (None without one: the update is unconditional)."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    return header.removeprefix("W/").strip('"')


def _detail(user, member: Member) -> Member:
    member.events_list = list(member.events.order_by("occurred_on", "id"))
    return _with_personal_data(user, [member])[0]


@router.get("", response={200: MemberPage, **REFUSALS})
def list_members(request, filters: Query[MemberFilters], page: Query[PageIn]):
    """Members the caller may see, in Vietnamese name order."""
    user = request.auth
    members = Member.objects.visible_to(user).select_related("unit")
    if filters.unit is not None:
        unit = get_object_or_404(Unit.objects.visible_to(user), pk=filters.unit)
        members = members.in_subtree(unit)
    if filters.status:
        members = members.filter(status=filters.status)
    result = page.of(members.filter(words_q(filters.q)).order_by("name_sort_key", "id"))
    result["items"] = _with_personal_data(user, result["items"])
    return result


@router.get("/{member_id}", response={200: MemberDetailOut, **REFUSALS})
def member_detail(request, member_id: int, response: HttpResponse):
    """One member; the `ETag` header is the record's state, for a later `If-Match` on PATCH."""
    user = request.auth
    member = _member(user, member_id)
    response["ETag"] = _etag(member)  # before personal fields are masked on the instance
    return _detail(user, member)


@router.post("", response={201: MemberDetailOut, **REFUSALS})
def admit_member(request, data: MemberAdmitIn):
    """Record the admission of a new member to a cell (optionally already confirmed as a full member)."""
    user = request.auth
    unit = unit_in_scope(user, data.unit, "unit")
    profile = data.dict(exclude={"unit", "admitted_on", "confirmed_on", "decision"}, exclude_none=True)
    member = operations.admit_member(
        user,
        unit=unit,
        admitted_on=data.admitted_on,
        confirmed_on=data.confirmed_on,
        decision=data.decision,
        **profile,
    )
    return Status(201, _detail(user, _member(user, member.pk)))


@router.patch("/{member_id}", response={200: MemberDetailOut, 412: MessageOut, **REFUSALS})
def update_member(request, member_id: int, data: MemberUpdateIn, response: HttpResponse):
    """Change the profile fields that are sent; the others stay as they are.

    With `If-Match: "<ETag of the member>"`, the change is refused (412) when someone saved the record since.
    """
    user = request.auth
    member = _member(user, member_id)
    changes = data.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    if "gender" in changes and changes["gender"] is None:
        raise ValidationError({"gender": _("Choose the gender.")})
    profile = {key: "" if value is None and key not in _NULLABLE else value for key, value in changes.items()}
    operations.update_member(user, member, reason=reason, expected_state=_if_match(request), **profile)
    member = _member(user, member_id)
    response["ETag"] = _etag(member)
    return _detail(user, member)


@router.post("/{member_id}/events", response={201: EventOut, **REFUSALS})
def record_event(request, member_id: int, data: EventIn):
    """Add a lifecycle event: confirmation, transfer, exemption, striking off, death …"""
    user = request.auth
    member = _member(user, member_id)
    unit = unit_in_scope(user, data.unit, "unit") if data.unit is not None else None
    event = operations.record_event(
        user,
        member,
        kind=data.kind,
        occurred_on=data.occurred_on,
        unit=unit,
        destination=data.destination,
        decision=data.decision,
        note=data.note,
    )
    return Status(201, event)
