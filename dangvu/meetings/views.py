"""Pages of meetings: the list (a member's phone view of the meetings they are invited to), the meeting form, the
meeting page with its agenda, invitations, live attendance and outcomes, check-in by QR code, the calendar file and
the minutes.

Every read goes through `visible_to` (what is out of scope is a 404); every write goes through `operations`, whose
refusals go back onto the form with status 422 and change nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any
from dangvu.documents.models import Document
from dangvu.meetings import calendar, operations, rules
from dangvu.meetings.forms import (
    AgendaFormSet,
    AttendanceForm,
    CancelForm,
    CheckInForm,
    InviteForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    OutcomeDocumentForm,
    OutcomeTaskForm,
)
from dangvu.meetings.models import AgendaItem, Attendance, Invitation, Meeting, Minutes
from dangvu.meetings.pages import (
    agenda_of,
    check_in_qr,
    meetings_workbook,
    organised_meeting,
    render_page,
    require_meetings,
    visible_meeting,
)
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.tracking.models import Task
from dangvu.tracking.pages import attempt
from dangvu.units.models import Unit

PAGE_SIZE = 25
# Documents and tasks offered on an agenda row: the latest the user sees (and those already attached).
AGENDA_CHOICES = 100


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or _("You may not do this.")
    return " ".join(error.messages)


# The list ----------------------------------------------------------------------------------------------------------


def _filtered(request):
    user = request.user
    require_meetings(user)
    form = MeetingFilterForm(request.GET, user=user)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    meetings = Meeting.objects.visible_to(user).select_related("unit")
    if data.get("unit"):  # an open unit the user may see (UnitWalkField)
        meetings = meetings.filter(unit__path__startswith=data["unit"].path)
    if data.get("kind"):
        meetings = meetings.filter(kind=data["kind"])
    period = data.get("period") or "upcoming"
    now = timezone.now()
    if period == "upcoming":
        meetings = meetings.filter(ends_at__gte=now).order_by("starts_at", "id")
    elif period == "past":
        meetings = meetings.filter(ends_at__lt=now)
    return form, meetings, period


def meeting_list(request):
    user = request.user
    form, meetings, period = _filtered(request)
    agenda = AgendaItem.objects.prefetch_related(Prefetch("documents", queryset=Document.objects.visible_to(user)))
    meetings = meetings.prefetch_related(Prefetch("agenda", queryset=agenda))
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "period": period,
        "now": timezone.now(),
        "can_create": has_any(user, Action.CONVENE),
    }
    return render_page(request, "meetings/meeting_list.html", context)


def meeting_export(request):
    """The filtered list as an .xlsx: meetings, not members' personal data."""
    _form, meetings, _period = _filtered(request)
    response = HttpResponse(meetings_workbook(meetings), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="cuoc-hop.xlsx"'
    return response


# The meeting form --------------------------------------------------------------------------------------------------


def _form_page(request, form, meeting: Meeting | None):
    title = _("Edit the meeting") if meeting else _("New meeting")
    context = {"form": form, "meeting": meeting, "title": title}
    return render_page(request, "meetings/meeting_form.html", context, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    user = request.user
    convened = Unit.objects.visible_to(user, Action.CONVENE).open().order_by("path")
    first = convened.first()
    if first is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, initial={"unit": first.pk}, user=user)
    created = []

    def create():
        created.append(operations.schedule_meeting(user, form.cleaned_data["unit"], **form.meeting_fields()))

    if data is not None and attempt(form, create):
        messages.success(request, _("The meeting has been scheduled; invite its participants."))
        return redirect("meeting_detail", pk=created[0].pk)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = organised_meeting(request, pk)
    data = request.POST if request.method == "POST" else None
    initial = {**MeetingForm.initial_for(meeting), "state": audit.state_token(meeting)}
    form = MeetingForm(data, initial=initial, user=request.user, meeting=meeting)

    def update():
        state = form.cleaned_data["state"] or None
        operations.update_meeting(request.user, meeting, expected_state=state, **form.meeting_fields())

    if data is not None and attempt(form, update):
        messages.success(request, _("The meeting has been changed; the invitees have been told."))
        return redirect("meeting_detail", pk=meeting.pk)
    return _form_page(request, form, meeting)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = organised_meeting(request, pk)
    data = request.POST if request.method == "POST" else None
    form = CancelForm(data)
    if data is not None and attempt(
        form, lambda: operations.cancel_meeting(request.user, meeting, **form.cleaned_data)
    ):
        messages.success(request, _("The meeting has been cancelled; the invitees have been told."))
        return redirect("meeting_detail", pk=meeting.pk)
    context = {"form": form, "meeting": meeting}
    return render_page(request, "meetings/meeting_cancel.html", context, status=422 if form.is_bound else 200)


# The meeting page --------------------------------------------------------------------------------------------------


def _unit_members(request, meeting: Meeting):
    members = Member.objects.visible_to(request.user).filter(
        unit__path__startswith=meeting.unit.path, status__in=ACTIVE_STATUSES
    )
    return members.select_related("unit").order_by("name_sort_key")


def _detail(request, meeting: Meeting, status: int = 200, **forms):
    user = request.user
    organiser = can(user, Action.CONVENE, meeting.unit)
    invitations = list(meeting.invitations.select_related("member", "site"))
    present = sum(1 for i in invitations if i.attendance == Attendance.PRESENT)
    context = {
        "meeting": meeting,
        "organiser": organiser,
        # The office drafts the meeting's documents; the office or the secretary drafts its news (publishing).
        "can_draft_documents": can(user, Action.CHANGE, meeting.unit),
        "agenda": agenda_of(user, meeting),
        "invitations": invitations,
        "present": present,
        "expected": len(invitations),
        "quorum": rules.has_quorum(present, len(invitations)),
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
        "outcomes": list(meeting.outcomes.select_related("document", "task")),
        "attendance_choices": Attendance.choices,
        "sites": _present_by_site(meeting, invitations),
        "my_invitation": next((i for i in invitations if i.member_id and i.member_id == user.member_id), None),
    }
    if organiser and not meeting.is_cancelled:
        context.update(
            check_in_url=request.build_absolute_uri(
                reverse("meeting_check_in", args=[meeting.pk, meeting.check_in_token])
            ),
            invite_form=forms.get("invite_form") or InviteForm(members=_unit_members(request, meeting)),
            attendance_form=forms.get("attendance_form"),
            task_form=forms.get("task_form") or OutcomeTaskForm(),
            document_form=forms.get("document_form")
            or OutcomeDocumentForm(initial={"issued_on": timezone.localdate()}),
        )
    return render_page(request, "meetings/meeting_detail.html", context, status=status)


def _present_by_site(meeting: Meeting, invitations: list) -> list[tuple[object, int]]:
    """Each remote site with the number present there, the main hall first (site None)."""
    sites = list(meeting.sites.all())
    if not sites:
        return []
    present = [i for i in invitations if i.attendance == Attendance.PRESENT]
    return [(None, sum(1 for i in present if i.site_id is None))] + [
        (site, sum(1 for i in present if i.site_id == site.pk)) for site in sites
    ]


def meeting_detail(request, pk):
    return _detail(request, visible_meeting(request, pk))


@require_POST
def meeting_invite(request, pk):
    meeting = organised_meeting(request, pk)
    form = InviteForm(request.POST, members=_unit_members(request, meeting))
    invited = []

    def invite():
        who = form.cleaned_data["who"]
        if who == "unit":
            members = operations.invitees(units=[meeting.unit])
        elif who == "committee":
            members = operations.invitees(committee_of=meeting.unit)
        else:
            members = form.cleaned_data["members"]
        invited.extend(operations.invite(request.user, meeting, members))

    if attempt(form, invite):
        count = len(invited)
        messages.success(
            request, ngettext("%(count)d member invited.", "%(count)d members invited.", count) % {"count": count}
        )
        return redirect("meeting_detail", pk=meeting.pk)
    return _detail(request, meeting, status=422, invite_form=form)


@require_POST
def meeting_attendance(request, pk):
    meeting = organised_meeting(request, pk)
    members = _unit_members(request, meeting) | Member.objects.visible_to(request.user).filter(
        invitations__meeting=meeting
    )
    form = AttendanceForm(request.POST, members=members.distinct(), sites=meeting.sites.all())

    def record():
        data = form.cleaned_data
        operations.record_attendance(
            request.user, meeting, data["member"], data["attendance"], data["reason"], site=data["site"]
        )

    if attempt(form, record):
        messages.success(request, _("Attendance recorded: %(name)s.") % {"name": form.cleaned_data["member"].full_name})
        return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#attendance")
    return _detail(request, meeting, status=422, attendance_form=form)


@require_POST
def meeting_outcome_task(request, pk):
    meeting = organised_meeting(request, pk)
    form = OutcomeTaskForm(request.POST)
    if attempt(form, lambda: operations.task_from_meeting(request.user, meeting, **form.cleaned_data)):
        messages.success(request, _("The conclusion is now a task to follow up."))
        return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#outcomes")
    return _detail(request, meeting, status=422, task_form=form)


@require_POST
def meeting_outcome_document(request, pk):
    meeting = organised_meeting(request, pk)
    form = OutcomeDocumentForm(request.POST)
    if attempt(form, lambda: operations.document_from_meeting(request.user, meeting, **form.cleaned_data)):
        messages.success(request, _("The document has been registered and linked to the meeting."))
        return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#outcomes")
    return _detail(request, meeting, status=422, document_form=form)


# The agenda --------------------------------------------------------------------------------------------------------


def _offered(visible, attached: set[int], order: str):
    """The latest rows the user sees, and those already attached (one query for the ids)."""
    latest = list(visible.order_by(order, "-id").values_list("pk", flat=True)[:AGENDA_CHOICES])
    return visible.filter(pk__in={*latest, *attached}).order_by(order, "-id")


@require_http_methods(["GET", "POST"])
def meeting_agenda(request, pk):
    meeting = organised_meeting(request, pk)
    agenda = agenda_of(request.user, meeting)
    attached = {d.pk for item in agenda for d in item.documents.all()}
    kwargs = {
        "members": _unit_members(request, meeting),
        "documents": _offered(Document.objects.visible_to(request.user), attached, "-issued_on"),
        "tasks": _offered(Task.objects.visible_to(request.user), {t.pk for i in agenda for t in i.tasks.all()}, "-id"),
    }
    initial = [
        {
            "title": item.title,
            "presenter": item.presenter_id,
            "duration": item.duration,
            "documents": [d.pk for d in item.documents.all()],
            "tasks": [t.pk for t in item.tasks.all()],
        }
        for item in agenda
    ]
    data = request.POST if request.method == "POST" else None
    formset = AgendaFormSet(data, initial=initial, form_kwargs=kwargs, prefix="agenda")
    if data is not None and formset.is_valid():
        items = [form.cleaned_data for form in formset if form.cleaned_data.get("title")]
        try:
            operations.set_agenda(request.user, meeting, items)
        except (ValidationError, PermissionDenied) as error:
            formset_errors = [_refusal(error)]
        else:
            messages.success(request, _("The agenda has been saved."))
            return redirect("meeting_detail", pk=meeting.pk)
    else:
        formset_errors = []
    context = {"meeting": meeting, "formset": formset, "errors": formset_errors}
    return render_page(request, "meetings/meeting_agenda.html", context, status=422 if data is not None else 200)


# Check-in, QR code and calendar ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_check_in(request, pk, token):
    """The page the meeting's QR code opens on a member's phone: one big button."""
    user = request.user
    meeting = Meeting.objects.visible_to(user).filter(pk=pk).first()
    if meeting is None:
        context = {"meeting": None, "error": _("You are not on the list of this meeting; ask its secretary.")}
        return render_page(request, "meetings/meeting_check_in.html", context, status=404)
    error = ""
    form = CheckInForm(request.POST or None, sites=meeting.sites.all())
    if request.method == "POST":
        try:
            site = form.cleaned_data["site"] if form.is_valid() else None
            operations.check_in(user, meeting, token, site=site)
        except ValidationError as refusal:
            error = _refusal(refusal)
        else:
            messages.success(request, _("You are checked in. Have a good meeting."))
            return redirect("meeting_check_in", pk=meeting.pk, token=token)
    invitation = (
        Invitation.objects.filter(meeting=meeting, member_id=user.member_id).first() if user.member_id else None
    )
    context = {"meeting": meeting, "token": token, "invitation": invitation, "error": error, "form": form}
    return render_page(request, "meetings/meeting_check_in.html", context, status=422 if error else 200)


def meeting_qr(request, pk):
    meeting = organised_meeting(request, pk)
    url = request.build_absolute_uri(reverse("meeting_check_in", args=[meeting.pk, meeting.check_in_token]))
    response = HttpResponse(check_in_qr(url), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def meeting_ics(request, pk):
    meeting = visible_meeting(request, pk)
    response = HttpResponse(
        calendar.ics(meeting, cancel=meeting.is_cancelled), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cuoc-hop-{meeting.pk}.ics"'
    return response


# Minutes -----------------------------------------------------------------------------------------------------------


def _minutes_page(request, meeting: Meeting, form=None, status: int = 200, error: str = ""):
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if form is None and minutes is not None:
        form = MinutesForm(initial={"content": minutes.content, "conclusions": minutes.conclusions})
    context = {"meeting": meeting, "minutes": minutes, "form": form, "error": error}
    return render_page(request, "meetings/meeting_minutes.html", context, status=status)


@require_http_methods(["GET", "POST"])
def meeting_minutes(request, pk):
    meeting = organised_meeting(request, pk)
    if request.method == "GET":
        return _minutes_page(request, meeting)
    if request.POST.get("action") == "draft":
        form = MinutesForm()
        perform = lambda: operations.save_minutes(request.user, meeting)  # noqa: E731
    else:
        form = MinutesForm(request.POST)
        perform = lambda: operations.save_minutes(request.user, meeting, **form.cleaned_data)  # noqa: E731
    if request.POST.get("action") == "draft":
        try:
            perform()
        except (ValidationError, PermissionDenied) as refusal:
            return _minutes_page(request, meeting, status=422, error=_refusal(refusal))
    elif not attempt(form, perform):
        return _minutes_page(request, meeting, form=form, status=422)
    messages.success(request, _("The minutes have been saved."))
    return redirect("meeting_minutes", pk=meeting.pk)


@require_POST
def meeting_minutes_approve(request, pk):
    meeting = organised_meeting(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    try:
        if minutes is None:
            raise ValidationError(_("Draft the minutes first."))
        operations.approve_minutes(request.user, minutes)
    except (ValidationError, PermissionDenied) as refusal:
        return _minutes_page(request, meeting, status=422, error=_refusal(refusal))
    messages.success(request, _("The minutes are approved and locked; the meeting is recorded as held."))
    return redirect("meeting_detail", pk=meeting.pk)
