"""Pages of the quality ratings (rules.md §3).

- `/awards/ratings/?unit=&year=`: the results of a unit's subtree: decided levels per year over five years, the
  collective ratings, and each cell's progress for the year with links to its proposal and to the decisions;
- `/awards/ratings/self/`: a member's self-assessment for the current year (on a phone) and their past ratings;
- `/awards/ratings/unit/<cell>/<period>/`: the cell's proposal, one form for all its members, with the rule in force,
  its quota, the self-assessments and (under Quy định 366-QĐ/TW) the task figures of each member;
- `/awards/ratings/decide/<base organisation>/<period>/`: the committee's decision on all its cells' proposals;
- `/awards/ratings/units/<unit>/<period>/`: collective ratings of the units directly below, decided by that unit.
Writes go through `operations`; refusals come back onto the forms and nothing is saved.
"""

from dataclasses import dataclass
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.writer.excel import save_workbook

from dangvu.access import scoping
from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any
from dangvu.awards import operations, queries, rules
from dangvu.awards.models import Rating
from dangvu.awards.organisations import BASE_KINDS, base_organisation
from dangvu.awards.periods import parse_period, period_bounds, period_label, period_text
from dangvu.awards.rating_forms import DecideForm, ProposalForm, SelfAssessmentForm, UnitRatingForm
from dangvu.documents.models import Document
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.tracking import ratings as tracking_ratings
from dangvu.tracking.dashboard import Column, _sheet
from dangvu.tracking.pages import add_errors
from dangvu.units.models import CELL_KINDS, MASS_ORGANISATION_KINDS, Unit
from dangvu.web.pages import percent_text, requested_unit

YEARS_SHOWN = 5
YEARS_OFFERED = 10
LEVEL_BADGES = {
    rules.Level.EXCELLENT: "full",
    rules.Level.GOOD: "exempt",
    rules.Level.COMPLETED: "probationary",
    rules.Level.NOT_COMPLETED: "overdue",
}
ABBREVIATIONS = {level.value: level.abbreviation for level in rules.Level}


def _render(request, template: str, context: dict, status: int = 200):
    context = {
        "nav_section": "awards",
        "level_badges": LEVEL_BADGES,
        "abbreviations": ABBREVIATIONS,
        "levels": list(rules.Level),
        **context,
    }
    return render(request, template, context, status=status)


def _period(raw: str) -> tuple[int, int, rules.RatingRule]:
    """The period of a URL and its rule; a period no rule rates is a 404."""
    try:
        year, quarter = parse_period(raw)
        rule = rules.rule_for(period_bounds(year, quarter)[1])
    except ValueError as error:
        raise Http404 from error
    if quarter and not rule.quarterly:
        raise Http404
    return year, quarter, rule


def _year(request, unit: Unit | None = None) -> int:
    """The `?year=`; by default the latest year rated under `unit` (or the current year)."""
    raw, current = request.GET.get("year", ""), scoping.today().year
    if raw.isdigit() and current - 50 <= int(raw) <= current + 1:
        return int(raw)
    return (queries.latest_rated_year(unit) if unit is not None else None) or current


def _quota(rule, counts) -> dict:
    good, excellent = counts.get(rules.Level.GOOD, 0), counts.get(rules.Level.EXCELLENT, 0)
    limit = rules.quota_limit(good, rule.quota_share) if rule.quota_share is not None else None
    return {
        "share": int(rule.quota_share * 100) if rule.quota_share is not None else None,
        "good": good,
        "excellent": excellent,
        "limit": limit,
        "over": limit is not None and excellent > limit,
        "counts": [(level, counts.get(level, 0)) for level in rules.Level],
    }


def _refuse(form, error) -> None:
    add_errors(form, error)


# Results --------------------------------------------------------------------------------------------------------------


@dataclass
class Results:
    unit: Unit
    year: int
    years: list[queries.YearCounts]
    units: list[queries.YearCounts]
    cells: list[queries.CellProgress]
    organisations: list[queries.OrganisationProgress]

    @property
    def by_organisation(self) -> bool:
        """Above the base level the page lists base organisations, not the cells of all of them."""
        return len(self.organisations) > 1


