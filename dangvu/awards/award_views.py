"""Pages of emulation and commendation: the awards granted (with their certificates and the list of each decision),
award types, candidates from the eligibility engine, nominations and their review, and granting.

Every read goes through `visible_to` (what is out of scope is a 404); every write goes through `awards.awarding`,
whose refusals go back onto the page with status 422 and change nothing.
"""

from collections import Counter
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.writer.excel import save_workbook

from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any, home_unit
from dangvu.awards import awarding, certificates, eligibility
from dangvu.awards.award_forms import AwardTypeForm, DecisionForm, FilterForm, NominationForm, year_choices
from dangvu.awards.models import Award, AwardType, Nomination, NominationStatus
from dangvu.awards.rules import ABBREVIATIONS, Level
from dangvu.documents.models import Document
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.members.models import Member
from dangvu.tracking.dashboard import Column, _sheet
from dangvu.tracking.forms import indented_units
from dangvu.units.choices import walk_choices
from dangvu.units.models import CELL_KINDS, Unit
from dangvu.web.exports import xlsx_response

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOMINATION_BADGES = {
    NominationStatus.PROPOSED: "exempt",
    NominationStatus.REVIEWED: "probationary",
    NominationStatus.GRANTED: "full",
    NominationStatus.NOT_GRANTED: "closed",
}


def render_page(request, template: str, context: dict, status: int = 200):
    context = {"nav_section": "awards", "nomination_badges": NOMINATION_BADGES, **context}
    return render(request, template, context, status=status)


def _require_view(user) -> None:
    if not has_any(user, Action.VIEW):
        raise Http404


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or _("You may not do this.")
    return " ".join(error.messages)


def _filters(request) -> dict:
    form = FilterForm(request.GET)
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors and v not in (None, "")}


def _visible_unit(user, pk) -> Unit | None:
    return Unit.objects.visible_to(user).filter(pk=pk).first() if pk else None


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _picked(request, user) -> tuple[list[Member], list[Unit]]:
    """The recipients ticked on a page: "m<member id>" / "u<unit id>", each one the user may see."""
    member_ids, unit_ids = [], []
    for value in request.POST.getlist("pick"):
        if value[:1] == "m" and value[1:].isdigit():
            member_ids.append(int(value[1:]))
        elif value[:1] == "u" and value[1:].isdigit():
            unit_ids.append(int(value[1:]))
    members = list(Member.objects.visible_to(user).filter(pk__in=member_ids).select_related("unit"))
    units = list(Unit.objects.visible_to(user).filter(pk__in=unit_ids))
    return members, units


# The awards granted -------------------------------------------------------------------------------------------------


def _kind_noun(kind: str) -> str:
    return "cell" if kind in CELL_KINDS else "committee"


def _summary(awards: list[Award]) -> list[dict]:
    """Per award type: how many members, party committees and cells (e.g. "2 đảng bộ, 1 chi bộ")."""
    rows: dict[int, dict] = {}
    for award in awards:
        row = rows.setdefault(award.award_type_id, {"award_type": award.award_type, "counts": Counter(), "total": 0})
        row["total"] += 1
        row["counts"]["member" if award.member_id else _kind_noun(award.unit.kind)] += 1
    for row in rows.values():
        parts = []
        if row["counts"]["committee"]:
            parts.append(_("%(count)s party committee(s)") % {"count": row["counts"]["committee"]})
        if row["counts"]["cell"]:
            parts.append(_("%(count)s cell(s)") % {"count": row["counts"]["cell"]})
        if row["counts"]["member"]:
            parts.append(_("%(count)s member(s)") % {"count": row["counts"]["member"]})
        row["text"] = ", ".join(parts)
    return list(rows.values())


def _awards(request):
    user = request.user
    _require_view(user)
    found = _filters(request)
    awards = Award.objects.visible_to(user).select_related(
        "award_type", "member", "member__unit", "unit", "decision", "decision__issuer_unit"
    )
    year = found.get("year")
    if year:
        awards = awards.filter(year=year)
    if found.get("type"):
        awards = awards.filter(award_type_id=found["type"])
    unit = _visible_unit(user, found.get("unit"))
    if unit is not None:
        awards = awards.filter(member__unit__path__startswith=unit.path) | awards.filter(
            unit__path__startswith=unit.path
        )
    return awards.order_by("-year", "award_type__name", "decision_id", "certificate_number", "id"), year, unit, found


