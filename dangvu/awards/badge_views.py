"""Pages of party badges: the candidates of an award day (and awarding them by a decision), the badges awarded by
batch, the ceremony, a grave illness, and recording a disciplinary measure.

`/awards/badges/?unit=ID&occasion=YYYY-MM-DD`: every member under the unit who is due a badge on the award day, per
milestone, with the party age and the interruptions that moved it (rules.md §4). Reads go through `visible_to`;
writes through `awards.badges` and `awards.operations`, whose refusals go back onto the page and change nothing.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.writer.excel import save_workbook

from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any
from dangvu.awards import badges
from dangvu.awards.badge_forms import BadgeDecisionForm, CeremonyForm, DisciplineForm, HealthNoteForm
from dangvu.awards.models import BadgeBasis, Discipline, HealthNote, PartyBadge
from dangvu.awards.organisations import base_organisation
from dangvu.core.paging import CappedPaginator
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.members.models import Member
from dangvu.tracking.dashboard import Column, _sheet
from dangvu.tracking.pages import add_errors
from dangvu.units.choices import walk_choices
from dangvu.units.models import CELL_KINDS, Unit
from dangvu.web.pages import requested_unit

BASIS_BADGES = {BadgeBasis.ON_TIME: "full", BadgeBasis.GRAVELY_ILL: "probationary", BadgeBasis.POSTHUMOUS: "closed"}


def render_page(request, template: str, context: dict, status: int = 200):
    context = {"nav_section": "awards", "basis_badges": BASIS_BADGES, **context}
    return render(request, template, context, status=status)


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or _("You may not do this.")
    return " ".join(error.messages)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        return None


def _units(user, unit: Unit) -> list[tuple[int, str]]:
    """The unit filter: the chosen unit, the units above it and the open committees below it (units.choices)."""
    visible = Unit.objects.visible_to(user)
    offered = visible.filter(Q(pk=unit.pk) | (Q(closed_on__isnull=True) & ~Q(kind__in=list(CELL_KINDS))))
    return walk_choices(user, unit, offered)


def _counts_text(counts: list[tuple[int, int]]) -> str:
    """ "30 năm: 12; 40 năm: 5"."""
    return "; ".join(_("%(milestone)s years: %(count)s") % {"milestone": m, "count": n} for m, n in counts)


def _gaps_text(gaps) -> str:
    return ", ".join(
        f"{gap.start:%d/%m/%Y}–{gap.end:%d/%m/%Y}"
        if gap.end
        else _("since %(date)s") % {"date": f"{gap.start:%d/%m/%Y}"}
        for gap in gaps
    )


# Candidates ------------------------------------------------------------------------------------------------------------


@dataclass
class Found:
    unit: Unit
    occasion: date
    occasions: list[date]
    candidates: list[badges.BadgeCandidate]


def _found(request, with_candidates: bool = True) -> Found:
    user = request.user
    if not has_any(user, Action.VIEW):
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    raw = source.get("unit", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        unit = get_object_or_404(Unit.objects.visible_to(user), pk=raw)
    else:
        unit = requested_unit(request)
    occasions = badges.upcoming_occasions()
    occasion = _date(source.get("occasion", "")) or occasions[0]
    if not badges.is_occasion(occasion):
        raise Http404
    if occasion not in occasions:
        occasions = sorted({*occasions, occasion})
    candidates = badges.badge_candidates(occasion, unit, user) if with_candidates else []
    return Found(unit, occasion, occasions, candidates)


def _groups(candidates, picked: set[str]) -> list[dict]:
    groups: dict[int, list] = defaultdict(list)
    for row in candidates:
        row.gaps_text = _gaps_text(row.shown_gaps)
        row.basis_label = _basis_label(row.basis)
        row.basis_badge = BASIS_BADGES.get(row.basis, "")
        row.pick_value = f"{row.member.pk}:{row.milestone}"
        row.checked = not picked or row.pick_value in picked
        groups[row.milestone].append(row)
    return [{"milestone": m, "rows": rows} for m, rows in sorted(groups.items())]


def _may_award(user, unit: Unit) -> bool:
    return can(user, Action.RATE, base_organisation(unit))


def _decision_form(request, unit: Unit, data=None) -> BadgeDecisionForm:
    """The decision form; the new-decision fields only for those who may register documents of the unit."""
    return BadgeDecisionForm(data, user=request.user, may_register=can(request.user, Action.CHANGE, unit))


def _candidates_page(request, found: Found, form=None, error: str = "", status: int = 200):
    user = request.user
    may_award = _may_award(user, found.unit)
    picked = set(request.POST.getlist("pick")) if request.method == "POST" else set()
    context = {
        "found": found,
        "unit": found.unit,
        "occasion": found.occasion,
        "occasions": found.occasions,
        "groups": _groups(found.candidates, picked),
        "counts_text": _counts_text(badges.milestone_counts(found.candidates)),
        "total": len(found.candidates),
        "units": _units(user, found.unit),
        "may_award": may_award,
        "can_export": can(user, Action.EXPORT, found.unit),
        "form": form if form is not None else (_decision_form(request, found.unit) if may_award else None),
        "error": error,
    }
    return render_page(request, "awards/badge_candidates.html", context, status=status)


def badge_candidates(request):
    return _candidates_page(request, _found(request))


def _basis_label(basis: str) -> str:
    return str(BadgeBasis(basis).label)


def badge_candidates_export(request):
    found = _found(request)
    if not can(request.user, Action.EXPORT, found.unit):
        raise Http404
    columns = [
        Column(_("Milestone (years)"), lambda c: c.milestone),
        Column(_("Member"), lambda c: c.member.full_name),
        Column(_("Cell"), lambda c: c.member.unit.name),
        Column(_("Party card number"), lambda c: c.member.card_number or ""),
        Column(_("First admitted on"), lambda c: f"{c.first_admission:%d/%m/%Y}"),
        Column(_("Interruptions"), lambda c: _gaps_text(c.shown_gaps)),
        Column(_("Milestone reached on"), lambda c: f"{c.reached_on:%d/%m/%Y}"),
        Column(
            _("Party age"), lambda c: _("%(years)s y %(months)s m") % {"years": c.age_years, "months": c.age_months}
        ),
        Column(_("Basis"), lambda c: _basis_label(c.basis)),
    ]
    book = Workbook(write_only=True)
    _sheet(book, _("Badge candidates"), columns, found.candidates)
    out = BytesIO()
    save_workbook(book, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="huy-hieu-dang-{found.unit.pk}-{found.occasion:%Y-%m-%d}.xlsx"'
    )
    return response


def _picked_rows(request, user) -> list[badges.BadgeRow]:
    """The ticked candidates: "<member id>:<milestone>", each member one the user may see."""
    wanted: dict[int, int] = {}
    for value in request.POST.getlist("pick"):
        member_id, _sep, milestone = value.partition(":")
        if member_id.isdigit() and milestone.isdigit():
            wanted[int(member_id)] = int(milestone)
    members = Member.objects.visible_to(user).filter(pk__in=wanted).select_related("unit")
    return [badges.BadgeRow(member, wanted[member.pk]) for member in members]


@require_POST
def badge_award(request):
    """Award the ticked candidates by the decision picked or registered in the form."""
    user = request.user
    found = _found(request, with_candidates=False)
    if not _may_award(user, found.unit):
        raise Http404
    form = _decision_form(request, found.unit, request.POST)
    error = ""
    if form.is_valid():
        rows = _picked_rows(request, user)
        try:
            awarded = badges.award_badges_with_decision(
                user,
                found.occasion,
                rows,
                decision=form.cleaned_data.get("decision"),
                new_decision=form.new_decision(found.unit),
            )
        except (ValidationError, PermissionDenied) as refusal:
            if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
                add_errors(form, refusal)
            else:
                error = _refusal(refusal)
        else:
            messages.success(request, _("%(count)s badge(s) awarded.") % {"count": len(awarded)})
            return redirect(f"{reverse('badge_list')}?unit={found.unit.pk}&occasion={found.occasion:%Y-%m-%d}")
    found.candidates = badges.badge_candidates(found.occasion, found.unit, user)
    return _candidates_page(request, found, form=form, error=error, status=422)


# Badges awarded ------------------------------------------------------------------------------------------------------


PAGE_SIZE = 100  # badges per page of the list


@dataclass
class Listing:
    unit: Unit
    year: int | None
    occasion: date | None
    badges: QuerySet  # of PartyBadge, newest award day first


def _listing(request) -> Listing:
    user = request.user
    if not has_any(user, Action.VIEW):
        raise Http404
    unit = requested_unit(request)
    year_raw = request.GET.get("year")
    year = int(year_raw) if year_raw and year_raw.isdigit() else None
    occasion = _date(request.GET.get("occasion", ""))
    found = PartyBadge.objects.visible_to(user).filter(member__unit__path__startswith=unit.path)
    if year_raw is None and occasion is None:
        # Nothing chosen: the year of the latest award day (a country has given two million badges in all years).
        latest = found.order_by("-occasion").values_list("occasion", flat=True).first()
        year = latest.year if latest else None
    if year:
        found = found.filter(occasion__year=year)
    if occasion:
        found = found.filter(occasion=occasion)
    rows = found.select_related("member", "member__unit", "decision").order_by("-occasion", "milestone", "member")
    return Listing(unit, year, occasion, rows)


def _batches(found: QuerySet) -> list[dict]:
    """Per award day ("đợt 2-9"): counts per milestone, and how many were posthumous; one aggregate, so a whole
    country's two million badges are counted in the database, not loaded."""
    batches: dict[date, dict] = {}
    rows = found.order_by().values_list("occasion", "milestone", "basis").annotate(n=Count("pk"))
    for occasion, milestone, basis, n in rows:
        batch = batches.setdefault(occasion, {"occasion": occasion, "counts": defaultdict(int), "total": 0})
        batch["counts"][milestone] += n
        batch["total"] += n
        batch.setdefault("posthumous", 0)
        if basis == BadgeBasis.POSTHUMOUS:
            batch["posthumous"] += n
    for batch in batches.values():
        batch["text"] = _counts_text(sorted(batch["counts"].items()))
    return sorted(batches.values(), key=lambda b: b["occasion"], reverse=True)


