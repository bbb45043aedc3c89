"""Meetings over the API: meetings with their agenda and attendance, the .ics of a meeting, cell-meeting compliance
for a year, and the congress plans with each unit's congress.

Every read goes through `visible_to`: a member without a grant sees only the meetings they are invited to. What
counts as a held meeting and a missed month is `meetings.queries`' and `meetings.rules`' business, as on the pages.
"""

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from dangvu.access import scoping
from dangvu.access.scoping import home_unit
from dangvu.api.schemas import PageIn, checked_year
from dangvu.api.units import REFUSALS
from dangvu.meetings import calendar, queries, rules
from dangvu.meetings.models import (
    Attendance,
    Congress,
    CongressPlan,
    CongressStatus,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingState,
)
from dangvu.meetings.pages import agenda_of
from dangvu.units.models import Position, PositionRole, Unit

router = Router(tags=["meetings"])


def _counted(queryset):
    present = Q(invitations__attendance=Attendance.PRESENT)
    return queryset.annotate(
        invited=Count("invitations"),
        present=Count("invitations", filter=present),
        excused=Count("invitations", filter=Q(invitations__attendance=Attendance.EXCUSED)),
        absent=Count("invitations", filter=Q(invitations__attendance=Attendance.ABSENT)),
    )


def _meetings(user):
    return Meeting.objects.visible_to(user).select_related("unit")


def _unit(user, unit_id: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)


# Meetings ------------------------------------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    unit_id: int = Field(description="The organising unit.")
    unit_name: str
    kind: MeetingKind
    number: int | None = Field(description="Number within the term, e.g. 8 for the 8th conference.")
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online: bool
    online_url: str
    state: MeetingState
    invited: int
    present: int
    excused: int
    absent: int
    quorum: bool = Field(description="More than half of those invited are present.")

    @staticmethod
    def resolve_unit_name(meeting) -> str:
        return meeting.unit.name

    @staticmethod
    def resolve_quorum(meeting) -> bool:
        return rules.has_quorum(meeting.present, meeting.invited)


class AgendaItemOut(Schema):
    position: int
    title: str
    presenter_id: int | None
    presenter_name: str
    duration: int | None = Field(description="Minutes.")
    document_ids: list[int] = Field(description="The attached documents the caller may open.")
    task_ids: list[int]

    @staticmethod
    def resolve_presenter_name(item) -> str:
        return item.presenter.full_name if item.presenter else ""

    @staticmethod
    def resolve_document_ids(item) -> list[int]:
        return [d.pk for d in item.documents.all()]

    @staticmethod
    def resolve_task_ids(item) -> list[int]:
        return [t.pk for t in item.tasks.all()]


class InvitationOut(Schema):
    member_id: int
    member_name: str
    attendance: Attendance | None = Field(description="Blank until recorded.")
    reason: str
    site: str = Field(description="The remote site (điểm cầu) attended from, if any.")
    checked_in_at: datetime | None

    @staticmethod
    def resolve_member_name(invitation) -> str:
        return invitation.member.full_name

    @staticmethod
    def resolve_attendance(invitation) -> str | None:
        return invitation.attendance or None

    @staticmethod
    def resolve_site(invitation) -> str:
        return invitation.site.name if invitation.site else ""


class MeetingDetailOut(MeetingOut):
    chair_id: int | None
    secretary_id: int | None
    review_quarter: str | None = Field(description="The quarter under review, e.g. 2022-Q1.")
    agenda: list[AgendaItemOut]
    invitations: list[InvitationOut]

    @staticmethod
    def resolve_review_quarter(meeting) -> str | None:
        return meeting.review_cycle.quarter if meeting.review_cycle else None

    @staticmethod
    def resolve_agenda(meeting) -> list:
        return meeting.agenda_list

    @staticmethod
    def resolve_invitations(meeting) -> list:
        return meeting.invitations_list


class MeetingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeetingOut]


class MeetingFilters(Schema):
    unit: int | None = Field(None, description="Only meetings organised by this unit or a unit below it.")
    kind: MeetingKind | None = None
    state: MeetingState | None = None
    starts_from: date | None = Field(None, description="Only meetings starting on or after this day.")
    starts_until: date | None = Field(None, description="Only meetings starting on or before this day.")


@router.get("", response={200: MeetingPage, **REFUSALS})
def list_meetings(request, filters: Query[MeetingFilters], page: Query[PageIn]):
    """Meetings the caller sees (their units' and those they are invited to), latest first."""
    user = request.auth
    meetings = _meetings(user)
    if filters.unit is not None:
        meetings = meetings.filter(unit__path__startswith=_unit(user, filters.unit).path)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.state:
        meetings = meetings.filter(state=filters.state)
    if filters.starts_from:
        meetings = meetings.filter(starts_at__date__gte=filters.starts_from)
    if filters.starts_until:
        meetings = meetings.filter(starts_at__date__lte=filters.starts_until)
    return page.of(_counted(meetings).order_by("-starts_at", "-id"))


class ComplianceCellOut(Schema):
    unit_id: int
    unit_name: str
    regular: int = Field(description="Regular meetings held.")
    thematic: int = Field(description="Thematic meetings held.")
    months_due: int
    missed_months: list[str] = Field(description="Months over without a regular meeting, e.g. 2022-03.")
    quarters_due: int
    missed_quarters: list[str] = Field(description="Quarters over without a thematic meeting, e.g. 2022-Q2.")
    invited: int
    present: int
    attendance_rate: float | None


