"""Ratings and awards over the API: quality ratings, their distribution per level and year, award types, granted
awards, the eligibility engine's candidates, party badges and the badge candidates of an award day.

Every read goes through `visible_to`, as on the pages: a member without a grant sees only their own ratings, awards
and badges. The candidates are `awards.eligibility`'s and `awards.badges`' answers, not a copy of their rules.
"""

from datetime import date

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from dangvu.access.scoping import home_unit
from dangvu.api.schemas import PageIn, checked_year, row_id
from dangvu.api.units import REFUSALS
from dangvu.awards import badges, eligibility
from dangvu.awards.models import Award, AwardForm, AwardType, PartyBadge, Rating, Recipients
from dangvu.awards.rules import Level
from dangvu.units.models import Unit

router = Router(tags=["awards"])


def _unit(user, unit_id: int | None) -> Unit:
    if unit_id is None:
        unit = home_unit(user)
        if unit is None:
            raise Http404
        return unit
    return get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)


# Ratings -------------------------------------------------------------------------------------------------------------


class RatingOut(Schema):
    id: int
    member_id: int | None = Field(description="The member rated; null for a unit's collective rating.")
    unit_id: int | None = Field(description="The unit rated; null for a member's rating.")
    name: str
    cell_id: int = Field(description="Where the rating was made: the member's cell at the end of the period.")
    year: int
    quarter: int = Field(description="0 for the whole year.")
    rule: str = Field(description="The rule applied, e.g. 132-QĐ/TW.")
    self_level: Level | None
    proposed_level: Level | None
    points: float | None
    level: Level | None = Field(description="The decided level; null until the competent committee decides.")
    decision_id: int | None = Field(description="The decision (a registered document), when recorded.")

    @staticmethod
    def resolve_name(rating) -> str:
        return rating.member.full_name if rating.member_id else rating.unit.name

    @staticmethod
    def resolve_self_level(rating) -> str | None:
        return rating.self_level or None

    @staticmethod
    def resolve_proposed_level(rating) -> str | None:
        return rating.proposed_level or None

    @staticmethod
    def resolve_level(rating) -> str | None:
        return rating.level or None

    @staticmethod
    def resolve_points(rating) -> float | None:
        return float(rating.points) if rating.points is not None else None


class RatingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RatingOut]


class RatingFilters(Schema):
    unit: int | None = Field(None, description="Only ratings made in this unit or below it.")
    member: int | None = Field(None, description="Only this member's ratings.")
    year: int | None = None
    quarter: int | None = Field(None, ge=0, le=4)
    level: Level | None = Field(None, description="Only ratings decided at this level.")
    subject: Recipients | None = Field(None, description="members or units.")


@router.get("/ratings", response={200: RatingPage, **REFUSALS})
def list_ratings(request, filters: Query[RatingFilters], page: Query[PageIn]):
    """Quality ratings the caller sees, latest period first."""
    user = request.auth
    ratings = Rating.objects.visible_to(user).select_related("member", "unit")
    if filters.unit is not None:
        ratings = ratings.filter(cell__path__startswith=_unit(user, filters.unit).path)
    if filters.member is not None:
        ratings = ratings.filter(member_id=row_id(filters.member))
    if filters.year is not None:
        ratings = ratings.filter(year=filters.year)
    if filters.quarter is not None:
        ratings = ratings.filter(quarter=filters.quarter)
    if filters.level:
        ratings = ratings.filter(level=filters.level)
    if filters.subject == Recipients.MEMBERS:
        ratings = ratings.filter(member__isnull=False)
    elif filters.subject == Recipients.UNITS:
        ratings = ratings.filter(unit__isnull=False)
    return page.of(ratings.order_by("-year", "-quarter", "id"))


class DistributionOut(Schema):
    year: int
    excellent: int
    good: int
    completed: int
    not_completed: int
    total: int


@router.get("/ratings/distribution", response={200: list[DistributionOut], **REFUSALS})
def rating_distribution(request, unit: int | None = None, years: int = 5):
    """Decided member ratings per level and year (yearly ratings) in the unit's subtree, latest year first."""
    user = request.auth
    root = _unit(user, unit)
    years = min(max(years, 1), 30)
    rows = (
        Rating.objects.visible_to(user)
        .filter(member__isnull=False, quarter=0, cell__path__startswith=root.path)
        .exclude(level="")
        .values("year", "level")
        .annotate(n=Count("id"))
    )
    table: dict[int, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["year"], {})[row["level"]] = row["n"]
    found = []
    for year in sorted(table, reverse=True)[:years]:
        counts = {level.value: table[year].get(level.value, 0) for level in Level}
        found.append({"year": year, **counts, "total": sum(counts.values())})
    return found


# Awards --------------------------------------------------------------------------------------------------------------


class AwardTypeOut(Schema):
    id: int
    name: str
    form: AwardForm
    grantor: str
    grantor_unit_id: int
    recipients: Recipients
    criterion: str = Field(description="excellent_years, or blank when awards come from nominations only.")
    criterion_years: int
    theme: str


@router.get("/types", response={200: list[AwardTypeOut], **REFUSALS})
def list_award_types(request):
    """Every award type (the catalogue is the same for every user)."""
    return AwardType.objects.order_by("form", "name")