def _results(request) -> Results:
    user = request.user
    if not has_any(user, Action.VIEW):
        raise Http404
    unit = requested_unit(request)
    year = _year(request, unit)
    span = list(range(year - YEARS_SHOWN + 1, year + 1))
    cells = queries.cells_under(unit)
    visible_cells = set(Unit.objects.visible_to(user).filter(pk__in=[c.pk for c in cells]).values_list("pk", flat=True))
    cells = [c for c in cells if c.pk in visible_cells]
    organisations = list(
        Unit.objects.visible_to(user).open().in_subtree(unit).filter(kind__in=list(BASE_KINDS)).order_by("sort_key")
    )
    if not organisations and unit.kind not in BASE_KINDS:
        base = base_organisation(unit)
        if base.kind in BASE_KINDS and can(user, Action.VIEW, base):
            organisations = [base]
    progress = queries.cell_progress(cells, year)
    return Results(
        unit=unit,
        year=year,
        years=queries.distribution(unit, span),
        units=queries.unit_distribution(unit, span),
        cells=progress,
        organisations=queries.organisation_progress(organisations, progress),
    )


def rating_results(request):
    user = request.user
    if not has_any(user, Action.VIEW):
        if getattr(user, "member_id", None):
            return redirect("rating_self")
        raise Http404
    found = _results(request)
    period = period_text(found.year)
    for row in found.years + found.units:
        row.share_text = percent_text(row.excellent_share)
    for progress in found.cells:
        progress.can_rate = can(user, Action.RATE, progress.cell)
    for progress in found.organisations:
        progress.can_decide = can(user, Action.RATE, progress.organisation)
    current = scoping.today().year
    return _render(
        request,
        "awards/rating_results.html",
        {
            "found": found,
            "unit": found.unit,
            "period": period,
            "rule": rules.rule_for(period_bounds(found.year)[1]),
            "year_choices": list(range(current + 1, current - YEARS_OFFERED, -1)),
            "units": Unit.objects.visible_to(user)
            .open()
            .filter(~Q(kind__in=list(CELL_KINDS | MASS_ORGANISATION_KINDS)) | Q(pk=found.unit.pk))
            .order_by("path"),
            "can_export": can(user, Action.EXPORT, found.unit),
            "can_rate_units": can(user, Action.RATE, found.unit) and found.unit.kind not in CELL_KINDS,
        },
    )


def _level_text(value: str) -> str:
    return ABBREVIATIONS.get(value, "")


