"""Member pages: the scoped list and its export, the record page, the forms and the import."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, can_member, has_any, member_scope_q, scope_paths, today
from dangvu.access.views import visible_audit
from dangvu.awards.presentation import member_awards
from dangvu.core.paging import CappedPaginator
from dangvu.members import exporting, operations
from dangvu.members.filters import MemberFilterForm, filter_members
from dangvu.members.forms import AdmitForm, EditForm, EventForm, ImportForm, add_operation_errors
from dangvu.members.importing import ImportFileError, ImportUpload, plan_import, run_import
from dangvu.members.models import PERSONAL_FIELDS, Member
from dangvu.members.presentation import PersonalScope, member_history, profile_fields
from dangvu.tracking import ratings
from dangvu.tracking.models import Assignment


def _filtered(request, action: str = Action.VIEW):
    form = MemberFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        if "unit" in form.errors:
            raise Http404
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    else:
        data = form.cleaned_data
    members = filter_members(Member.objects.visible_to(request.user, action), data, request.user, today())
    return form, data, members


@vary_on_headers("HX-Request")
def member_list(request):
    form, data, members = _filtered(request)
    size = data.get("size") or settings.PAGE_SIZES[0]
    page = CappedPaginator(members.select_related("unit"), size).get_page(request.GET.get("page"))
    personal = PersonalScope(request.user)
    for member in page.object_list:
        member.birth_year_shown = personal.covers(member)
    user = request.user
    context = {
        "form": form,
        "page": page,
        "show_birth_year": personal.anywhere,
        "can_admit": has_any(user, Action.CHANGE),
        "can_import": has_any(user, Action.IMPORT),
        "can_export": has_any(user, Action.EXPORT),
        "query": request.GET.urlencode(),
        "nav_section": "members",
    }
    template = "members/member_list.html#results" if request.htmx else "members/member_list.html"
    return render(request, template, context)


def member_export(request):
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    _form, _data, members = _filtered(request, Action.EXPORT)
    members = members.select_related("unit")
    # Personal columns only when every exported member is within the user's personal-data scope.
    include_personal = (
        scope_paths(request.user, Action.VIEW_PERSONAL) is None
        or not members.exclude(member_scope_q(request.user, Action.VIEW_PERSONAL)).exists()
    )
    rows = list(members)
    if include_personal and rows:
        operations.log_personal_data_view(request.user, "export", count=len(rows))
    response = HttpResponse(exporting.export_members(rows, include_personal), content_type=exporting.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="dang-vien-{today():%Y%m%d}.xlsx"'
    return response


def member_detail(request, pk):
    user = request.user
    member = get_object_or_404(Member.objects.visible_to(user).select_related("unit"), pk=pk)
    shown = can_member(user, Action.VIEW_PERSONAL, member)
    if shown:
        operations.log_personal_data_view(user, "member page", member=member)
    context = {
        "member": member,
        "fields": profile_fields(member, shown),
        "can_change": can(user, Action.CHANGE, member.unit),
        "can_view_unit": can(user, Action.VIEW, member.unit),
        "nav_section": "members",
        "rating": ratings.panel(
            ratings.person_assignments(member, Assignment.objects.visible_to(user)),
            request.GET.get("rating_year"),
            today(),
        ),
        "awards_record": member_awards(member, user),
        **member_history(member, today()),
    }
    if can(user, Action.VIEW_AUDIT, member.unit):
        entries = list(visible_audit(user).filter(object_type="members.member", object_id=str(member.pk))[:100])
        hidden = frozenset() if shown else frozenset(PERSONAL_FIELDS)
        for entry in entries:
            entry.shown_changes = entry.changes(hidden)
        context["audit_entries"] = entries
    return render(request, "members/member_detail.html", context)


def _form_response(request, template: str, context: dict, form) -> HttpResponse:
    status = 422 if form.is_bound else 200
    return render(request, template, {**context, "form": form, "nav_section": "members"}, status=status)


@require_http_methods(["GET", "POST"])
def member_admit(request):
    if not has_any(request.user, Action.CHANGE):
        raise Http404
    form = AdmitForm(request.POST or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = operations.admit_member(
                request.user,
                unit=data["unit"],
                admitted_on=data["admitted_on"],
                confirmed_on=data["confirmed_on"],
                decision=data["decision"],
                **form.profile(),
            )
        except ValidationError as error:
            add_operation_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("%(name)s has been admitted.") % {"name": member.full_name})
            return redirect("member_detail", pk=member.pk)
    return _form_response(request, "members/member_form.html", {"title": _("Admit a member")}, form)


@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = get_object_or_404(Member.objects.visible_to(request.user, Action.CHANGE).select_related("unit"), pk=pk)
    initial = {name: getattr(member, name) for name in operations.PROFILE_FIELDS}
    initial["state"] = audit.state_token(member)
    form = EditForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            operations.update_member(
                request.user,
                member,
                reason=form.cleaned_data["reason"],
                expected_state=form.cleaned_data["state"] or None,
                **form.profile(),
            )
        except ValidationError as error:
            add_operation_errors(form, error)
        else:
            messages.success(request, _("The record has been saved."))
            return redirect("member_detail", pk=member.pk)
    context = {"title": _("Edit the record"), "member": member}
    return _form_response(request, "members/member_form.html", context, form)


@require_http_methods(["GET", "POST"])
def member_event(request, pk):
    member = get_object_or_404(Member.objects.visible_to(request.user, Action.CHANGE).select_related("unit"), pk=pk)
    form = EventForm(request.POST or None, user=request.user, member=member)
    if form.is_valid():
        try:
            operations.record_event(request.user, member, **form.cleaned_data)
        except ValidationError as error:
            add_operation_errors(form, error)
        except PermissionDenied:
            form.add_error("unit", _("You may not transfer members to that cell."))
        else:
            messages.success(request, _("The event has been recorded."))
            return redirect("member_detail", pk=member.pk)
    context = {"title": _("Record an event"), "member": member}
    return _form_response(request, "members/member_form.html", context, form)


def import_template(request):
    if not has_any(request.user, Action.IMPORT):
        raise Http404
    response = HttpResponse(exporting.import_template(), content_type=exporting.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def member_import(request):
    """Upload → dry run (counts and every row error) → confirm → all-or-nothing import."""
    if not has_any(request.user, Action.IMPORT):
        raise Http404
    upload = ImportUpload(request.session)
    context = {"nav_section": "members", "form": ImportForm()}
    if request.method == "GET":
        upload.discard()
        return render(request, "members/member_import.html", context)
    if request.POST.get("confirm"):
        return _confirm_import(request, upload, context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "members/member_import.html", context, status=422)
    upload.keep(form.cleaned_data["file"])
    return _dry_run(request, upload, context)


def _plan(request, upload: ImportUpload, context: dict):
    try:
        with upload.open() as file:
            return plan_import(request.user, file)
    except ImportFileError as error:
        upload.discard()
        context["form"].add_error(None, str(error))
        return None


def _dry_run(request, upload: ImportUpload, context: dict) -> HttpResponse:
    plan = _plan(request, upload, context)
    if plan is None:
        return render(request, "members/member_import.html", context, status=422)
    if plan.errors or not plan.has_changes:
        upload.discard()
    context.update({"plan": plan, "filename": upload.filename})
    return render(request, "members/member_import.html", context)


def _confirm_import(request, upload: ImportUpload, context: dict) -> HttpResponse:
    if not upload.exists():
        messages.warning(request, _("The uploaded file is no longer available: upload it again."))
        return redirect("member_import")
    plan = _plan(request, upload, context)
    if plan is None or plan.errors:
        # The data changed since the dry run: show the new errors, import nothing.
        upload.discard()
        context.update({"plan": plan, "filename": upload.filename})
        return render(request, "members/member_import.html", context, status=422)
    run_import(request.user, plan, upload.filename)
    upload.discard()
    messages.success(
        request,
        _("Import done: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {"created": len(plan.to_create), "updated": len(plan.to_update), "unchanged": plan.unchanged},
    )
    return redirect("member_list")