def award_list(request):
    user = request.user
    awards, year, unit, found = _awards(request)
    awards = list(awards)
    types = AwardType.objects.select_related("grantor_unit").order_by("name")
    context = {
        "awards": awards,
        "summary": _summary(awards),
        "year": year,
        "unit": unit,
        "selected_type": found.get("type"),
        "types": types,
        "years": year_choices(),
        "units": walk_choices(user, unit, Unit.objects.visible_to(user).open().exclude(kind__in=CELL_KINDS)),
        "can_grant": has_any(user, Action.RATE),
        "can_manage_types": has_any(user, Action.CHANGE),
        "can_export": has_any(user, Action.EXPORT),
        "query": request.GET.urlencode(),
    }
    return render_page(request, "awards/award_list.html", context)


def _recipient_unit(award: Award) -> str:
    if award.member_id:
        return award.member.unit.name if award.member.unit_id else ""
    return award.unit.parent.name if award.unit.parent_id else ""


def award_export(request):
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    awards, year, _unit, _found = _awards(request)
    columns = [
        Column(_("Year"), lambda a: a.year),
        Column(_("Award"), lambda a: a.award_type.name),
        Column(_("Form"), lambda a: a.award_type.get_form_display()),
        Column(_("Recipient"), lambda a: a.member.full_name if a.member_id else a.unit.name),
        Column(_("Unit"), _recipient_unit),
        Column(_("Citation"), lambda a: a.citation),
        Column(_("Decision"), lambda a: certificates.decision_line(a.decision)),
        Column(_("Certificate number"), lambda a: a.certificate_number),
    ]
    book = Workbook(write_only=True)
    _sheet(book, _("Awards"), columns, awards.select_related("unit__parent"))
    out = BytesIO()
    save_workbook(book, out)
    return _attachment(out.getvalue(), XLSX_CONTENT_TYPE, f"khen-thuong-{year or 'tat-ca'}.xlsx")


# Award types --------------------------------------------------------------------------------------------------------


def _require_types(user) -> None:
    if not has_any(user, Action.CHANGE):
        raise Http404


def _award_types(request):
    """The award types the list shows, in its order: the page and its export share this."""
    _require_types(request.user)
    return AwardType.objects.select_related("grantor_unit").order_by("grantor_unit__path", "form", "name")


def award_type_list(request):
    user = request.user
    types = _award_types(request)
    context = {
        "types": [(t, can(user, Action.CHANGE, t.grantor_unit)) for t in types],
        "this_year": timezone.localdate().year,
        "can_export": has_any(user, Action.EXPORT),
    }
    return render_page(request, "awards/award_type_list.html", context)


def _criterion_text(award_type: AwardType) -> str:
    if award_type.criterion:
        return _("HTXSNV %(years)s year(s) in a row") % {"years": award_type.criterion_years}
    return _("Nominations only")


def award_type_list_export(request):
    types = _award_types(request)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    columns = [
        Column(_("Name"), lambda t: t.name),
        Column(_("Form"), lambda t: t.get_form_display()),
        Column(_("Granted by"), lambda t: t.grantor),
        Column(_("Grantor unit"), lambda t: t.grantor_unit.name),
        Column(_("Awarded to"), lambda t: t.get_recipients_display()),
        Column(_("Criterion"), _criterion_text),
    ]
    return xlsx_response("loai-khen-thuong", _("Award types"), columns, types)


def _type_form_page(request, form, award_type):
    title = _("Edit the award type") if award_type else _("New award type")
    context = {"form": form, "award_type": award_type, "title": title}
    return render_page(request, "awards/award_type_form.html", context, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def award_type_create(request):
    user = request.user
    _require_types(user)
    form = AwardTypeForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        try:
            awarding.create_award_type(user, **form.operation_fields())
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("Award type saved."))
            return redirect("award_type_list")
    return _type_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def award_type_edit(request, pk: int):
    user = request.user
    _require_types(user)
    award_type = get_object_or_404(AwardType, pk=pk)
    if not can(user, Action.CHANGE, award_type.grantor_unit):
        raise Http404
    initial = {
        "name": award_type.name,
        "form": award_type.form,
        "grantor_unit": award_type.grantor_unit_id,
        "grantor": award_type.grantor,
        "recipients": award_type.recipients,
        "criterion": award_type.criterion,
        "criterion_years": award_type.criterion_years,
        "theme": award_type.theme,
        "description": award_type.description,
    }
    form = AwardTypeForm(request.POST if request.method == "POST" else None, user=user, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            awarding.update_award_type(user, award_type, **form.operation_fields())
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("Award type saved."))
            return redirect("award_type_list")
    return _type_form_page(request, form, award_type)


