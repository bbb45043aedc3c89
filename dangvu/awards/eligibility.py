"""Who meets an award type's criterion, from the ratings on record, with the ratings as evidence.

Research.md §4.1: members (and organisations) are commended from among those rated HTXSNV; "5 năm liền" means rated
HTXSNV in each of 5 consecutive calendar years, whatever organisation the rating was made in (transfers, mergers), so
the member's own rating history is read, not the cell's. Only decided ratings count (the `level` column, set by the
competent committee's decision); a self-assessment or a cell's proposal is not a rating yet.

Two queries per call: the qualifying ratings (with member, cell and decision joined) and the awards already granted.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from dangvu.awards.models import Award, AwardType, Criterion, Nomination, Rating, Recipients
from dangvu.awards.rules import Level
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.units.models import Unit


@dataclass
class Candidate:
    """A member or a unit meeting an award type's criterion for a year."""

    member: Member | None = None
    unit: Unit | None = None
    evidence: list[Rating] = field(default_factory=list)  # oldest first
    awarded: Award | None = None
    nomination: Nomination | None = None

    @property
    def subject(self):
        return self.member if self.member is not None else self.unit

    @property
    def key(self) -> str:
        """'m12' / 'u7': how forms name a candidate."""
        return f"m{self.member.pk}" if self.member is not None else f"u{self.unit.pk}"

    @property
    def name(self) -> str:
        return self.member.full_name if self.member is not None else self.unit.name


def years_of(award_type: AwardType, year: int) -> range:
    """The calendar years the criterion looks at: the N years ending with `year`."""
    n = max(award_type.criterion_years or 1, 1)
    return range(year - n + 1, year + 1)


def candidates(award_type: AwardType, year: int, within: Unit | None = None) -> list[Candidate]:
    """Members (or units) meeting `award_type`'s criterion for `year`, optionally only those under `within`.

    A type without an automatic criterion lists nobody: it is granted on nominations only."""
    if award_type.criterion != Criterion.EXCELLENT_YEARS:
        return []
    years = years_of(award_type, year)
    ratings = Rating.objects.filter(quarter=0, year__in=list(years), level=Level.EXCELLENT).select_related(
        "cell", "decision", "decision__issuer_unit"
    )
    by_subject: dict[int, list[Rating]] = defaultdict(list)
    if award_type.recipients == Recipients.MEMBERS:
        ratings = ratings.filter(member__isnull=False, member__status__in=list(ACTIVE_STATUSES)).select_related(
            "member", "member__unit"
        )
        if within is not None:
            ratings = ratings.filter(member__unit__path__startswith=within.path)
        for rating in ratings:
            by_subject[rating.member_id].append(rating)
    else:
        ratings = ratings.filter(unit__isnull=False, unit__closed_on__isnull=True).select_related("unit")
        if within is not None:
            ratings = ratings.filter(unit__path__startswith=within.path)
        for rating in ratings:
            by_subject[rating.unit_id].append(rating)

    found: list[Candidate] = []
    for rows in by_subject.values():
        if {r.year for r in rows} != set(years):  # each of the N years, no break
            continue
        rows.sort(key=lambda r: r.year)
        first = rows[0]
        if award_type.recipients == Recipients.MEMBERS:
            found.append(Candidate(member=first.member, evidence=rows))
        else:
            found.append(Candidate(unit=first.unit, evidence=rows))
    if not found:
        return []

    field_name = "member_id" if award_type.recipients == Recipients.MEMBERS else "unit_id"
    ids = [c.subject.pk for c in found]
    awards = {
        getattr(a, field_name): a
        for a in Award.objects.filter(award_type=award_type, year=year, **{f"{field_name}__in": ids}).select_related(
            "decision"
        )
    }
    nominations = {
        getattr(n, field_name): n
        for n in Nomination.objects.filter(award_type=award_type, year=year, **{f"{field_name}__in": ids})
    }
    for candidate in found:
        candidate.awarded = awards.get(candidate.subject.pk)
        candidate.nomination = nominations.get(candidate.subject.pk)
    if award_type.recipients == Recipients.MEMBERS:
        found.sort(key=lambda c: (c.member.unit.sort_key if c.member.unit_id else "", c.member.name_sort_key))
    else:
        found.sort(key=lambda c: c.unit.sort_key)
    return found
