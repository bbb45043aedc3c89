"""Every change to quality ratings and disciplinary records (rules.md §3).

The three steps of a rating are columns of one `Rating` row: `self_assess` (the member), `propose_ratings` (the cell,
RATE on the cell) and `decide_ratings` (the committee of the base organisation, RATE on it), each recording who and
when. The rule applied is the one in force on the period's last day (`rules.rule_for`); its code is kept on the row.
Proposals and decisions are checked as a batch: every row against the rule (`rules.proposal_errors`, with the task
figures of `tracking.ratings` under Quy định 366-QĐ/TW) and the HTXSNV quota of the base organisation
(`rules.quota_error`); a refusal names the member, the rule and the excess, and nothing is saved.
Collectives (`propose_unit_ratings`, `decide_unit_ratings`) are proposed by the unit and decided by the level above.
`import_ratings` loads decided ratings of past years from paper records.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can
from dangvu.awards import queries, rules
from dangvu.awards.models import Discipline, DisciplineKind, Rating
from dangvu.awards.organisations import BASE_KINDS, base_organisation, deciding_unit
from dangvu.awards.periods import period_bounds, period_label
from dangvu.core.text import normalise
from dangvu.documents.models import Document, DocumentType
from dangvu.documents.operations import can_change, register_document
from dangvu.members.models import Member
from dangvu.tracking import ratings as tracking_ratings
from dangvu.units.models import CELL_KINDS, Unit

RATING_FIELDS = (
    "self_level",
    "self_points",
    "self_note",
    "proposed_level",
    "points",
    "civil_service_level",
    "proposal_note",
    "level",
    "decision",
    "rule",
    "cell",
)


@dataclass
class ProposalRow:
    """One member's line of a cell's proposal."""

    member: Member
    level: str
    points: Decimal | None = None
    civil_service_level: str = ""  # the civil-service rating of a civil servant; blank if not one
    note: str = ""


@dataclass
class UnitProposalRow:
    """One unit's line of a proposal of collective ratings."""

    unit: Unit
    level: str
    points: Decimal | None = None
    note: str = ""


@dataclass
class HistoricRating:
    """A decided rating of a past period, from paper records: a member's (with the cell it was made in; the member's
    current cell by default) or a unit's. Objects or ids may be given."""

    year: int
    level: str
    member: Member | None = None
    unit: Unit | None = None
    cell: Unit | None = None
    decision: Document | None = None
    points: Decimal | None = None
    quarter: int = 0
    member_id: int | None = None
    unit_id: int | None = None
    cell_id: int | None = None
    decision_id: int | None = None

    def __post_init__(self) -> None:
        for name in ("member", "unit", "cell", "decision"):
            obj = getattr(self, name)
            if obj is not None:
                setattr(self, f"{name}_id", obj.pk)


# Helpers --------------------------------------------------------------------------------------------------------------


def _now():
    return timezone.now()


def _today() -> date:
    return timezone.localdate()


def _rule(year: int, quarter: int) -> rules.RatingRule:
    """The rule of the period; a quarter only where that rule rates by quarter."""
    if quarter not in range(5):
        raise ValidationError(_("A quarter is numbered 1 to 4."))
    end = period_bounds(year, quarter)[1]
    try:
        rule = rules.rule_for(end)
    except ValueError as error:
        raise ValidationError(_("No rating rule applies to %(year)s.") % {"year": year}) from error
    if quarter and not rule.quarterly:
        # Quarterly ratings came with Quy định 366-QĐ/TW (30-8-2025); earlier rules rate by year.
        raise ValidationError(
            _("%(rule)s rates by year only: there is no rating for %(period)s.")
            % {"rule": rule.code, "period": period_label(year, quarter)}
        )
    return rule


def _level(value, who, errors: list[str], *, blank: bool = False) -> rules.Level | None:
    if blank and not value:
        return None
    try:
        return rules.Level(value)
    except ValueError:
        errors.append(_("%(who)s: choose a rating level.") % {"who": who})
        return None


def _points(value, who, errors: list[str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value))
    except InvalidOperation:
        points = Decimal(-1)
    if not Decimal(0) <= points <= Decimal(100):
        errors.append(_("%(who)s: the points must lie between 0 and 100.") % {"who": who})
        return None
    return points