class ComplianceOut(Schema):
    unit_id: int
    year: int
    cells: list[ComplianceCellOut] = Field(description="Cells that missed a meeting first.")


@router.get("/compliance", response={200: ComplianceOut, **REFUSALS})
def compliance(request, unit: int | None = None, year: int | None = None):
    """Every cell under the unit (default: the caller's highest unit) over a year (default: this one): the regular
    and thematic meetings held (not cancelled, start past), the months and quarters missed, the attendance."""
    user = request.auth
    checked_year(year)
    if unit is not None:
        chosen = _unit(user, unit)
    else:
        chosen = home_unit(user)
        if chosen is None or not scoping.can(user, "view", chosen):
            raise Http404
    today = scoping.today()
    report = queries.compliance_report(user, chosen, queries.Period.year(year or today.year, today))
    cells = [
        {
            "unit_id": row.unit.pk,
            "unit_name": row.unit.name,
            "regular": row.regular,
            "thematic": row.thematic,
            "months_due": row.compliance.months_due,
            "missed_months": [f"{y}-{m:02d}" for y, m in row.compliance.missed_months],
            "quarters_due": row.compliance.quarters_due,
            "missed_quarters": [str(q) for q in row.compliance.missed_quarters],
            "invited": row.invited,
            "present": row.present,
            "attendance_rate": None if row.rate is None else round(row.rate, 4),
        }
        for row in report.cells
    ]
    return {"unit_id": chosen.pk, "year": report.period.start.year, "cells": cells}


@router.get("/{int:meeting_id}", response={200: MeetingDetailOut, **REFUSALS})
def meeting_detail(request, meeting_id: int):
    """One meeting with its agenda (documents and tasks the caller may open) and each invitation's attendance."""
    user = request.auth
    meeting = get_object_or_404(_counted(_meetings(user).select_related("review_cycle")), pk=meeting_id)
    meeting.agenda_list = agenda_of(user, meeting)
    meeting.invitations_list = list(
        Invitation.objects.filter(meeting=meeting).select_related("member", "site").order_by("member__name_sort_key")
    )
    return meeting


@router.get("/{int:meeting_id}/calendar.ics", response=REFUSALS)
def meeting_ics(request, meeting_id: int):
    """The meeting as an iCalendar file (a cancellation once cancelled), times in Asia/Ho_Chi_Minh."""
    meeting = get_object_or_404(_meetings(request.auth), pk=meeting_id)
    response = HttpResponse(
        calendar.ics(meeting, cancel=meeting.is_cancelled), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cuoc-hop-{meeting.pk}.ics"'
    return response


# Congress plans ------------------------------------------------------------------------------------------------------


class ElectedOut(Schema):
    member_id: int
    member_name: str
    role: PositionRole


class CongressOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    status: CongressStatus
    planned_on: date | None
    meeting_id: int | None
    term_id: int | None = Field(description="The term elected, once the results are approved.")
    elected: list[ElectedOut]


class CongressPlanOut(Schema):
    id: int
    unit_id: int = Field(description="The directing unit.")
    unit_name: str
    term_name: str
    title: str
    counts: dict[str, int] = Field(description="Congresses by status.")
    congresses: list[CongressOut]


class CongressPlanPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CongressPlanOut]


def _plans_out(plans: list[CongressPlan]) -> list[dict]:
    """The plans with their congresses and elected committees: three queries whatever their number."""
    congresses = defaultdict(list)
    rows = list(
        Congress.objects.filter(plan__in=[p.pk for p in plans]).select_related("unit").order_by("unit__sort_key", "pk")
    )
    elected = defaultdict(list)
    positions = Position.objects.filter(term_id__in=[c.term_id for c in rows if c.term_id]).select_related("member")
    for position in positions.order_by("pk"):
        elected[position.term_id].append(
            {"member_id": position.member_id, "member_name": position.member.full_name, "role": position.role}
        )
    for congress in rows:
        congresses[congress.plan_id].append(
            {
                "id": congress.pk,
                "unit_id": congress.unit_id,
                "unit_name": congress.unit.name,
                "status": congress.status,
                "planned_on": congress.planned_on,
                "meeting_id": congress.meeting_id,
                "term_id": congress.term_id,
                "elected": elected.get(congress.term_id, []) if congress.term_id else [],
            }
        )
    return [
        {
            "id": plan.pk,
            "unit_id": plan.unit_id,
            "unit_name": plan.unit.name,
            "term_name": plan.term_name,
            "title": plan.title,
            "counts": {s: sum(1 for c in congresses[plan.pk] if c["status"] == s) for s in CongressStatus.values},
            "congresses": congresses[plan.pk],
        }
        for plan in plans
    ]


def _plans(user):
    return CongressPlan.objects.visible_to(user).select_related("unit").order_by("-created_at", "-pk")


@router.get("/congress-plans", response={200: CongressPlanPage, **REFUSALS})
def list_congress_plans(request, page: Query[PageIn]):
    """Congress plans of the units the caller sees, with each unit's congress."""
    found = page.of(_plans(request.auth))
    return {**found, "items": _plans_out(found["items"])}


@router.get("/congress-plans/{int:plan_id}", response={200: CongressPlanOut, **REFUSALS})
def congress_plan_detail(request, plan_id: int):
    plan = get_object_or_404(_plans(request.auth), pk=plan_id)
    return _plans_out([plan])[0]
