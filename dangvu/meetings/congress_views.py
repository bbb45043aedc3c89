"""Pages of cell-meeting compliance and of congress plans.

`/meetings/compliance/?unit=ID&year=2022&cell=ID`: every cell under the unit with the regular and thematic meetings
it held in the year, the months and quarters it missed (rules.md §7) and the attendance at what it held; cells that
missed something come first. With `cell`, one cell's meetings and each member's attendance. Figures come from
`queries` in a fixed number of queries.

`/meetings/congresses/`: the congress plans of a term, each unit's congress with its status, and the election
results written into the unit's committee through `operations.record_election`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from io import BytesIO

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.writer.excel import save_workbook

from dangvu.access import scoping
from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any
from dangvu.meetings import operations, queries, rules
from dangvu.meetings.congress_forms import CongressPlanForm, CongressUpdateForm, ElectionForm
from dangvu.meetings.models import Congress, CongressPlan, CongressStatus
from dangvu.meetings.pages import render_page
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.tracking.dashboard import Column, _sheet
from dangvu.tracking.operations import units_of_kinds_below
from dangvu.tracking.pages import attempt
from dangvu.units.models import CELL_KINDS, POSITION_ORDER, Position, Unit
from dangvu.web.exports import xlsx_response
from dangvu.web.pages import percent_text, requested_unit

PAGE_SIZE = 25
# Years offered in the filter, the current one included.
YEARS_OFFERED = 10
CONGRESS_BADGES = {"planned": "", "preparing": "exempt", "held": "probationary", "approved": "full"}


# Compliance ----------------------------------------------------------------------------------------------------------


def _year(raw: str, current: int) -> int:
    if raw.isdigit() and current - 50 <= int(raw) <= current + 1:
        return int(raw)
    return current


@dataclass
class Compliance:
    unit: Unit
    year: int
    report: queries.Report
    cell: Unit | None
    meetings: list
    members: list[queries.MemberRow]


def _compliance(request) -> Compliance:
    """The figures of the page and of its export: four queries, five with a chosen cell."""
    user = request.user
    unit = requested_unit(request)
    today = scoping.today()
    year = _year(request.GET.get("year", ""), today.year)
    period = queries.Period.year(year, today)
    report = queries.compliance_report(user, unit, period)
    raw_cell = request.GET.get("cell", "")
    cell = None
    if raw_cell:
        cell = next((row.unit for row in report.cells if str(row.unit.pk) == raw_cell), None)
        if cell is None:
            raise Http404
    cells = queries.cells_in(user, cell or unit)
    return Compliance(
        unit=unit,
        year=year,
        report=report,
        cell=cell,
        meetings=queries.cell_meetings(user, cell, period) if cell else [],
        members=queries.member_attendance(user, cells, period),
    )


def cell_compliance(request):
    found = _compliance(request)
    user = request.user
    names = {row.unit.pk: row.unit.name for row in found.report.cells}
    for member in found.members:
        member.unit_name = names.get(member.unit_id, "")
        member.rate_text = percent_text(member.rate)
    for row in found.report.cells:
        row.rate_text = percent_text(row.rate)
    for meeting in found.meetings:
        meeting.rate_text = percent_text(rules.attendance_rate(meeting.present, meeting.invited))
    current = scoping.today().year
    return render_page(
        request,
        "meetings/compliance.html",
        {
            "found": found,
            "unit": found.unit,
            "report": found.report,
            "rate_text": percent_text(found.report.rate),
            "years": list(range(current + 1, current - YEARS_OFFERED, -1)),
            "units": Unit.objects.visible_to(user)
            .open()
            .filter(~Q(kind__in=list(CELL_KINDS)) | Q(pk=found.unit.pk))
            .order_by("path"),
            "can_export": can(user, Action.EXPORT, found.unit),
        },
    )


def _months_text(row: queries.CellRow) -> str:
    return ", ".join(f"{month:02d}/{year}" for year, month in row.compliance.missed_months)


def _quarters_text(row: queries.CellRow) -> str:
    return ", ".join(str(q.label) for q in row.compliance.missed_quarters)


def cell_compliance_export(request):
    """The page's tables as an .xlsx: one sheet of cells, one of members' attendance."""
    found = _compliance(request)
    if not can(request.user, Action.EXPORT, found.unit):
        raise Http404
    names = {row.unit.pk: row.unit.name for row in found.report.cells}
    cells = [
        Column(_("Cell"), lambda row: row.unit.name),
        Column(_("Regular meetings held"), lambda row: row.regular),
        Column(_("Thematic meetings held"), lambda row: row.thematic),
        Column(_("Months due"), lambda row: row.compliance.months_due),
        Column(_("Months missed"), _months_text),
        Column(_("Quarters due"), lambda row: row.compliance.quarters_due),
        Column(_("Quarters missed"), _quarters_text),
        Column(_("Invitations"), lambda row: row.invited),
        Column(_("Present"), lambda row: row.present),
        Column(_("Attendance rate"), lambda row: row.rate, percent=True),
    ]
    members = [
        Column(_("Cell"), lambda row: names.get(row.unit_id, "")),
        Column(_("Member"), lambda row: row.full_name),
        Column(_("Invitations"), lambda row: row.invited),
        Column(_("Present"), lambda row: row.present),
        Column(_("Excused"), lambda row: row.excused),
        Column(_("Absent"), lambda row: row.absent),
        Column(_("Attendance rate"), lambda row: row.rate, percent=True),
    ]
    cell_rows = [row for row in found.report.cells if found.cell is None or row.unit == found.cell]
    book = Workbook(write_only=True)
    _sheet(book, _("Cells"), cells, cell_rows)
    _sheet(book, _("Members"), members, found.members)
    out = BytesIO()
    save_workbook(book, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    scope = found.cell or found.unit
    response["Content-Disposition"] = f'attachment; filename="sinh-hoat-chi-bo-{scope.pk}-{found.year}.xlsx"'
    return response


# Congress plans ------------------------------------------------------------------------------------------------------


def _require_plans(user) -> None:
    if not has_any(user, Action.VIEW):
        raise Http404


def _plans(request):
    """The congress plans the list shows, with their counts, in its order: the page and its export share this."""
    user = request.user
    _require_plans(user)
    return (
        CongressPlan.objects.visible_to(user)
        .select_related("unit")
        .annotate(
            total=Count("congresses"),
            approved=Count("congresses", filter=Q(congresses__status=CongressStatus.APPROVED)),
            held=Count("congresses", filter=Q(congresses__status=CongressStatus.HELD)),
        )
        .order_by("-created_at", "-pk")
    )


def congress_plan_list(request):
    user = request.user
    page = Paginator(_plans(request), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_create": has_any(user, Action.CONVENE), "can_export": has_any(user, Action.EXPORT)}
    return render_page(request, "meetings/congress_plan_list.html", context)


def congress_plan_list_export(request):
    plans = _plans(request)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    columns = [
        Column(_("Plan"), lambda p: p.title),
        Column(_("Term"), lambda p: p.term_name),
        Column(_("Directing unit"), lambda p: p.unit.name),
        Column(_("Congresses"), lambda p: p.total),
        Column(_("Held"), lambda p: p.held),
        Column(_("Results approved"), lambda p: p.approved),
    ]
    return xlsx_response("ke-hoach-dai-hoi", _("Congress plans"), columns, plans)


@require_http_methods(["GET", "POST"])
def congress_plan_create(request):
    user = request.user
    if not has_any(user, Action.CONVENE):
        raise Http404
    form = CongressPlanForm(request.POST or None, user=user)
    if request.method == "POST":
        created = []

        def perform():
            data = form.cleaned_data
            units = units_of_kinds_below(data["unit"], data["kinds"])
            created.append(
                operations.plan_congresses(
                    user, data["unit"], term_name=data["term_name"], title=data["title"], units=units
                )
            )

        if attempt(form, perform):
            plan = created[0]
            messages.success(request, _("The congress plan has been created."))
            return redirect("congress_plan_detail", pk=plan.pk)
        return render_page(request, "meetings/congress_plan_form.html", {"form": form}, status=422)
    return render_page(request, "meetings/congress_plan_form.html", {"form": form})


def _visible_plan(user, pk) -> CongressPlan:
    return get_object_or_404(CongressPlan.objects.visible_to(user).select_related("unit"), pk=pk)


def congress_plan_detail(request, pk):
    user = request.user
    plan = _visible_plan(user, pk)
    congresses = list(plan.congresses.select_related("unit", "meeting", "term").order_by("unit__sort_key", "pk"))
    elected = defaultdict(list)
    terms = [c.term_id for c in congresses if c.term_id]
    for position in Position.objects.filter(term_id__in=terms).select_related("member"):
        elected[position.term_id].append(position)
    for congress in congresses:
        congress.elected = sorted(elected.get(congress.term_id, []), key=lambda p: (POSITION_ORDER[p.role], p.pk))
    counts = Counter(c.status for c in congresses)
    return render_page(
        request,
        "meetings/congress_plan_detail.html",
        {
            "plan": plan,
            "congresses": congresses,
            "counts": [(status, label, counts[status]) for status, label in CongressStatus.choices],
            "can_convene": can(user, Action.CONVENE, plan.unit),
            "advance_choices": CongressUpdateForm.base_fields["status"].choices,
            "congress_badges": CONGRESS_BADGES,
        },
    )


def _convened_congress(user, pk) -> Congress:
    """A congress of a plan the user sees and directs (Action.CONVENE on the plan's unit); any other is a 404."""
    plans = CongressPlan.objects.visible_to(user)
    congress = get_object_or_404(
        Congress.objects.filter(plan__in=plans).select_related("plan__unit", "unit", "meeting"), pk=pk
    )
    if not can(user, Action.CONVENE, congress.plan.unit):
        raise Http404
    return congress


@require_http_methods(["GET", "POST"])
def congress_update(request, pk):
    user = request.user
    congress = _convened_congress(user, pk)
    initial = {"status": congress.status, "planned_on": congress.planned_on, "meeting": congress.meeting_id}
    form = CongressUpdateForm(request.POST or None, user=user, congress=congress, initial=initial)
    if request.method == "POST":

        def perform():
            data = form.cleaned_data
            operations.advance_congress(
                user, congress, data["status"], planned_on=data["planned_on"], meeting=data["meeting"]
            )

        if attempt(form, perform):
            messages.success(request, _("The congress has been updated."))
            return redirect("congress_plan_detail", pk=congress.plan_id)
        status = 422
    else:
        status = 200
    return render_page(request, "meetings/congress_update.html", {"form": form, "congress": congress}, status=status)


@require_http_methods(["GET", "POST"])
def congress_election(request, pk):
    user = request.user
    congress = _convened_congress(user, pk)
    if congress.status == CongressStatus.APPROVED:
        raise Http404
    form = ElectionForm(request.POST or None, user=user, congress=congress)
    if request.method == "POST":

        def perform():
            data = form.cleaned_data
            operations.record_election(
                user, congress, starts_on=data["starts_on"], ends_on=data["ends_on"], elected=form.elected()
            )

        if attempt(form, perform):
            messages.success(request, _("The election results have been recorded."))
            return redirect("congress_plan_detail", pk=congress.plan_id)
        status = 422
    else:
        status = 200
    return render_page(request, "meetings/congress_election.html", {"form": form, "congress": congress}, status=status)
