"""Party badges: party age from the member's record, the candidates of an award day, and the operations that award
them, record the ceremony and record a grave illness.

Party age runs from the FIRST admission decision, less every time out of party activity (research.md §4.3). The
times out are derived from the member's status periods (`members.StatusPeriod`, rebuilt from the events): whatever
lies between the first admission and today and is not covered by an active status (probationary, full, exempt) is a
gap — a transfer out followed later by a transfer in, a striking off or an expulsion followed by readmission; an
ended status with no return is an open gap; death ends the count. `awards.rules` applies the milestones, the early
windows and the waits after discipline (rules.md §4).

`badge_candidates` loads a whole subtree in a fixed number of queries (members, status periods, first admissions,
badges received, health notes, disciplines) and then applies the pure rules.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can
from dangvu.awards import rules
from dangvu.awards.models import BadgeBasis, Discipline, DisciplineKind, HealthNote, PartyBadge
from dangvu.awards.organisations import base_organisation
from dangvu.awards.rules import Gap
from dangvu.core.text import normalise
from dangvu.documents.models import Document
from dangvu.members.models import Member, MemberEvent, StatusPeriod
from dangvu.members.rules import ACTIVE_STATUSES, EventKind, Status
from dangvu.units.models import Unit

# How many award days the candidates page offers ahead.
UPCOMING = 4
# A posthumous badge is proposed for members who died in the 12 months before the award day (the family's
# declaration follows the death; research.md §4.2 gives the 12-month early window of posthumous awards).
POSTHUMOUS_WITHIN_MONTHS = 12
# The earliest any badge can be due: 30 years less the longest early window of that milestone (12 months).
_EARLIEST_YEARS = rules.MILESTONES[0] - 1


def _today() -> date:
    return timezone.localdate()


# Party age -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """What party age is computed from: the first admission, the gaps, and the day of death if any."""

    first_admission: date
    gaps: tuple[Gap, ...]
    died_on: date | None = None

    @property
    def gaps_alive(self) -> list[Gap]:
        """The gaps without the one death opens: to ask when a milestone would have been reached."""
        return [g for g in self.gaps if not (self.died_on and g.start == self.died_on and g.end is None)]


def timeline_from(first_admission: date, periods: list[tuple[str, date, date | None]]) -> Timeline:
    """Derive the gaps from (status, start, end) periods; pure. Anything after the first admission not covered by an
    active status is out of party activity; death closes the count with an open gap."""
    gaps: list[Gap] = []
    covered = first_admission  # active up to here
    open_ended = False
    died_on = None
    for status, start, end in sorted(periods, key=lambda p: p[1]):
        if status == Status.DECEASED:
            died_on = start
            if not open_ended and covered < start:
                gaps.append(Gap(covered, start))
            gaps.append(Gap(start, None))
            return Timeline(first_admission, tuple(_merge(gaps)), died_on)
        if status not in ACTIVE_STATUSES or open_ended:
            continue
        if start > covered:
            gaps.append(Gap(covered, start))
        if end is None:
            open_ended = True
        else:
            covered = max(covered, end)
    if not open_ended:
        gaps.append(Gap(covered, None))
    return Timeline(first_admission, tuple(_merge(gaps)), died_on)


def _merge(gaps: list[Gap]) -> list[Gap]:
    merged: list[Gap] = []
    for gap in gaps:
        if merged and merged[-1].end == gap.start:
            merged[-1] = Gap(merged[-1].start, gap.end)
        else:
            merged.append(gap)
    return merged


def _timelines(members, admitted: dict[int, date] | None = None) -> dict[int, Timeline]:
    """Timelines of the members of a queryset: two queries whatever their number (three without `admitted`, the
    members' cached admission dates)."""
    firsts = dict(
        MemberEvent.objects.filter(member__in=members.values("pk"), kind=EventKind.ADMISSION)
        .values("member_id")
        .annotate(first=Min("occurred_on"))
        .values_list("member_id", "first")
    )
    periods: dict[int, list] = defaultdict(list)
    for member_id, status, start, end in StatusPeriod.objects.filter(member__in=members.values("pk")).values_list(
        "member_id", "status", "starts_on", "ends_on"
    ):
        periods[member_id].append((status, start, end))
    if admitted is None:
        admitted = dict(members.values_list("pk", "admitted_on"))
    found = {}
    for member_id, admitted_on in admitted.items():
        # No admission event (a member transferred in from outside the tree): the admission date on record.
        first = min(firsts.get(member_id, admitted_on), admitted_on)
        found[member_id] = timeline_from(first, periods.get(member_id, []))
    return found


def timeline(member: Member) -> Timeline:
    return _timelines(Member.objects.filter(pk=member.pk))[member.pk]


def gaps(member: Member) -> list[Gap]:
    """The member's times out of party activity, oldest first (research.md §4.3)."""
    return list(timeline(member).gaps)


def party_age(first_admission: date, gap_list, on: date) -> relativedelta:
    """Party age on `on` in years and months: the calendar difference from the admission decision, moved later by
    the days out of activity before `on`."""
    if on <= first_admission:
        return relativedelta()
    lost = (on - first_admission).days - rules.party_age_days(first_admission, list(gap_list), on)
    return relativedelta(on, first_admission + relativedelta(days=lost))


# Candidates ------------------------------------------------------------------------------------------------------------


@dataclass
class BadgeCandidate:
    member: Member
    milestone: int
    reached_on: date  # the day party age reaches the milestone (after the award day when early)
    age_years: int  # party age on the award day (at death for a posthumous award)
    age_months: int
    basis: str  # BadgeBasis
    gaps: list[Gap] = field(default_factory=list)
    first_admission: date | None = None
    died_on: date | None = None

    @property
    def early(self) -> bool:
        return self.basis == BadgeBasis.GRAVELY_ILL

    @property
    def shown_gaps(self) -> list[Gap]:
        """The interruptions to show: the death is not one."""
        return [g for g in self.gaps if not (self.died_on and g.start == self.died_on)]


def is_occasion(day: date) -> bool:
    return (day.month, day.day) in rules.OCCASIONS


def upcoming_occasions(today: date | None = None, count: int = UPCOMING) -> list[date]:
    """The next `count` award days from today (today included)."""
    days, day = [], rules.next_occasion(today or _today())
    while len(days) < count:
        days.append(day)
        day = rules.next_occasion(day + relativedelta(days=1))
    return days


def _blocking_discipline(disciplines: list[Discipline], occasion: date) -> Discipline | None:
    """The measure whose wait has not passed on `occasion` (Quy định 24-QĐ/TW; expulsion never clears)."""
    for discipline in disciplines:
        if discipline.decided_on > occasion:
            continue
        if discipline.kind == DisciplineKind.EXPULSION or not rules.discipline_clears(
            discipline.kind, discipline.decided_on, occasion
        ):
            return discipline
    return None


def _candidate(
    member: Member,
    line: Timeline,
    occasion: date,
    received: set[int],
    ill_since: date | None,
    disciplines: list[Discipline],
) -> BadgeCandidate | None:
    if _blocking_discipline(disciplines, occasion):
        return None
    if line.died_on is not None:
        # Posthumous: judged on the day of death, with the 12-month window (HD 01-HD/TW 2021, item 18).
        if not (occasion - relativedelta(months=POSTHUMOUS_WITHIN_MONTHS) <= line.died_on < occasion):
            return None
        gap_list = line.gaps_alive
        due = rules.milestone_due(
            line.first_admission,
            gap_list,
            line.died_on,
            received,
            gravely_ill=bool(ill_since and ill_since <= line.died_on),
            posthumous=True,
        )
        basis, age_on = BadgeBasis.POSTHUMOUS, line.died_on
    else:
        if member.status == Status.PROBATIONARY:
            return None  # party age applies once the member is full (research.md §4.3): a readmitted member
        gap_list = list(line.gaps)
        gravely_ill = bool(ill_since and ill_since <= occasion)
        due = rules.milestone_due(line.first_admission, gap_list, occasion, received, gravely_ill=gravely_ill)
        basis = BadgeBasis.GRAVELY_ILL if due and due[1] else BadgeBasis.ON_TIME
        age_on = occasion
    if due is None:
        return None
    milestone = due[0]
    age = party_age(line.first_admission, gap_list, age_on)
    return BadgeCandidate(
        member=member,
        milestone=milestone,
        reached_on=rules.date_reached(line.first_admission, gap_list, milestone),
        age_years=age.years,
        age_months=age.months,
        basis=basis,
        gaps=list(line.gaps),
        first_admission=line.first_admission,
        died_on=line.died_on,
    )


def reachable_bounds(occasion: date) -> list[tuple[int, date]]:
    """(milestone, latest first admission that could make it due on `occasion`), highest milestone first: counting
    no gaps (they only delay a milestone) and the longest early window. Pure."""
    bounds = []
    for milestone in reversed(rules.MILESTONES):
        early_years = rules.early_months(milestone, gravely_ill=True, posthumous=True) // 12
        bounds.append((milestone, rules.add_years(occasion, -(milestone - early_years))))
    return bounds


def highest_reachable(first_admission: date, occasion: date, bounds=None) -> int:
    """The highest milestone a member first admitted on that day could be due on `occasion`; 0 for none. Pure."""
    for milestone, latest in bounds or reachable_bounds(occasion):
        if first_admission <= latest:
            return milestone
    return 0


def _candidates_of(members, occasion: date) -> list[BadgeCandidate]:
    """Candidates among a queryset of members, in a fixed number of queries.

    Histories are loaded only for members who could be due something: a member who already holds the highest
    milestone reachable by the first admission date (gaps only delay it) is due nothing, so the long-standing members
    who received their last badge (most of them) cost one small row each, not a model and their whole history."""
    bound = occasion - relativedelta(years=_EARLIEST_YEARS)
    admissions = MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.ADMISSION).order_by()
    early_admission = admissions.filter(occurred_on__lte=bound)
    members = members.filter(
        Q(status__in=[*ACTIVE_STATUSES, Status.DECEASED]), Q(admitted_on__lte=bound) | Exists(early_admission)
    )
    first_event = Subquery(admissions.values("member").annotate(first=Min("occurred_on")).values("first")[:1])
    # No admission event (a member transferred in from outside the tree): the admission date on record.
    first = {
        pk: min(event or admitted_on, admitted_on)
        for pk, admitted_on, event in members.annotate(first_event=first_event)
        .order_by()
        .values_list("pk", "admitted_on", "first_event")
    }
    if not first:
        return []
    received: dict[int, set[int]] = defaultdict(set)
    # No ordering: the default one joins every badge to its member and sorts by name.
    for member_id, milestone in (
        PartyBadge.objects.filter(member_id__any_of=list(first)).order_by().values_list("member_id", "milestone")
    ):
        received[member_id].add(milestone)
    bounds = reachable_bounds(occasion)
    survivors = [
        pk for pk, day in first.items() if max(received[pk], default=0) < highest_reachable(day, occasion, bounds)
    ]
    if not survivors:
        return []
    rows = list(Member.objects.filter(pk__any_of=survivors).select_related("unit"))
    periods: dict[int, list] = defaultdict(list)
    for member_id, status, start, end in (
        StatusPeriod.objects.filter(member_id__any_of=survivors)
        .order_by()
        .values_list("member_id", "status", "starts_on", "ends_on")
    ):
        periods[member_id].append((status, start, end))
    ill = dict(
        HealthNote.objects.filter(member_id__any_of=survivors).order_by().values_list("member_id", "gravely_ill_since")
    )
    disciplines: dict[int, list[Discipline]] = defaultdict(list)
    for discipline in Discipline.objects.filter(member_id__any_of=survivors).order_by():
        disciplines[discipline.member_id].append(discipline)
    found = []
    for member in rows:
        line = timeline_from(first[member.pk], periods.get(member.pk, []))
        candidate = _candidate(member, line, occasion, received[member.pk], ill.get(member.pk), disciplines[member.pk])
        if candidate:
            found.append(candidate)
    found.sort(key=lambda c: (c.milestone, c.member.name_sort_key, c.member.pk))
    return found