def _snapshot(rating: Rating) -> dict:
    return audit.snapshot(rating, RATING_FIELDS)


def _require_rate(actor, unit: Unit, message: str) -> None:
    if actor is not None and not can(actor, Action.RATE, unit):
        raise PermissionDenied(message % {"unit": unit})


def _quota_message(rule, organisation: Unit, counts: Counter) -> str | None:
    return rules.quota_error(
        rule, counts.get(rules.Level.EXCELLENT, 0), counts.get(rules.Level.GOOD, 0), organisation.name
    )


def _decided_message(who, rating: Rating) -> str:
    return _("%(who)s: the rating of %(period)s is already decided (%(decision)s) and can no longer be changed.") % {
        "who": who,
        "period": period_label(rating.year, rating.quarter),
        "decision": rating.decision or _("no decision recorded"),
    }


# Self-assessment -----------------------------------------------------------------------------------------------------


@transaction.atomic
def self_assess(actor, member: Member, year: int, quarter: int, level: str, points=None, note: str = "") -> Rating:
    """The member's own assessment (step 1): the member, or whoever proposes for the cell, records it."""
    own = actor is None or getattr(actor, "member_id", None) == member.pk
    if not own:
        _require_rate(actor, member.unit, _("Only the member or the secretary of %(unit)s records a self-assessment."))
    rule = _rule(year, quarter)
    errors: list[str] = []
    chosen = _level(level, member, errors)
    value = _points(points, member, errors)
    if chosen is not None and not errors:
        # Quy định 366-QĐ/TW, Điều 11: the self-assessment gives the points too, and they bound the level.
        errors += rules.proposal_errors(rule, rules.Proposal(level=chosen, points=value))
    if errors:
        raise ValidationError(errors)
    rating = Rating.objects.select_for_update().filter(member=member, year=year, quarter=quarter).first()
    if rating is not None and rating.level:
        raise ValidationError(_decided_message(member, rating))
    before = _snapshot(rating) if rating else None
    if rating is None:
        rating = Rating(member=member, year=year, quarter=quarter, cell=member.unit, rule=rule.code)
    rating.self_level = chosen.value
    rating.self_points = value
    rating.self_note = normalise(note or "")
    rating.self_assessed_at = _now()
    rating.save()
    audit.record(actor, "self_assess", rating, before=before, after=_snapshot(rating), unit=rating.cell)
    return rating


# Proposal by the cell ------------------------------------------------------------------------------------------------


def _member_errors(rule, row_level, points, civil, member, figures, disciplined) -> list[str]:
    proposal = rules.Proposal(
        level=row_level,
        points=points,
        tasks=queries.task_figures(figures) if rule.points else None,
        disciplined=disciplined,
        civil_service_level=civil,
    )
    return [f"{member}: {message}" for message in rules.proposal_errors(rule, proposal)]