def rating_results_export(request):
    """The member ratings of the unit's subtree for the year (every step), and the distribution, as an .xlsx."""
    found = _results(request)
    user = request.user
    if not can(user, Action.EXPORT, found.unit):
        raise Http404
    ratings = (
        Rating.objects.visible_to(user)
        .filter(member__isnull=False, year=found.year, cell__path__startswith=found.unit.path)
        .select_related("member", "cell", "decision")
        .order_by("cell__path", "quarter", "member__name_sort_key", "member_id")
    )
    columns = [
        Column(_("Cell"), lambda r: r.cell.name),
        Column(_("Member"), lambda r: r.member.full_name),
        Column(_("Period"), lambda r: period_text(r.year, r.quarter)),
        Column(_("Rule applied"), lambda r: r.rule),
        Column(_("Self-assessment"), lambda r: _level_text(r.self_level)),
        Column(_("Self-assessed points"), lambda r: r.self_points),
        Column(_("Proposed level"), lambda r: _level_text(r.proposed_level)),
        Column(_("Points"), lambda r: r.points),
        Column(_("Level decided"), lambda r: _level_text(r.level)),
        Column(_("Decision"), lambda r: str(r.decision) if r.decision else ""),
        Column(_("Decided on"), lambda r: r.decided_at.date() if r.decided_at else None),
    ]
    distribution = [
        Column(_("Year"), lambda y: y.year),
        *[Column(level.abbreviation, lambda y, lv=level: y.counts.get(lv, 0)) for level in rules.Level],
        Column(_("Total"), lambda y: y.total),
        Column(_("HTXSNV share"), lambda y: y.excellent_share, percent=True),
    ]
    book = Workbook(write_only=True)
    _sheet(book, _("Ratings"), columns, ratings)
    _sheet(book, _("Distribution"), distribution, found.years)
    out = BytesIO()
    save_workbook(book, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="xep-loai-{found.unit.pk}-{found.year}.xlsx"'
    return response


# Self-assessment ------------------------------------------------------------------------------------------------------


def rating_self(request):
    user = request.user
    member_id = getattr(user, "member_id", None)
    if not getattr(user, "is_authenticated", False) or not member_id:
        raise Http404
    member = user.member
    year, quarter = scoping.today().year, 0
    rule = rules.rule_for(period_bounds(year, quarter)[1])
    ratings = list(Rating.objects.visible_to(user).filter(member_id=member_id).select_related("decision", "cell"))
    current = next((r for r in ratings if r.year == year and r.quarter == quarter), None)
    initial = {}
    if current is not None:
        initial = {"level": current.self_level, "points": current.self_points, "note": current.self_note}
    form = SelfAssessmentForm(request.POST or None, initial=initial, points=rule.points)
    locked = current is not None and current.is_decided
    if request.method == "POST" and not locked and form.is_valid():
        try:
            operations.self_assess(
                user,
                member,
                year,
                quarter,
                form.cleaned_data["level"],
                points=form.cleaned_data.get("points"),
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            _refuse(form, error)
        else:
            messages.success(request, _("Your self-assessment is recorded."))
            return redirect("rating_self")
    return _render(
        request,
        "awards/rating_self.html",
        {
            "member": member,
            "year": year,
            "rule": rule,
            "form": form,
            "current": current,
            "locked": locked,
            "past": [r for r in ratings if r is not current],
        },
    )


# Proposal of a cell ---------------------------------------------------------------------------------------------------


def rating_propose(request, unit_id: int, period: str):
    user = request.user
    cell = get_object_or_404(Unit.objects.visible_to(user).filter(kind__in=list(CELL_KINDS)), pk=unit_id)
    year, quarter, rule = _period(period)
    can_rate = can(user, Action.RATE, cell)
    if request.method == "POST" and not can_rate:
        raise Http404
    sheet = queries.cell_sheet(cell, year, quarter, scoping.today(), with_tasks=rule.points)
    form = ProposalForm(request.POST or None, rows=sheet, points=rule.points, civil=rule.civil_service_condition)
    if request.method == "POST" and form.is_valid():
        try:
            rows = [operations.ProposalRow(**row) for row in form.proposals()]
            operations.propose_ratings(user, cell, year, quarter, rows)
        except (ValidationError, PermissionDenied) as error:
            _refuse(form, error)
        else:
            messages.success(
                request,
                _("The proposal of %(cell)s for %(period)s is saved: %(count)s members.")
                % {"cell": cell, "period": period_label(year, quarter), "count": len(rows)},
            )
            return redirect("rating_propose", unit_id=cell.pk, period=period)
    organisation = base_organisation(cell)
    counts = queries.level_counts(organisation, year, quarter)
    for row in sheet:
        row.level_field = form.bound(row, "level")
        row.points_field = form.bound(row, "points")
        row.civil_field = form.bound(row, "civil")
        row.note_field = form.bound(row, "note")
    return _render(
        request,
        "awards/rating_propose.html",
        {
            "cell": cell,
            "organisation": organisation,
            "year": year,
            "quarter": quarter,
            "period": period,
            "period_label": period_label(year, quarter),
            "rule": rule,
            "quota": _quota(rule, counts),
            "sheet": sheet,
            "form": form,
            "can_rate": can_rate,
            "can_decide": can(user, Action.RATE, organisation),
            "periods": _periods_around(year, rule),
        },
    )


def _periods_around(year: int, rule) -> list[tuple[str, str]]:
    """The year and, where the rule rates by quarter, its quarters: (period text, label)."""
    found = [(period_text(year), period_label(year))]
    if rule.quarterly:
        found += [(period_text(year, q), period_label(year, q)) for q in range(1, 5)]
    return found


# Decision of the base organisation -------------------------------------------------------------------------------------


def _decide_with(user, unit: Unit, form, perform) -> bool:
    """Register the new decision if one was typed, then decide; a refusal rolls both back onto the form."""
    try:
        with transaction.atomic():
            decision = form.cleaned_data.get("decision")
            new = form.new_decision()
            if new is not None:
                decision = operations.register_decision(user, unit, **new)
            perform(decision)
    except (ValidationError, PermissionDenied) as error:
        _refuse(form, error)
        return False
    return True


def rating_decide(request, unit_id: int, period: str):
    user = request.user
    organisation = get_object_or_404(Unit.objects.visible_to(user).filter(kind__in=list(BASE_KINDS)), pk=unit_id)
    if not can(user, Action.RATE, organisation):
        raise Http404
    year, quarter, rule = _period(period)
    ratings = queries.organisation_proposals(organisation, year, quarter)
    pending = [r for r in ratings if r.proposed_level and not r.level]
    decisions = Document.objects.visible_to(user).filter(issuer_unit=organisation).order_by("-issued_on", "-id")
    form = DecideForm(request.POST or None, pending=pending, decisions=decisions)
    if request.method == "POST" and form.is_valid():

        def perform(decision):
            return operations.decide_ratings(user, organisation, year, quarter, decision, form.levels())

        if _decide_with(user, organisation, form, perform):
            messages.success(
                request,
                _("The ratings of %(period)s are decided: %(count)s members.")
                % {"period": period_label(year, quarter), "count": len(pending)},
            )
            return redirect("rating_decide", unit_id=organisation.pk, period=period)
    for rating in ratings:
        rating.level_field = form[f"level_{rating.member_id}"] if f"level_{rating.member_id}" in form.fields else None
    cells = queries.cells_under(organisation)
    progress = {p.cell.pk: p for p in queries.cell_progress(cells, year, quarter)}
    return _render(
        request,
        "awards/rating_decide.html",
        {
            "organisation": organisation,
            "year": year,
            "quarter": quarter,
            "period": period,
            "period_label": period_label(year, quarter),
            "rule": rule,
            "quota": _quota(rule, queries.level_counts(organisation, year, quarter)),
            "ratings": ratings,
            "pending": pending,
            "form": form,
            "cells": [(cell, progress[cell.pk]) for cell in cells],
        },
    )


# Collective ratings ---------------------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Unit
    rating: Rating | None
    figures: object = None


def rating_units(request, unit_id: int, period: str):
    user = request.user
    deciding = get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)
    if not can(user, Action.RATE, deciding):
        raise Http404
    year, quarter, rule = _period(period)
    below = list(
        Unit.objects.visible_to(user)
        .open()
        .filter(parent=deciding)
        .exclude(kind__in=list(MASS_ORGANISATION_KINDS))
        .order_by("sort_key", "path")
    )
    found = {
        r.unit_id: r
        for r in Rating.objects.visible_to(user)
        .filter(unit__in=below, year=year, quarter=quarter)
        .select_related("decision")
    }
    rows = [UnitRow(unit, found.get(unit.pk)) for unit in below]
    if rule.points:
        for row in rows:
            row.figures = queries.period_inputs(tracking_ratings.for_unit(row.unit, year, scoping.today()), quarter)
    form = UnitRatingForm(
        request.POST or None, rows=rows, points=rule.points, decisions=_decisions_of_all(user, deciding)
    )
    if request.method == "POST" and form.is_valid():
        levels, points = form.levels()

        def perform(decision):
            return operations.decide_unit_ratings(user, deciding, year, quarter, decision, levels, points)

        if _decide_with(user, deciding, form, perform):
            messages.success(
                request,
                _("The collective ratings of %(period)s are decided.") % {"period": period_label(year, quarter)},
            )
            return redirect("rating_units", unit_id=deciding.pk, period=period)
    for row in rows:
        pk = row.unit.pk
        row.level_field = form[f"level_{pk}"] if f"level_{pk}" in form.fields else None
        row.points_field = form[f"points_{pk}"] if f"points_{pk}" in form.fields else None
    return _render(
        request,
        "awards/rating_units.html",
        {
            "deciding": deciding,
            "year": year,
            "period": period,
            "period_label": period_label(year, quarter),
            "rule": rule,
            "rows": rows,
            "form": form,
            "results_url": f"{reverse('rating_results')}?unit={deciding.pk}&year={year}",
        },
    )


def _decisions_of_all(user, unit: Unit):
    return Document.objects.visible_to(user).filter(issuer_unit=unit).order_by("-issued_on", "-id")
