"""Pages of official documents: the list of drafts and issued documents of the units in scope (with an XLSX
export), drafting the quarterly report or a meeting's invitation, minutes or notice of conclusions, editing the
sections, the preview in the party layout (print-friendly), issuing (which gives the number), DOCX and PDF.

Reads go through `OfficialDraft.objects.visible_to`; a draft outside the user's scope answers 404. Writes go
through `operations`.
"""

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.writer.excel import save_workbook

from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any, today
from dangvu.awards.models import Award
from dangvu.documents.models import Document
from dangvu.meetings.models import Meeting
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.publishing import drafting, layout, operations, pdf
from dangvu.publishing.models import DraftState, OfficialDraft
from dangvu.publishing.official_forms import DraftFilterForm, DraftForm, FromMeetingForm, IssueForm, QuarterlyReportForm
from dangvu.tracking.pages import add_errors, attempt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 25


def _render(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"nav_section": "publishing", **context}, status=status)


def _require_view(user) -> None:
    if not has_any(user, Action.VIEW):
        raise Http404


def _visible(request, pk) -> OfficialDraft:
    drafts = OfficialDraft.objects.visible_to(request.user).select_related(
        "unit", "unit__parent", "document", "meeting"
    )
    return get_object_or_404(drafts, pk=pk)


def _editable(request, pk) -> OfficialDraft:
    draft = _visible(request, pk)
    if not can(request.user, Action.CHANGE, draft.unit):
        raise Http404
    return draft


# The list -------------------------------------------------------------------------------------------------------------


def _filtered(request):
    form = DraftFilterForm(request.GET or None, user=request.user)
    drafts = OfficialDraft.objects.visible_to(request.user).select_related("unit", "document")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            drafts = drafts.filter(unit__path__startswith=data["unit"].path)
        if data["kind"]:
            drafts = drafts.filter(kind=data["kind"])
        if data["state"]:
            drafts = drafts.filter(state=data["state"])
        if data["year"]:
            year = data["year"]
            drafts = drafts.filter(Q(issued_on__year=year) | Q(issued_on__isnull=True, period__startswith=str(year)))
    return form, drafts


def official_list(request):
    _require_view(request.user)
    form, drafts = _filtered(request)
    page = Paginator(drafts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_draft": has_any(request.user, Action.CHANGE),
        "can_export": has_any(request.user, Action.EXPORT),
    }
    return _render(request, "publishing/official_list.html", context)


def official_export(request):
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    _form, drafts = _filtered(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Documents"))
    sheet.append([_("Number"), _("Issued on"), _("Kind"), _("Subject"), _("Issuing unit"), _("State"), _("Period")])
    for draft in drafts:
        sheet.append(
            [
                draft.document.number_symbol if draft.document_id else "",
                draft.issued_on.strftime("%d/%m/%Y") if draft.issued_on else "",
                draft.get_kind_display(),
                draft.subject,
                draft.unit.name,
                draft.get_state_display(),
                draft.period,
            ]
        )
    out = BytesIO()
    save_workbook(book, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="van-ban.xlsx"'
    return response


# Drafting -------------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def official_quarterly_new(request):
    if not has_any(request.user, Action.CHANGE):
        raise Http404
    data = request.POST if request.method == "POST" else None
    initial = {}
    if request.GET.get("quarter"):
        initial["quarter"] = request.GET["quarter"]
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = QuarterlyReportForm(data, initial=initial, user=request.user)
    created = []

    def perform():
        fields = form.cleaned_data
        created.append(operations.draft_quarterly_report(request.user, fields["unit"], fields["quarter"]))

    if data is not None and attempt(form, perform):
        messages.success(request, _("The report has been drafted from the data. Complete the narrative sections."))
        return redirect("official_edit", pk=created[0].pk)
    return _render(request, "publishing/official_quarterly_form.html", {"form": form}, status=422 if data else 200)


@require_http_methods(["GET", "POST"])
def official_from_meeting(request, meeting_id):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("unit"), pk=meeting_id)
    if not can(request.user, Action.CHANGE, meeting.unit):
        raise Http404
    data = request.POST if request.method == "POST" else None
    initial = {"kind": request.GET.get("kind", "invitation")}
    form = FromMeetingForm(data, initial=initial)
    created = []

    def perform():
        created.append(operations.draft_from_meeting(request.user, meeting, form.cleaned_data["kind"]))

    if data is not None and attempt(form, perform):
        messages.success(request, _("The document has been drafted from the meeting."))
        return redirect("official_edit", pk=created[0].pk)
    context = {"form": form, "meeting": meeting}
    return _render(request, "publishing/official_meeting_form.html", context, status=422 if data else 200)


@require_POST
def official_from_award_decision(request, document_id):
    """Draft the decision with its list from the awards already granted under a registered decision (a copy in
    the party layout); the certificates stay in awards (awards.certificates)."""
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=document_id)
    awards = list(
        Award.objects.visible_to(request.user)
        .filter(decision=document)
        .select_related(
            "award_type",
            "award_type__grantor_unit",
            "member",
            "member__unit",
            "member__unit__parent",
            "unit",
            "unit__parent",
        )
        .order_by("certificate_number", "id")
    )
    if not awards or awards[0].award_type.grantor_unit is None:
        raise Http404
    unit = awards[0].award_type.grantor_unit
    if not can(request.user, Action.CHANGE, unit):
        raise Http404
    existing = OfficialDraft.objects.visible_to(request.user).filter(document=document).first()
    if existing is not None:
        return redirect("official_preview", pk=existing.pk)
    try:
        draft = operations.draft_award_decision(request.user, unit, awards, decision=document)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("official_list")
    messages.success(request, _("The decision has been drafted with its list."))
    return redirect("official_edit", pk=draft.pk)