def badge_list(request):
    found = _listing(request)
    user = request.user
    # From the first award day on record to this year: the first one is read off the index, not every badge.
    first = PartyBadge.objects.visible_to(user).order_by("occasion").values_list("occasion", flat=True).first()
    this_year = badges._today().year
    years = list(range(this_year, (first.year if first else this_year) - 1, -1))
    page = CappedPaginator(found.badges, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "found": found,
        "unit": found.unit,
        "badges": page.object_list,
        "page": page,
        "batches": _batches(found.badges),
        "years": years,
        "units": _units(user, found.unit),
        "can_export": can(user, Action.EXPORT, found.unit),
        "may_record": _may_award(user, found.unit),
    }
    return render_page(request, "awards/badge_list.html", context)


def badge_list_export(request):
    found = _listing(request)
    if not can(request.user, Action.EXPORT, found.unit):
        raise Http404
    columns = [
        Column(_("Award day"), lambda b: f"{b.occasion:%d/%m/%Y}"),
        Column(_("Milestone (years)"), lambda b: b.milestone),
        Column(_("Member"), lambda b: b.member.full_name),
        Column(_("Cell"), lambda b: b.member.unit.name),
        Column(_("Basis"), lambda b: _basis_label(b.basis)),
        Column(_("Decision"), lambda b: str(b.decision) if b.decision_id else ""),
        Column(_("Badge number"), lambda b: b.number),
        Column(_("Ceremony held on"), lambda b: f"{b.ceremony_on:%d/%m/%Y}" if b.ceremony_on else ""),
        Column(_("Ceremony place"), lambda b: b.ceremony_place),
    ]
    book = Workbook(write_only=True)
    _sheet(book, _("Party badges"), columns, found.badges.iterator(chunk_size=2000))
    out = BytesIO()
    save_workbook(book, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="huy-hieu-dang-da-trao-{found.unit.pk}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def badge_ceremony(request, pk: int):
    """Record the ceremony of a badge and of the others of its decision (or award day) that are ticked."""
    user = request.user
    badge = get_object_or_404(PartyBadge.objects.visible_to(user).select_related("member", "member__unit"), pk=pk)
    if not _may_award(user, badge.member.unit):
        raise Http404
    batch = PartyBadge.objects.visible_to(user).select_related("member", "member__unit")
    batch = batch.filter(decision=badge.decision) if badge.decision_id else batch.filter(occasion=badge.occasion)
    batch = list(batch.order_by("milestone", "member"))
    form = CeremonyForm(
        request.POST or None,
        initial={"on": badge.ceremony_on, "place": badge.ceremony_place},
    )
    picked = {str(b.pk) for b in batch}
    if request.method == "POST":
        picked = set(request.POST.getlist("badge"))
        chosen = [b for b in batch if str(b.pk) in picked]
        if form.is_valid():
            try:
                count = badges.record_ceremony(user, chosen, form.cleaned_data["on"], form.cleaned_data["place"])
            except (ValidationError, PermissionDenied) as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, _("Ceremony recorded for %(count)s badge(s).") % {"count": count})
                return redirect(f"{reverse('badge_list')}?occasion={badge.occasion:%Y-%m-%d}")
    context = {"badge": badge, "batch": batch, "form": form, "picked": picked}
    return render_page(request, "awards/badge_ceremony.html", context, status=422 if request.method == "POST" else 200)


