from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from dangvu.access.forms import AuditFilterForm
from dangvu.access.models import AuditEntry, PersonalDataView
from dangvu.access.roles import Action
from dangvu.access.scoping import has_any, scope_paths, scope_q
from dangvu.core.paging import CappedPaginator
from dangvu.members.models import PERSONAL_FIELDS
from dangvu.units.models import Unit
from dangvu.web.exports import Column, xlsx_response


def visible_audit(user):
    """Audit entries about objects under the user's audit scope."""
    return AuditEntry.objects.filter(scope_q(user, Action.VIEW_AUDIT, "unit_path"))


def _audit_entries(request):
    """The filter form, the unit filtered on and the matching entries, newest first: the log and its export share
    this, so they cannot disagree."""
    if not has_any(request.user, Action.VIEW_AUDIT):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = visible_audit(request.user)
    unit = None
    if form.is_valid():
        if form.cleaned_data["unit"]:
            unit = Unit.objects.visible_to(request.user, Action.VIEW_AUDIT).filter(pk=form.cleaned_data["unit"]).first()
            if unit is None:
                raise Http404
            entries = entries.filter(unit_path__startswith=unit.path)
        if form.cleaned_data["user"]:
            entries = entries.filter(actor_name__icontains=form.cleaned_data["user"])
        if form.cleaned_data["object_type"]:
            entries = entries.filter(object_type=form.cleaned_data["object_type"])
    return form, unit, entries


def _with_shown_changes(user, entries):
    """Each entry with `shown_changes`: personal fields masked outside the user's VIEW_PERSONAL scope
    (Nghị định 13/2023/NĐ-CP), as on the page."""
    personal = scope_paths(user, Action.VIEW_PERSONAL)
    for entry in entries:
        shown = personal is None or any(entry.unit_path.startswith(p) for p in personal)
        entry.shown_changes = entry.changes(frozenset() if shown else frozenset(PERSONAL_FIELDS))
        yield entry


def audit_log(request):
    form, unit, entries = _audit_entries(request)
    page = CappedPaginator(entries, 50).get_page(request.GET.get("page"))
    list(_with_shown_changes(request.user, page.object_list))
    return render(
        request,
        "access/audit_log.html",
        {"page": page, "form": form, "unit": unit, "nav_section": "audit"},
    )


def _value_text(value) -> str:
    return "—" if value is None else str(value)


def _changes_text(entry) -> str:
    return "\n".join(
        f"{field}: {_value_text(before)} → {_value_text(after)}" for field, before, after in entry.shown_changes
    )


def audit_log_export(request):
    """Every entry the log's filters match, newest first, with the same masking of personal data as the page."""
    _form, _unit, entries = _audit_entries(request)
    columns = [
        Column(_("Time"), lambda e: e.at),
        Column(_("User"), lambda e: e.actor_name if e.actor_id else _("system")),
        Column(_("Source"), lambda e: e.get_source_display()),
        Column(_("Action"), lambda e: e.action_label),
        Column(_("Object"), lambda e: e.object_repr),
        Column(_("Changes"), _changes_text),
        Column(_("Reason"), lambda e: e.reason),
    ]
    rows = _with_shown_changes(request.user, entries.iterator(chunk_size=2000))
    return xlsx_response("nhat-ky", _("Audit log"), columns, rows)


def personal_data_log(request):
    """Who was shown members' personal data, when and where (Nghị định 13/2023/NĐ-CP, Điều 27)."""
    paths = scope_paths(request.user, Action.VIEW_AUDIT)
    if paths == []:
        raise Http404
    views = PersonalDataView.objects.select_related("user", "member", "member__unit")
    if paths is not None:
        # Views of one member fall under the member's unit; bulk views (exports) only under the whole tree.
        views = views.filter(scope_q(request.user, Action.VIEW_AUDIT, "member__unit__path"))
    query = request.GET.get("user", "").strip()
    if query:
        views = views.filter(user__username__icontains=query)
    page = Paginator(views, 50).get_page(request.GET.get("page"))
    return render(request, "access/personal_data_log.html", {"page": page, "q": query, "nav_section": "audit"})