@transaction.atomic
def propose_ratings(actor, cell: Unit, year: int, quarter: int, rows: list[ProposalRow]) -> list[Rating]:
    """The cell's proposal for its members (step 2), all or nothing."""
    _require_rate(actor, cell, _("Only the secretary or the office of %(unit)s proposes its members' ratings."))
    if cell.kind not in CELL_KINDS:
        raise ValidationError(_("%(unit)s is not a party cell: members are rated in their cells.") % {"unit": cell})
    rule = _rule(year, quarter)
    if not rows:
        raise ValidationError(_("Choose a level for at least one member."))
    eligible = {m.pk: m for m in queries.members_to_rate(cell, year, quarter)}
    ids = [row.member.pk for row in rows]
    existing = {
        r.member_id: r for r in Rating.objects.select_for_update().filter(member_id__in=ids, year=year, quarter=quarter)
    }
    inputs = queries.person_inputs(ids, year, _today()) if rule.points else {}
    disciplined = queries.disciplined_in(ids, year, quarter)
    errors: list[str] = []
    checked: list[tuple[ProposalRow, rules.Level, Decimal | None, rules.Level | None]] = []
    seen: set[int] = set()
    for row in rows:
        member = row.member
        if member.pk in seen:
            errors.append(_("%(who)s appears twice in the proposal.") % {"who": member})
            continue
        seen.add(member.pk)
        if member.pk not in eligible:
            errors.append(
                _("%(who)s is not a member of %(unit)s at the end of %(period)s: the cell cannot rate them.")
                % {"who": member, "unit": cell, "period": period_label(year, quarter)}
            )
            continue
        if member.pk in existing and existing[member.pk].level:
            errors.append(_decided_message(member, existing[member.pk]))
            continue
        row_errors: list[str] = []
        level = _level(row.level, member, row_errors)
        points = _points(row.points, member, row_errors)
        civil = _level(row.civil_service_level, member, row_errors, blank=True)
        if level is not None and not row_errors:
            figures = queries.period_inputs(inputs.get(member.pk), quarter)
            row_errors += _member_errors(rule, level, points, civil, member, figures, member.pk in disciplined)
        errors += row_errors
        if not row_errors:
            checked.append((row, level, points, civil))
    # The HTXSNV quota of the base organisation: the other cells' proposals and decisions plus this batch
    # (Hướng dẫn 21-HD/BTCTW 2019, Quy định 124-QĐ/TW; a parameter of the rule under 366-QĐ/TW).
    organisation = base_organisation(cell)
    counts = queries.level_counts(organisation, year, quarter, exclude_members=ids)
    counts.update(level.value for _row, level, _p, _c in checked)
    quota = _quota_message(rule, organisation, counts)
    if quota:
        errors.insert(0, quota)
    if errors:
        raise ValidationError(errors)
    saved = []
    now = _now()
    for row, level, points, civil in checked:
        rating = existing.get(row.member.pk)
        before = _snapshot(rating) if rating else None
        if rating is None:
            rating = Rating(member=row.member, year=year, quarter=quarter)
        rating.cell = cell
        rating.rule = rule.code
        rating.proposed_level = level.value
        rating.points = points
        rating.civil_service_level = civil.value if civil else ""
        rating.proposal_note = normalise(row.note or "")
        rating.proposed_by = actor if getattr(actor, "pk", None) else None
        rating.proposed_at = now
        rating.save()
        audit.record(actor, "propose_rating", rating, before=before, after=_snapshot(rating), unit=cell)
        saved.append(rating)
    return saved


# Decision by the base organisation's committee ------------------------------------------------------------------------


def _require_decision(decision: Document) -> None:
    if decision is None or decision.type != DocumentType.DECISION:
        raise ValidationError(_("Choose or register the decision that approves the ratings."))


@transaction.atomic
def register_decision(actor, unit: Unit, *, number: str, symbol: str, issued_on: date, subject: str) -> Document:
    """Register the decision of `unit`'s committee on ratings. Whoever rates for the unit may register it, even
    without the right to change its documents (the decision is theirs to take)."""
    _require_rate(actor, unit, _("Only the secretary or the office of %(unit)s decides these ratings."))
    fields = {
        "type": DocumentType.DECISION,
        "number": number,
        "symbol": symbol,
        "issuer_unit": unit,
        "issuer_name": "",
        "term": "",
        "issued_on": issued_on,
        "subject": subject,
        "text": "",
        "validity": "in_force",
    }
    registrar = actor if actor is None or can_change(actor, issuer_unit=unit) else None
    document = register_document(registrar, **fields)
    if registrar is None and actor is not None:
        audit.record(actor, "register_rating_decision", document, after=audit.snapshot(document), unit=unit)
    return document