# Editing, preview, issuing ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def official_edit(request, pk):
    draft = _editable(request, pk)
    if draft.state != DraftState.DRAFT:
        return redirect("official_preview", pk=draft.pk)
    data = request.POST if request.method == "POST" else None
    form = DraftForm(data, draft=draft)
    if data is not None and form.is_valid():
        try:
            operations.update_draft(
                request.user,
                draft,
                form.cleaned_data["version"],
                sections=form.section_texts(),
                **form.field_values(),
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, error)
            stale = getattr(error, "code", "") == "stale"
            return _render(
                request, "publishing/official_edit.html", {"form": form, "draft": draft}, status=409 if stale else 422
            )
        messages.success(request, _("Saved."))
        if "preview" in request.POST:
            return redirect("official_preview", pk=draft.pk)
        return redirect("official_edit", pk=draft.pk)
    return _render(
        request, "publishing/official_edit.html", {"form": form, "draft": draft}, status=422 if data else 200
    )


def official_preview(request, pk):
    draft = _visible(request, pk)
    context = {
        "draft": draft,
        "paper_html": layout.render_html(drafting.paper(draft)),
        "may_edit": can(request.user, Action.CHANGE, draft.unit) and draft.state == DraftState.DRAFT,
        "pdf_available": pdf.available(),
        "issue_form": IssueForm(initial={"version": draft.version, "issued_on": today()}),
    }
    return _render(request, "publishing/official_preview.html", context)


@require_POST
def official_issue(request, pk):
    draft = _editable(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("official_preview", pk=draft.pk)
    try:
        issued = operations.issue(
            request.user, draft, version=form.cleaned_data["version"], on=form.cleaned_data["issued_on"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("official_preview", pk=draft.pk)
    messages.success(request, _("Issued as number %(number)s.") % {"number": issued.document.number_symbol})
    return redirect("official_preview", pk=draft.pk)


def official_docx(request, pk):
    draft = _visible(request, pk)
    content = layout.build_docx(drafting.paper(draft))
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{drafting.docx_filename(draft)}"'
    return response


def official_pdf(request, pk):
    draft = _visible(request, pk)
    if not pdf.available():
        raise Http404
    try:
        content = pdf.docx_to_pdf(layout.build_docx(drafting.paper(draft)))
    except pdf.ConversionError as error:
        return HttpResponse(_("The PDF could not be made: %(error)s") % {"error": error}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{drafting.docx_filename(draft, "pdf")}"'
    return response