# Candidates ---------------------------------------------------------------------------------------------------------


def _within(request, award_type: AwardType) -> Unit:
    """The unit whose candidates are shown: ?unit= when visible, else the grantor when visible, else the user's home
    unit (a cell secretary sees the candidates of their own cell)."""
    user = request.user
    unit = _visible_unit(user, request.GET.get("unit") if (request.GET.get("unit") or "").isdigit() else None)
    if unit is not None:
        return unit
    if can(user, Action.VIEW, award_type.grantor_unit):
        return award_type.grantor_unit
    unit = home_unit(user)
    if unit is None or not can(user, Action.VIEW, unit):
        raise Http404
    return unit


def _evidence_rows(candidate, years) -> list[dict]:
    by_year = {r.year: r for r in candidate.evidence}
    return [{"year": y, "rating": by_year.get(y)} for y in years]


def _candidates_page(request, award_type: AwardType, year: int, decision_form=None, status: int = 200):
    user = request.user
    within = _within(request, award_type)
    found = eligibility.candidates(award_type, year, within=within)
    years = list(eligibility.years_of(award_type, year))
    rows = [
        {
            "candidate": c,
            "evidence": _evidence_rows(c, years),
            "badge": NOMINATION_BADGES.get(c.nomination.status, "") if c.nomination else "",
        }
        for c in found
    ]
    can_grant = can(user, Action.RATE, award_type.grantor_unit)
    rate_units = indented_units(
        Unit.objects.visible_to(user, Action.RATE).open().filter(path__startswith=award_type.grantor_unit.path)
    )
    context = {
        "award_type": award_type,
        "year": year,
        "years": years,
        "rows": rows,
        "within": within,
        "units": walk_choices(
            user, within, Unit.objects.visible_to(user).open().filter(path__startswith=award_type.grantor_unit.path)
        ),
        "can_grant": can_grant,
        "rate_units": rate_units,
        "excellent": ABBREVIATIONS[Level.EXCELLENT],
        "abbreviations": {level.value: level.abbreviation for level in Level},
        "decision_form": decision_form
        or (DecisionForm(user=user, grantor=award_type.grantor_unit) if can_grant else None),
        "open_count": sum(1 for c in found if c.awarded is None),
        "year_options": year_choices(),
    }
    return render_page(request, "awards/award_candidates.html", context, status=status)


def award_candidates(request, pk: int, year: int):
    _require_view(request.user)
    award_type = get_object_or_404(AwardType.objects.select_related("grantor_unit"), pk=pk)
    return _candidates_page(request, award_type, year)


# Nominations --------------------------------------------------------------------------------------------------------


def _nominations(request):
    user = request.user
    _require_view(user)
    found = _filters(request)
    nominations = Nomination.objects.visible_to(user).select_related(
        "award_type", "member", "member__unit", "unit", "proposing_unit", "award"
    )
    if found.get("year"):
        nominations = nominations.filter(year=found["year"])
    if found.get("type"):
        nominations = nominations.filter(award_type_id=found["type"])
    if found.get("status") in NominationStatus.values:
        nominations = nominations.filter(status=found["status"])
    return nominations.order_by("-year", "award_type__name", "proposing_unit__path", "id"), found


def nomination_list(request):
    user = request.user
    nominations, found = _nominations(request)
    context = {
        "nominations": nominations,
        "found": found,
        "types": AwardType.objects.order_by("name"),
        "years": year_choices(),
        "statuses": NominationStatus.choices,
        "can_nominate": has_any(user, Action.RATE),
        "can_export": has_any(user, Action.EXPORT),
        "query": request.GET.urlencode(),
    }
    return render_page(request, "awards/nomination_list.html", context)


def _votes_text(nomination: Nomination) -> str:
    return f"{nomination.votes_for}/{nomination.voters}" if nomination.voters else ""


def nomination_list_export(request):
    """Every nomination the list's filters match, in its order: names and units only, no personal data."""
    nominations, _found = _nominations(request)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    columns = [
        Column(_("Nominee"), lambda n: n.member.full_name if n.member_id else n.unit.name),
        Column(_("Unit"), lambda n: n.member.unit.name if n.member_id and n.member.unit_id else ""),
        Column(_("Award"), lambda n: n.award_type.name),
        Column(_("Year"), lambda n: n.year),
        Column(_("Proposed by"), lambda n: n.proposing_unit.name),
        Column(_("Achievements"), lambda n: n.achievements),
        Column(_("Votes"), _votes_text),
        Column(_("Status"), lambda n: n.get_status_display()),
    ]
    year = _found.get("year")
    return xlsx_response(f"de-nghi-khen-thuong-{year or 'tat-ca'}", _("Nominations"), columns, nominations)