@transaction.atomic
def decide_ratings(
    actor, organisation: Unit, year: int, quarter: int, decision: Document, levels: dict[int, str] | None = None
) -> int:
    """The committee of the base organisation decides its members' proposed ratings (step 3). `levels` maps a
    member id to the level decided when it differs from the proposal. Returns how many ratings were decided."""
    _require_rate(actor, organisation, _("Only the committee of %(unit)s decides the ratings of its members."))
    if base_organisation(organisation) != organisation:
        raise ValidationError(
            _("%(unit)s is not a base party organisation: its members' ratings are decided by %(base)s.")
            % {"unit": organisation, "base": base_organisation(organisation)}
        )
    rule = _rule(year, quarter)
    _require_decision(decision)
    levels = levels or {}
    pending = list(
        Rating.objects.select_for_update()
        .filter(member__isnull=False, cell__path__startswith=organisation.path, year=year, quarter=quarter, level="")
        .exclude(proposed_level="")
        .select_related("member")
    )
    if not pending:
        raise ValidationError(
            _("No proposed rating awaits a decision for %(period)s.") % {"period": period_label(year, quarter)}
        )
    ids = [r.member_id for r in pending]
    inputs = queries.person_inputs(ids, year, _today()) if rule.points else {}
    disciplined = queries.disciplined_in(ids, year, quarter)
    errors: list[str] = []
    finals: dict[int, rules.Level] = {}
    for rating in pending:
        member = rating.member
        level = _level(levels.get(member.pk) or rating.proposed_level, member, errors)
        if level is None:
            continue
        civil = rules.Level(rating.civil_service_level) if rating.civil_service_level else None
        figures = queries.period_inputs(inputs.get(member.pk), quarter)
        errors += _member_errors(rule, level, rating.points, civil, member, figures, member.pk in disciplined)
        finals[rating.pk] = level
    unknown = set(levels) - set(ids)
    if unknown:
        errors.append(_("Some of the members chosen have no proposal awaiting a decision."))
    counts = queries.level_counts(organisation, year, quarter, exclude_members=ids)
    counts.update(level.value for level in finals.values())
    quota = _quota_message(rule, organisation, counts)
    if quota:
        errors.insert(0, quota)
    if errors:
        raise ValidationError(errors)
    now = _now()
    for rating in pending:
        before = _snapshot(rating)
        rating.level = finals[rating.pk].value
        rating.rule = rule.code
        rating.decision = decision
        rating.decided_by = actor if getattr(actor, "pk", None) else None
        rating.decided_at = now
        rating.save()
        audit.record(actor, "decide_rating", rating, before=before, after=_snapshot(rating), unit=organisation)
    return len(pending)


# Collective ratings ---------------------------------------------------------------------------------------------------


def _unit_errors(rule, level: rules.Level, points, unit: Unit, year: int, quarter: int) -> list[str]:
    tasks = None
    if rule.points:
        inputs = tracking_ratings.for_unit(unit, year, _today())
        tasks = queries.task_figures(queries.period_inputs(inputs, quarter))
    proposal = rules.Proposal(level=level, points=points, tasks=tasks)
    return [f"{unit}: {message}" for message in rules.proposal_errors(rule, proposal)]


@transaction.atomic
def propose_unit_ratings(actor, year: int, quarter: int, rows: list[UnitProposalRow]) -> list[Rating]:
    """Each unit's own proposal of its collective rating (RATE on the unit), all or nothing."""
    rule = _rule(year, quarter)
    errors: list[str] = []
    checked = []
    for row in rows:
        _require_rate(actor, row.unit, _("Only the secretary or the office of %(unit)s proposes its rating."))
        row_errors: list[str] = []
        level = _level(row.level, row.unit, row_errors)
        points = _points(row.points, row.unit, row_errors)
        if level is not None and not row_errors:
            row_errors += _unit_errors(rule, level, points, row.unit, year, quarter)
        existing = Rating.objects.select_for_update().filter(unit=row.unit, year=year, quarter=quarter).first()
        if existing is not None and existing.level:
            row_errors.append(_decided_message(row.unit, existing))
        errors += row_errors
        checked.append((row, level, points, existing))
    if errors:
        raise ValidationError(errors)
    saved = []
    for row, level, points, rating in checked:
        before = _snapshot(rating) if rating else None
        if rating is None:
            rating = Rating(unit=row.unit, cell=row.unit, year=year, quarter=quarter)
        rating.rule = rule.code
        rating.proposed_level = level.value
        rating.points = points
        rating.proposal_note = normalise(row.note or "")
        rating.proposed_by = actor if getattr(actor, "pk", None) else None
        rating.proposed_at = _now()
        rating.save()
        audit.record(actor, "propose_rating", rating, before=before, after=_snapshot(rating), unit=row.unit)
        saved.append(rating)
    return saved


