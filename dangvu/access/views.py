from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from dangvu.access.forms import AuditFilterForm
from dangvu.access.models import AuditEntry, PersonalDataView
from dangvu.access.roles import Action
from dangvu.access.scoping import has_any, scope_paths, scope_q
from dangvu.members.models import PERSONAL_FIELDS
from dangvu.units.models import Unit


def visible_audit(user):
    """Audit entries about objects under the user's audit scope."""
    return AuditEntry.objects.filter(scope_q(user, Action.VIEW_AUDIT, "unit_path"))


def audit_log(request):
    if not has_any(request.user, Action.VIEW_AUDIT):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = visible_audit(request.user).select_related("unit")
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
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    personal = scope_paths(request.user, Action.VIEW_PERSONAL)
    for entry in page.object_list:
        shown = personal is None or any(entry.unit_path.startswith(p) for p in personal)
        entry.shown_changes = entry.changes(frozenset() if shown else frozenset(PERSONAL_FIELDS))
    return render(
        request,
        "access/audit_log.html",
        {"page": page, "form": form, "unit": unit, "nav_section": "audit"},
    )


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