@require_http_methods(["GET", "POST"])
def nomination_create(request):
    """One nomination through the form, or several ticked on the candidates page ("pick")."""
    user = request.user
    if not has_any(user, Action.RATE):
        raise Http404
    if request.method == "POST" and "pick" in request.POST:
        award_type = get_object_or_404(AwardType, pk=request.POST.get("award_type") or 0)
        year = int(request.POST.get("year") or 0)
        proposing = get_object_or_404(
            Unit.objects.visible_to(user, Action.RATE), pk=request.POST.get("proposing_unit") or 0
        )
        members, units = _picked(request, user)
        try:
            made = awarding.nominate_many(
                user,
                award_type,
                year,
                proposing,
                members=members,
                units=units,
                achievements=request.POST.get("achievements", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal(error))
            url = reverse("award_candidates", args=[award_type.pk, year])
            return redirect(f"{url}?unit={request.POST.get('unit', '')}")
        messages.success(request, _("%(count)s nomination(s) recorded.") % {"count": len(made)})
        return redirect(f"{reverse('nomination_list')}?year={year}&type={award_type.pk}")

    initial = {"year": request.GET.get("year"), "award_type": request.GET.get("type")}
    form = NominationForm(request.POST if request.method == "POST" else None, user=user, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        proposing = Unit.objects.visible_to(user, Action.RATE).filter(pk=data["proposing_unit"]).first()
        unit = _visible_unit(user, data.get("unit"))
        try:
            if proposing is None:
                raise PermissionDenied
            awarding.nominate(
                user,
                data["award_type"],
                data["year"],
                proposing,
                member=data.get("member"),
                unit=None if data.get("member") else unit,
                achievements=data.get("achievements", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("%(count)s nomination(s) recorded.") % {"count": 1})
            return redirect(f"{reverse('nomination_list')}?year={data['year']}&type={data['award_type'].pk}")
    context = {"form": form, "title": _("New nomination")}
    return render_page(request, "awards/nomination_form.html", context, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def nomination_review(request):
    """The review of nominations (bình xét): votes for, against and voters present for each nomination."""
    user = request.user
    if not has_any(user, Action.RATE):
        raise Http404
    nominations, found = _nominations(request)
    nominations = [
        n for n in nominations.exclude(status=NominationStatus.GRANTED) if can(user, Action.RATE, n.proposing_unit)
    ]
    error = ""
    status = 200
    if request.method == "POST":
        votes = {}
        for nomination in nominations:
            raw = [request.POST.get(f"{name}_{nomination.pk}", "").strip() for name in ("for", "against", "voters")]
            if not any(raw):
                continue
            if not all(v.isdigit() for v in raw):
                error = _("%(nominee)s: enter the votes for, against and the voters present as whole numbers.") % {
                    "nominee": nomination.nominee
                }
                break
            votes[nomination.pk] = tuple(int(v) for v in raw)
        if not error:
            try:
                reviewed = awarding.review_nominations(user, nominations, votes)
            except (ValidationError, PermissionDenied) as refusal:
                error = _refusal(refusal)
            else:
                passed = sum(1 for n in reviewed if n.status == NominationStatus.REVIEWED)
                messages.success(
                    request,
                    _("Votes recorded: %(passed)s of %(count)s nomination(s) passed.")
                    % {"passed": passed, "count": len(reviewed)},
                )
                return redirect(f"{reverse('nomination_list')}?{request.GET.urlencode()}")
        status = 422
    context = {
        "nominations": nominations,
        "found": found,
        "types": AwardType.objects.order_by("name"),
        "years": year_choices(),
        "error": error,
        "posted": request.POST,
        "query": request.GET.urlencode(),
    }
    return render_page(request, "awards/nomination_review.html", context, status=status)


# Granting -----------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def award_grant(request):
    """Grant an award type for a year to the reviewed nominations or eligible candidates ticked, by a decision picked
    from the registry or registered here."""
    user = request.user
    if not has_any(user, Action.RATE):
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    award_type = AwardType.objects.select_related("grantor_unit").filter(pk=source.get("type") or 0).first()
    year_raw = source.get("year") or ""
    year = int(year_raw) if year_raw.isdigit() else timezone.localdate().year
    if award_type is None:
        context = {"types": AwardType.objects.order_by("name"), "years": year_choices(), "year": year}
        return render_page(request, "awards/award_grant.html", context)
    if not can(user, Action.RATE, award_type.grantor_unit):
        raise Http404
    form = DecisionForm(request.POST if request.method == "POST" else None, user=user, grantor=award_type.grantor_unit)
    if request.method == "POST":
        members, units = _picked(request, user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                awards = awarding.grant_with_decision(
                    user,
                    award_type,
                    year,
                    decision=data.get("decision"),
                    new_decision=form.new_decision(award_type.grantor_unit),
                    members=members,
                    units=units,
                    citation=data.get("citation") or "",
                    presented_at=data.get("presented_at"),
                )
            except (ValidationError, PermissionDenied) as refusal:
                if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
                    for name, found in refusal.message_dict.items():
                        form.add_error(name if name in form.fields else None, found)
                else:
                    form.add_error(None, _refusal(refusal))
            else:
                messages.success(request, _("%(count)s award(s) granted.") % {"count": len(awards)})
                return redirect("award_decision", document_id=awards[0].decision_id)
        if request.POST.get("from") == "candidates":
            return _candidates_page(request, award_type, year, decision_form=form, status=422)
    nominations = (
        Nomination.objects.visible_to(user)
        .filter(award_type=award_type, year=year, status=NominationStatus.REVIEWED)
        .select_related("member", "member__unit", "unit", "proposing_unit")
    )
    within = award_type.grantor_unit
    found = [c for c in eligibility.candidates(award_type, year, within=within) if c.awarded is None]
    nominated = {n.member_id or n.unit_id for n in nominations}
    context = {
        "award_type": award_type,
        "year": year,
        "nominations": nominations,
        "candidates": [c for c in found if c.subject.pk not in nominated],
        "form": form,
        "picked": set(request.POST.getlist("pick")),
        "is_post": request.method == "POST",
    }
    return render_page(request, "awards/award_grant.html", context, status=422 if request.method == "POST" else 200)


# A decision and its certificates ------------------------------------------------------------------------------------


def _decision_awards(request, document_id: int):
    user = request.user
    _require_view(user)
    decision = get_object_or_404(Document.objects.visible_to(user).select_related("issuer_unit"), pk=document_id)
    awards = list(
        Award.objects.visible_to(user)
        .filter(decision=decision)
        .select_related(
            "award_type", "member", "member__unit", "member__unit__parent", "unit", "unit__parent", "presented_at"
        )
        .order_by("certificate_number", "id")
    )
    if not awards:
        raise Http404
    return decision, awards


def award_decision(request, document_id: int):
    decision, awards = _decision_awards(request, document_id)
    context = {
        "decision": decision,
        "awards": awards,
        "decision_line": certificates.decision_line(decision),
        "summary": _summary(awards),
        "rows": zip(awards, certificates.list_rows(awards), strict=True),
        "can_draft_document": decision.issuer_unit is not None
        and can(request.user, Action.CHANGE, decision.issuer_unit),
    }
    return render_page(request, "awards/award_decision.html", context)


def _slug(decision: Document) -> str:
    return f"{decision.number}-{decision.issued_on:%Y}" if decision.issued_on else decision.number


def award_decision_docx(request, document_id: int):
    decision, awards = _decision_awards(request, document_id)
    content = certificates.decision_list_docx(decision, awards)
    return _attachment(content, DOCX_CONTENT_TYPE, f"danh-sach-khen-thuong-{_slug(decision)}.docx")


def award_decision_xlsx(request, document_id: int):
    decision, awards = _decision_awards(request, document_id)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    content = certificates.decision_list_xlsx(decision, awards)
    return _attachment(content, XLSX_CONTENT_TYPE, f"danh-sach-khen-thuong-{_slug(decision)}.xlsx")


def _visible_award(request, pk: int) -> Award:
    return get_object_or_404(Award.objects.visible_to(request.user), pk=pk)


def award_certificate_docx(request, pk: int):
    award = _visible_award(request, pk)
    content = certificates.certificate_docx(award)
    return _attachment(content, DOCX_CONTENT_TYPE, f"giay-chung-nhan-khen-thuong-{award.pk}.docx")


def award_certificate_pdf(request, pk: int):
    award = _visible_award(request, pk)
    content = certificates.certificate_pdf(award)
    return _attachment(content, "application/pdf", f"giay-chung-nhan-khen-thuong-{award.pk}.pdf")