@transaction.atomic
def decide_unit_ratings(
    actor,
    deciding: Unit,
    year: int,
    quarter: int,
    decision: Document,
    levels: dict[int, str] | None = None,
    points: dict[int, Decimal | None] | None = None,
) -> int:
    """The committee of `deciding` decides the collective ratings of the units directly below it (HD 43-HD/BTCTW:
    the level above decides). `levels` maps a unit id to its level: a unit without a proposal is rated directly,
    a proposal without an entry is confirmed as proposed."""
    _require_rate(actor, deciding, _("Only the committee of %(unit)s decides the ratings of the units below it."))
    rule = _rule(year, quarter)
    _require_decision(decision)
    levels = levels or {}
    points = points or {}
    below = {u.pk: u for u in Unit.objects.filter(parent=deciding)}
    existing = {
        r.unit_id: r
        for r in Rating.objects.select_for_update().filter(unit_id__in=list(below), year=year, quarter=quarter)
    }
    errors: list[str] = []
    todo = []
    for unit_id in sorted(set(levels) | {u for u, r in existing.items() if r.proposed_level and not r.level}):
        unit = below.get(unit_id)
        if unit is None or deciding_unit(unit) != deciding:
            errors.append(_("Only the units directly below %(unit)s can be rated here.") % {"unit": deciding})
            continue
        rating = existing.get(unit_id)
        if rating is not None and rating.level:
            errors.append(_decided_message(unit, rating))
            continue
        row_errors: list[str] = []
        level = _level(levels.get(unit_id) or (rating.proposed_level if rating else ""), unit, row_errors)
        value = _points(points.get(unit_id, rating.points if rating else None), unit, row_errors)
        if level is not None and not row_errors:
            row_errors += _unit_errors(rule, level, value, unit, year, quarter)
        errors += row_errors
        todo.append((unit, rating, level, value))
    if not todo and not errors:
        raise ValidationError(_("Choose a level for at least one unit."))
    if errors:
        raise ValidationError(errors)
    now = _now()
    for unit, rating, level, value in todo:
        before = _snapshot(rating) if rating else None
        if rating is None:
            rating = Rating(unit=unit, cell=unit, year=year, quarter=quarter)
        rating.rule = rule.code
        rating.level = level.value
        rating.points = value
        rating.decision = decision
        rating.decided_by = actor if getattr(actor, "pk", None) else None
        rating.decided_at = now
        rating.save()
        audit.record(actor, "decide_rating", rating, before=before, after=_snapshot(rating), unit=deciding)
    return len(todo)


# Import of past ratings -----------------------------------------------------------------------------------------------


def _organisations_of(cell_ids: set[int]) -> dict[int, Unit]:
    """Cell id → its base organisation (see organisations.base_organisation), in two queries."""
    cells = {u.pk: u for u in Unit.objects.filter(pk__in=cell_ids)}
    ancestor_ids = {a for cell in cells.values() for a in cell.ancestor_ids()}
    bases = {u.pk: u for u in Unit.objects.filter(pk__in=ancestor_ids, kind__in=list(BASE_KINDS))}
    found = {}
    for pk, cell in cells.items():
        if cell.kind in BASE_KINDS:
            found[pk] = cell
        else:
            candidates = [bases[a] for a in cell.ancestor_ids() if a in bases]
            found[pk] = max(candidates, key=lambda u: u.depth) if candidates else cell
    return found