# Member records ----------------------------------------------------------------------------------------------------


def _member_for_rating(request, member_id: int) -> Member:
    member = get_object_or_404(Member.objects.visible_to(request.user).select_related("unit"), pk=member_id)
    if not _may_award(request.user, member.unit):
        raise Http404
    return member


@require_http_methods(["GET", "POST"])
def badge_health_note(request, member_id: int):
    """Record that a member is gravely ill: it allows the badge 12 (30-65 years) or 24 months (70-90) early."""
    member = _member_for_rating(request, member_id)
    current = HealthNote.objects.filter(member=member).first()
    initial = {"since": current.gravely_ill_since, "note": current.note} if current else {}
    form = HealthNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            badges.record_health_note(request.user, member, form.cleaned_data["since"], form.cleaned_data["note"])
        except (ValidationError, PermissionDenied) as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Grave illness recorded for %(member)s.") % {"member": member.full_name})
            return redirect("member_detail", pk=member.pk)
    context = {"member": member, "form": form, "current": current}
    return render_page(
        request, "awards/badge_health_note.html", context, status=422 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
def discipline_record(request, member_id: int):
    """Record a disciplinary measure (it forces that year's rating to KHTNV and delays a party badge)."""
    from dangvu.awards import operations

    member = _member_for_rating(request, member_id)
    form = DisciplineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operations.record_discipline(
                request.user,
                member,
                data["kind"],
                data["decided_on"],
                decision=data["decision"],
                reason=data["reason"],
            )
        except (ValidationError, PermissionDenied) as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Disciplinary measure recorded for %(member)s.") % {"member": member.full_name})
            return redirect("member_detail", pk=member.pk)
    context = {
        "member": member,
        "form": form,
        "disciplines": Discipline.objects.visible_to(request.user).filter(member=member).order_by("-decided_on"),
    }
    return render_page(request, "awards/discipline_form.html", context, status=422 if request.method == "POST" else 200)