def badge_candidates(occasion: date, within: Unit, user) -> list[BadgeCandidate]:
    """Every member under `within` the user sees who is due a badge on `occasion` and has not received it: by
    milestone, then name."""
    members = Member.objects.visible_to(user).in_subtree(within)
    return _candidates_of(members, occasion)


def milestone_counts(candidates) -> list[tuple[int, int]]:
    """(milestone, how many) in milestone order, e.g. [(30, 12), (40, 5)]."""
    counts: dict[int, int] = defaultdict(int)
    for row in candidates:
        counts[row.milestone] += 1
    return sorted(counts.items())


# Operations ------------------------------------------------------------------------------------------------------------


def _require_rate(actor, member: Member) -> None:
    organisation = base_organisation(member.unit)
    if actor is not None and not can(actor, Action.RATE, organisation):
        raise PermissionDenied(
            _("Only the committee of %(unit)s or above may do this for %(member)s.")
            % {"unit": organisation.name, "member": member.full_name}
        )


@dataclass(frozen=True)
class BadgeRow:
    member: Member
    milestone: int
    basis: str | None = None  # None: as the rules find it


@transaction.atomic
def award_badges(actor, occasion: date, decision: Document, rows) -> list[PartyBadge]:
    """Award the badges of `rows` ((member, milestone, basis) or BadgeRow) on `occasion` by `decision`: each one
    re-checked against the rules; all or nothing."""
    if not is_occasion(occasion):
        raise ValidationError(
            {"occasion": _("%(date)s is not an award day (3/2, 19/5, 2/9, 7/11).") % {"date": f"{occasion:%d/%m/%Y}"}}
        )
    if decision is None:
        raise ValidationError({"decision": _("Choose the decision awarding the badges.")})
    rows = [row if isinstance(row, BadgeRow) else BadgeRow(*row) for row in rows]
    if not rows:
        raise ValidationError(_("Tick at least one member."))
    seen: set[int] = set()
    for row in rows:
        _require_rate(actor, row.member)
        if row.member.pk in seen:
            raise ValidationError(_("%(member)s is listed twice.") % {"member": row.member.full_name})
        seen.add(row.member.pk)
    members = Member.objects.select_for_update().filter(pk__in=seen)
    due = {c.member.pk: c for c in _candidates_of(members, occasion)}
    already = set(PartyBadge.objects.filter(member__in=seen).values_list("member_id", "milestone"))
    errors = []
    for row in rows:
        name = row.member.full_name
        context = {"member": name, "milestone": row.milestone}
        if (row.member.pk, row.milestone) in already:
            errors.append(_("%(member)s has already received the %(milestone)s-year badge.") % context)
            continue
        candidate = due.get(row.member.pk)
        if candidate is None or candidate.milestone != row.milestone:
            errors.append(_("%(member)s is not due the %(milestone)s-year badge on this award day.") % context)
        elif row.basis and row.basis != candidate.basis:
            errors.append(
                _("%(member)s: the badge is due as “%(basis)s”.")
                % {"member": name, "basis": BadgeBasis(candidate.basis).label}
            )
    if errors:
        raise ValidationError(errors)
    badges = []
    for row in rows:
        badge = PartyBadge.objects.create(
            member=row.member,
            milestone=row.milestone,
            occasion=occasion,
            basis=due[row.member.pk].basis,
            decision=decision,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(actor, "award_badge", badge, after=audit.snapshot(badge), unit=row.member.unit)
        badges.append(badge)
    return badges


@transaction.atomic
def award_badges_with_decision(
    actor, occasion: date, rows, *, decision: Document | None = None, new_decision: dict | None = None
) -> list[PartyBadge]:
    """Register the decision (when it is new) and award the badges, in one transaction."""
    if decision is None and new_decision is not None:
        from dangvu.documents.operations import register_document

        decision = register_document(actor, **new_decision)
    return award_badges(actor, occasion, decision, rows)


@transaction.atomic
def record_ceremony(actor, badges, on: date, place: str) -> int:
    """Record the day and place the badges were presented."""
    badges = list(badges)
    if not badges:
        raise ValidationError(_("Choose at least one badge."))
    if on is None:
        raise ValidationError({"on": _("Enter the date of the ceremony.")})
    if on > _today():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    place = normalise(place or "")
    for badge in badges:
        _require_rate(actor, badge.member)
    for badge in badges:
        before = audit.snapshot(badge)
        badge.ceremony_on, badge.ceremony_place = on, place
        badge.save(update_fields=["ceremony_on", "ceremony_place"])
        audit.record(actor, "badge_ceremony", badge, before=before, after=audit.snapshot(badge), unit=badge.member.unit)
    return len(badges)


@transaction.atomic
def record_health_note(actor, member: Member, since: date, note: str = "") -> HealthNote:
    """Record that the member is gravely ill since `since`: it allows an early badge (rules.md §4)."""
    _require_rate(actor, member)
    if since is None:
        raise ValidationError({"since": _("Enter the date.")})
    if since > _today():
        raise ValidationError({"since": _("The date cannot be in the future.")})
    existing = HealthNote.objects.filter(member=member).first()
    before = audit.snapshot(existing) if existing else None
    health, _created = HealthNote.objects.update_or_create(
        member=member, defaults={"gravely_ill_since": since, "note": normalise(note or "")}
    )
    audit.record(actor, "health_note", health, before=before, after=audit.snapshot(health), unit=member.unit)
    return health


# History --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoricBadge:
    """A badge awarded before the records were kept here (from the paper register): member, milestone, award day."""

    member_id: int
    milestone: int
    occasion: date
    number: str = ""


def due_history(members, until: date) -> list[HistoricBadge]:
    """Every badge the members would have received on time up to `until`: for each milestone, the first award day
    on or after the day party age reached it, while still in the Party then (pure rules over the timelines; three
    queries)."""
    found = []
    lines = _timelines(members)
    for member_id, line in sorted(lines.items()):
        for milestone in rules.MILESTONES:
            reached = rules.date_reached(line.first_admission, line.gaps_alive, milestone)
            if reached == date.max:
                break
            occasion = rules.next_occasion(reached)
            if occasion > until:
                break
            if line.died_on and occasion >= line.died_on:
                break
            if any(g.start <= occasion and (g.end is None or occasion < g.end) for g in line.gaps):
                continue  # out of party activity on the day; received later with the next milestone, if any
            found.append(HistoricBadge(member_id, milestone, occasion))
    return found


@transaction.atomic
def import_badges(actor, rows: list[HistoricBadge]) -> int:
    """Record badges awarded in the past, from the paper register, in bulk. Each must fall on an award day on which
    the member had reached the milestone (the on-time rule; early awards are recorded one by one with their
    decision through `award_badges`); a member receives each milestone once. All or nothing."""
    members = Member.objects.filter(pk__in={row.member_id for row in rows}).select_related("unit")
    if actor is not None:
        for member in members:
            _require_rate(actor, member)
    lines = _timelines(members)
    already = set(PartyBadge.objects.filter(member__in=members).values_list("member_id", "milestone"))
    errors, seen = [], set()
    for row in rows:
        key = (row.member_id, row.milestone)
        line = lines.get(row.member_id)
        if line is None:
            errors.append(_("Member %(id)s does not exist.") % {"id": row.member_id})
        elif not is_occasion(row.occasion):
            errors.append(
                _("%(date)s is not an award day (3/2, 19/5, 2/9, 7/11).") % {"date": f"{row.occasion:%d/%m/%Y}"}
            )
        elif key in already or key in seen:
            errors.append(
                _("Member %(id)s received the %(milestone)s-year badge twice.")
                % {"id": row.member_id, "milestone": row.milestone}
            )
        elif rules.date_reached(line.first_admission, line.gaps_alive, row.milestone) > row.occasion:
            errors.append(
                _("Member %(id)s had not reached %(milestone)s years of party age on %(date)s.")
                % {"id": row.member_id, "milestone": row.milestone, "date": f"{row.occasion:%d/%m/%Y}"}
            )
        seen.add(key)
    if errors:
        raise ValidationError(errors[:20])
    created = PartyBadge.objects.bulk_create(
        [PartyBadge(member_id=r.member_id, milestone=r.milestone, occasion=r.occasion, number=r.number) for r in rows],
        batch_size=1000,
    )
    audit.record_many(actor, [("import_badge", badge, None, audit.snapshot(badge), None) for badge in created])
    return len(created)