@transaction.atomic
def import_ratings(actor, rows: list[HistoricRating], *, check_quota: bool = True) -> int:
    """Bulk-create decided ratings of past periods. Each row is checked against the rule of its period, and the
    members' ratings against the HTXSNV quota of their base organisation and year; any error refuses the lot.
    `check_quota=False` leaves the quota out (partial records, test data): the rule of each row still applies."""
    if not rows:
        return 0
    member_ids = {row.member_id for row in rows if row.member_id}
    members = {m.pk: m for m in Member.objects.filter(pk__in=member_ids).only("pk", "full_name", "unit_id")}
    cell_ids = set()
    for row in rows:
        if row.member_id and not row.cell_id and row.member_id in members:
            row.cell_id = members[row.member_id].unit_id
        if row.unit_id:
            row.cell_id = row.unit_id
        if row.cell_id:
            cell_ids.add(row.cell_id)
    organisations = _organisations_of(cell_ids)
    if actor is not None:
        for organisation in {o.pk: o for o in organisations.values()}.values():
            _require_rate(actor, organisation, _("Only the committee of %(unit)s records its ratings."))
    years = {row.year for row in rows}
    disciplined = set(
        Discipline.objects.filter(member_id__in=member_ids, decided_on__year__in=years).values_list(
            "member_id", "decided_on__year"
        )
    )
    taken = {
        ("m", *row)
        for row in Rating.objects.filter(member_id__in=member_ids, year__in=years).values_list(
            "member_id", "year", "quarter"
        )
    } | {
        ("u", *row)
        for row in Rating.objects.filter(unit_id__in=cell_ids, year__in=years).values_list("unit_id", "year", "quarter")
    }
    errors: list[str] = []
    seen: set[tuple] = set()
    counts: dict[tuple[int, int, int], Counter] = defaultdict(Counter)
    rules_of: dict[tuple[int, int], rules.RatingRule] = {}
    objects = []
    now = _now()
    for number, row in enumerate(rows, start=1):
        where = _("row %(n)s") % {"n": number}
        if bool(row.member_id) == bool(row.unit_id):
            errors.append(_("%(where)s: give either a member or a unit.") % {"where": where})
            continue
        if row.member_id and row.member_id not in members:
            errors.append(_("%(where)s: unknown member.") % {"where": where})
            continue
        if row.cell_id not in organisations:
            errors.append(_("%(where)s: unknown cell.") % {"where": where})
            continue
        who = members[row.member_id] if row.member_id else organisations.get(row.cell_id, where)
        key = (row.year, row.quarter)
        try:
            rule = rules_of.get(key) or _rule(row.year, row.quarter)
        except ValidationError as error:
            errors += [f"{who}: {m}" for m in error.messages]
            continue
        rules_of[key] = rule
        identity = ("m", row.member_id) if row.member_id else ("u", row.unit_id)
        if (*identity, *key) in seen or (*identity, *key) in taken:
            errors.append(
                _("%(who)s already has a rating for %(period)s.")
                % {"who": who, "period": period_label(row.year, row.quarter)}
            )
            continue
        seen.add((*identity, *key))
        row_errors: list[str] = []
        level = _level(row.level, who, row_errors)
        points = _points(row.points, who, row_errors)
        if level is not None and not row_errors:
            proposal = rules.Proposal(level=level, points=points, disciplined=(row.member_id, row.year) in disciplined)
            row_errors += [f"{who}: {m}" for m in rules.proposal_errors(rule, proposal)]
        errors += row_errors
        if row_errors:
            continue
        if row.member_id and check_quota:
            counts[(organisations[row.cell_id].pk, *key)][level.value] += 1
        objects.append(
            Rating(
                member_id=row.member_id,
                unit_id=row.unit_id,
                cell_id=row.cell_id,
                year=row.year,
                quarter=row.quarter,
                rule=rule.code,
                proposed_level=level.value,
                points=points,
                level=level.value,
                decision_id=row.decision_id,
                decided_by=actor if getattr(actor, "pk", None) else None,
                decided_at=now,
            )
        )
    by_pk = {o.pk: o for o in organisations.values()}
    for (org_id, year, quarter), found in sorted(counts.items()):
        organisation = by_pk[org_id]
        already = queries.level_counts(organisation, year, quarter)
        message = _quota_message(rules_of[(year, quarter)], organisation, already + found)
        if message:
            errors.append(f"{period_label(year, quarter)}: {message}")
    if errors:
        raise ValidationError(errors)
    created = Rating.objects.bulk_create(objects, batch_size=1000)
    audit.record_many(
        actor,
        [("import_rating", r, None, _snapshot(r), by_pk.get(organisations[r.cell_id].pk)) for r in created],
    )
    return len(created)


# Discipline -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_discipline(
    actor, member: Member, kind: str, decided_on: date, decision: str = "", reason: str = ""
) -> Discipline:
    """Record a disciplinary measure; it forces the rating of its year to KHTNV (Quy định 124-QĐ/TW, Điều 12.4)."""
    _require_rate(actor, member.unit, _("Only the secretary or the office of %(unit)s records disciplinary measures."))
    errors = {}
    if kind not in DisciplineKind.values:
        errors["kind"] = _("Choose the disciplinary measure.")
    if decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision.")
    elif decided_on > _today():
        errors["decided_on"] = _("The decision cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    discipline = Discipline.objects.create(
        member=member,
        kind=kind,
        decided_on=decided_on,
        decision=normalise(decision or ""),
        reason=normalise(reason or ""),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, "record_discipline", discipline, after=audit.snapshot(discipline), unit=member.unit)
    return discipline
