"""What the member page shows of ratings and awards: the member's ratings by year, awards, party badges and, for
those who may see them, disciplinary measures and a recorded grave illness; in a fixed number of queries."""

from dataclasses import dataclass, field

from dangvu.access.roles import Action
from dangvu.access.scoping import can, can_member
from dangvu.awards.models import Award, Discipline, HealthNote, PartyBadge, Rating
from dangvu.awards.organisations import base_organisation


@dataclass
class MemberAwards:
    ratings: list[Rating] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    badges: list[PartyBadge] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)
    health_note: HealthNote | None = None
    can_record: bool = False  # may record a disciplinary measure or a grave illness

    @property
    def is_empty(self) -> bool:
        return not (self.ratings or self.awards or self.badges or self.disciplines or self.health_note)


def member_awards(member, user) -> MemberAwards:
    ratings = list(
        Rating.objects.visible_to(user)
        .filter(member=member)
        .exclude(level="", proposed_level="", self_level="")
        .select_related("cell", "decision")
        .order_by("-year", "-quarter")
    )
    awards = list(
        Award.objects.visible_to(user).filter(member=member).select_related("award_type", "decision").order_by("-year")
    )
    badges = list(PartyBadge.objects.visible_to(user).filter(member=member).select_related("decision"))
    found = MemberAwards(ratings=ratings, awards=awards, badges=badges)
    if can(user, Action.VIEW, member.unit):
        found.disciplines = list(Discipline.objects.visible_to(user).filter(member=member))
    # A grave illness is health data (Nghị định 13/2023/NĐ-CP): only for those who see personal data.
    if can_member(user, Action.VIEW_PERSONAL, member):
        found.health_note = HealthNote.objects.filter(member=member).first()
    found.can_record = can(user, Action.RATE, base_organisation(member.unit))
    return found


@dataclass
class UnitAwards:
    ratings: list[Rating] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.ratings or self.awards)


def unit_awards(unit, user) -> UnitAwards:
    """The unit's collective ratings by year and the awards it received: two queries."""
    return UnitAwards(
        ratings=list(
            Rating.objects.visible_to(user)
            .filter(unit=unit)
            .exclude(level="", proposed_level="")
            .select_related("decision")
            .order_by("-year", "-quarter")
        ),
        awards=list(
            Award.objects.visible_to(user).filter(unit=unit).select_related("award_type", "decision").order_by("-year")
        ),
    )