class AwardOut(Schema):
    id: int
    award_type_id: int
    award_type: str
    form: AwardForm
    year: int
    member_id: int | None
    unit_id: int | None
    recipient: str
    decision_id: int
    decision: str = Field(description="Number and symbol of the decision, e.g. 412-QĐ/ĐUK.")
    decided_on: date | None
    citation: str
    certificate_number: str
    presented_at_id: int | None = Field(description="The meeting where it was presented.")

    @staticmethod
    def resolve_award_type(award) -> str:
        return award.award_type.name

    @staticmethod
    def resolve_form(award) -> str:
        return award.award_type.form

    @staticmethod
    def resolve_recipient(award) -> str:
        return award.member.full_name if award.member_id else award.unit.name

    @staticmethod
    def resolve_decision(award) -> str:
        return award.decision.number_symbol

    @staticmethod
    def resolve_decided_on(award) -> date | None:
        return award.decision.issued_on


class AwardPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AwardOut]


class AwardFilters(Schema):
    year: int | None = None
    award_type: int | None = None
    form: AwardForm | None = None
    unit: int | None = Field(None, description="Only awards to this unit, units below it or their members.")


@router.get("", response={200: AwardPage, **REFUSALS})
def list_awards(request, filters: Query[AwardFilters], page: Query[PageIn]):
    """Granted awards the caller sees, latest year first."""
    user = request.auth
    awards = Award.objects.visible_to(user).select_related("award_type", "member", "unit", "decision")
    if filters.year is not None:
        awards = awards.filter(year=filters.year)
    if filters.award_type is not None:
        awards = awards.filter(award_type_id=row_id(filters.award_type))
    if filters.form:
        awards = awards.filter(award_type__form=filters.form)
    if filters.unit is not None:
        path = _unit(user, filters.unit).path
        awards = awards.filter(unit__path__startswith=path) | awards.filter(member__unit__path__startswith=path)
    return page.of(awards.order_by("-year", "award_type__form", "id"))


class EvidenceOut(Schema):
    year: int
    level: Level
    cell_id: int
    decision_id: int | None


class CandidateOut(Schema):
    member_id: int | None
    unit_id: int | None
    name: str
    evidence: list[EvidenceOut] = Field(description="The ratings that meet the criterion.")
    awarded_id: int | None = Field(description="The award already granted for that year, if any.")


@router.get("/types/{award_type_id}/candidates", response={200: list[CandidateOut], **REFUSALS})
def award_candidates(request, award_type_id: int, year: int, unit: int | None = None):
    """Who meets the award type's criterion for `year` (e.g. HTXSNV in each of the last 5 years), within the unit
    (the caller's highest unit by default), with the evidence."""
    user = request.auth
    checked_year(year)
    award_type = get_object_or_404(AwardType, pk=award_type_id)
    within = _unit(user, unit)
    found = []
    for candidate in eligibility.candidates(award_type, year, within=within):
        subject = candidate.member or candidate.unit
        found.append(
            {
                "member_id": candidate.member.pk if candidate.member else None,
                "unit_id": candidate.unit.pk if candidate.unit else None,
                "name": subject.full_name if candidate.member else subject.name,
                "evidence": [
                    {"year": r.year, "level": r.level, "cell_id": r.cell_id, "decision_id": r.decision_id}
                    for r in candidate.evidence
                ],
                "awarded_id": candidate.awarded.pk if candidate.awarded else None,
            }
        )
    return found


# Party badges --------------------------------------------------------------------------------------------------------


class BadgeOut(Schema):
    id: int
    member_id: int
    member_name: str
    milestone: int = Field(description="Years of party age.")
    occasion: date = Field(description="The award day (3/2, 19/5, 2/9 or 7/11).")
    basis: str
    decision_id: int | None
    number: str
    ceremony_on: date | None

    @staticmethod
    def resolve_member_name(badge) -> str:
        return badge.member.full_name


class BadgePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[BadgeOut]


@router.get("/badges", response={200: BadgePage, **REFUSALS})
def list_badges(request, page: Query[PageIn], year: int | None = None, unit: int | None = None):
    """Party badges awarded to members the caller sees, latest award day first."""
    user = request.auth
    found = PartyBadge.objects.visible_to(user).select_related("member")
    if checked_year(year) is not None:
        found = found.filter(occasion__year=year)
    if unit is not None:
        found = found.filter(member__unit__path__startswith=_unit(user, unit).path)
    return page.of(found.order_by("-occasion", "member__name_sort_key", "id"))


class BadgeCandidateOut(Schema):
    member_id: int
    member_name: str
    milestone: int
    reached_on: date | None = Field(description="The day party age reaches the milestone.")
    basis: str = Field(description="on_time, gravely_ill (early) or posthumous.")


@router.get("/badges/candidates", response={200: list[BadgeCandidateOut], **REFUSALS})
def badge_candidates(request, occasion: date, unit: int | None = None):
    """Members who reach a badge milestone by the award day and have not received it (rules.md §4)."""
    user = request.auth
    checked_year(occasion.year, "occasion")
    within = _unit(user, unit)
    return [
        {
            "member_id": c.member.pk,
            "member_name": c.member.full_name,
            "milestone": c.milestone,
            "reached_on": c.reached_on,
            "basis": c.basis,
        }
        for c in badges.badge_candidates(occasion, within, user)
    ]
