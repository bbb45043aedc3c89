"""Every change to member records. Views, the import, the API and commands all call these.

A member's events are the record; after any change the derived intervals (affiliations,
status periods) and the cached current state are rebuilt from them by `rules.build_history`.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, today
from dangvu.core.text import name_sort_key, normalise, search_key
from dangvu.documents import mentions
from dangvu.members.models import Affiliation, Member, MemberEvent, StatusPeriod
from dangvu.members.rules import AffiliationKind, EventFact, EventKind, History, LifecycleError, build_history
from dangvu.units.models import CELL_KINDS, Unit

# Fields a clerk edits directly; the rest of a member's record follows from events.
PROFILE_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "religion",
    "hometown",
    "address",
    "citizen_id",
    "phone",
    "education",
    "theory_level",
    "occupation",
    "workplace",
    "card_number",
)


def _check(actor, action: str, unit: Unit) -> None:
    if actor is not None and not can(actor, action, unit):
        raise PermissionDenied(_("You do not have permission to change members of this unit."))


def _check_cell(unit: Unit | None, field: str = "unit") -> None:
    if unit is None:
        raise ValidationError({field: _("Choose a cell.")})
    if unit.kind not in CELL_KINDS:
        raise ValidationError({field: _("%(unit)s is not a cell: members belong to cells.") % {"unit": unit}})
    if not unit.is_open:
        raise ValidationError({field: _("%(unit)s is closed.") % {"unit": unit}})


def _clean_profile(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in PROFILE_FIELDS:
            raise ValueError(f"not a profile field: {key}")
        cleaned[key] = normalise(value) if isinstance(value, str) else value
    if "full_name" in cleaned and not cleaned["full_name"]:
        raise ValidationError({"full_name": _("Enter the full name.")})
    if cleaned.get("card_number") == "":
        cleaned["card_number"] = None
    if cleaned.get("citizen_id") and not (cleaned["citizen_id"].isdigit() and len(cleaned["citizen_id"]) == 12):
        raise ValidationError({"citizen_id": _("A citizen ID has 12 digits.")})
    return cleaned


def _derive_keys(member: Member) -> None:
    member.name_sort_key = name_sort_key(member.full_name)
    member.search_key = search_key(member.full_name, member.card_number)


def _facts(events) -> list[EventFact]:
    return [EventFact(EventKind(e.kind), e.occurred_on, e.unit_id) for e in events]


def _history_or_error(facts: list[EventFact]) -> History:
    try:
        return build_history(facts)
    except LifecycleError as error:
        raise ValidationError(str(error)) from error


def _apply_history(member: Member, history: History, events) -> None:
    """Set the cached state of `member` from its history (not saved)."""
    member.status = history.status_on(today()) or history.statuses[-1].value
    member.unit_id = history.last_unit or member.unit_id
    admissions = [e.occurred_on for e in events if e.kind == EventKind.ADMISSION]
    confirmations = [e.occurred_on for e in events if e.kind == EventKind.CONFIRMATION]
    member.admitted_on = admissions[-1] if admissions else member.admitted_on
    # A readmitted member is probationary again: only a confirmation after the latest admission counts.
    confirmations = [day for day in confirmations if day > member.admitted_on]
    member.confirmed_on = confirmations[-1] if confirmations else None


def _derived_rows(member: Member, history: History) -> tuple[list[Affiliation], list[StatusPeriod]]:
    affiliations = [
        Affiliation(member=member, unit_id=p.value, kind=kind, starts_on=p.start, ends_on=p.end)
        for kind, periods in (
            (AffiliationKind.OFFICIAL, history.official),
            (AffiliationKind.TEMPORARY, history.temporary),
        )
        for p in periods
    ]
    statuses = [StatusPeriod(member=member, status=p.value, starts_on=p.start, ends_on=p.end) for p in history.statuses]
    return affiliations, statuses


def _rebuild(members_events: list[tuple[Member, list[MemberEvent], History]]) -> None:
    """Rewrite the derived intervals of these members (they are a cache of the events)."""
    ids = [m.pk for m, _e, _h in members_events]
    Affiliation.objects.filter(member_id__in=ids).delete()
    StatusPeriod.objects.filter(member_id__in=ids).delete()
    affiliations, statuses = [], []
    for member, _events, history in members_events:
        a, s = _derived_rows(member, history)
        affiliations += a
        statuses += s
    Affiliation.objects.bulk_create(affiliations, batch_size=2000)
    StatusPeriod.objects.bulk_create(statuses, batch_size=2000)


@transaction.atomic
def admit_member(actor, *, unit: Unit, admitted_on: date, confirmed_on: date | None = None, decision="", **profile):
    """Create the record of a member admitted to `unit` on `admitted_on` (optionally already confirmed)."""
    _check_cell(unit)
    _check(actor, Action.CHANGE, unit)
    profile = _clean_profile(profile)
    if admitted_on > today() or (confirmed_on and confirmed_on > today()):
        raise ValidationError({"admitted_on": _("The date cannot be in the future.")})
    if confirmed_on and confirmed_on <= admitted_on:
        raise ValidationError({"confirmed_on": _("The confirmation date must be after the admission date.")})
    card = profile.get("card_number")
    if card and Member.objects.filter(card_number=card).exists():
        raise ValidationError({"card_number": _("Party card number %(card)s is already recorded.") % {"card": card}})
    member = Member(unit=unit, admitted_on=admitted_on, **profile)
    _derive_keys(member)
    events = [MemberEvent(kind=EventKind.ADMISSION, occurred_on=admitted_on, unit=unit, decision=decision)]
    if confirmed_on:
        events.append(MemberEvent(kind=EventKind.CONFIRMATION, occurred_on=confirmed_on))
    history = _history_or_error(_facts(events))
    _apply_history(member, history, events)
    member.save()
    for event in events:
        event.member = member
        event.created_by = actor
    MemberEvent.objects.bulk_create(events)
    mentions.index(*events)
    _rebuild([(member, events, history)])
    audit.record(actor, "create", member, after=audit.snapshot(member), unit=unit)
    return member


@transaction.atomic
def update_member(actor, member: Member, reason: str = "", expected_state: str | None = None, **profile) -> Member:
    """Change profile fields. `expected_state` is the `audit.state_token` the editor started from: when someone
    saved the record in between, nothing is written (`audit.StaleState`)."""
    member.refresh_from_db(from_queryset=Member.objects.select_for_update())
    _check(actor, Action.CHANGE, member.unit)
    audit.check_state(member, expected_state)
    profile = _clean_profile(profile)
    card = profile.get("card_number")
    if card and Member.objects.filter(card_number=card).exclude(pk=member.pk).exists():
        raise ValidationError({"card_number": _("Party card number %(card)s is already recorded.") % {"card": card}})
    before = audit.snapshot(member)
    for key, value in profile.items():
        setattr(member, key, value)
    _derive_keys(member)
    after = audit.snapshot(member)
    if after == before:
        return member
    member.save()
    audit.record(actor, "update", member, before=before, after=after, unit=member.unit, reason=normalise(reason))
    return member


@transaction.atomic
def record_event(
    actor,
    member: Member,
    *,
    kind: str,
    occurred_on: date,
    unit: Unit | None = None,
    destination: str = "",
    decision: str = "",
    note: str = "",
    restructuring=None,
) -> MemberEvent:
    """Add a lifecycle event (transfer, confirmation, exemption, death …) and rebuild the member's history."""
    kind = EventKind(kind)
    _check(actor, Action.CHANGE, member.unit)
    if kind in {EventKind.TRANSFER_PERMANENT, EventKind.TRANSFER_TEMPORARY, EventKind.TRANSFER_IN}:
        _check_cell(unit)
        assert unit is not None  # _check_cell refuses None
        _check(actor, Action.CHANGE, unit)
    elif unit is not None and kind != EventKind.ADMISSION:
        unit = None
    if occurred_on > today():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = audit.snapshot(member)
    event = MemberEvent(
        member=member,
        kind=kind,
        occurred_on=occurred_on,
        unit=unit,
        destination=normalise(destination),
        decision=normalise(decision),
        note=normalise(note),
        restructuring=restructuring,
        created_by=actor,
    )
    events = [*member.events.all(), event]
    history = _history_or_error(_facts(events))
    event.save()
    mentions.index(event)
    _apply_history(member, history, events)
    member.save()
    _rebuild([(member, events, history)])
    audit.record(
        actor,
        f"event:{kind.value}",
        member,
        before=before,
        after={**audit.snapshot(member), "event": audit.snapshot(event)},
        unit=member.unit,
    )
    return event


@transaction.atomic
def transfer_for_restructuring(actor, moves: list[tuple[Member, Unit]], effective_on: date, restructuring) -> None:
    """Permanent transfers of many members at once, as part of a merge or split (one audit entry each)."""
    if not moves:
        return
    members = {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=[m.pk for m, _u in moves])}
    existing = defaultdict(list)
    for event in MemberEvent.objects.filter(member_id__in=members).order_by("occurred_on", "id"):
        existing[event.member_id].append(event)
    new_events, rebuilt, audit_rows = [], [], []
    for moved, target in moves:
        member = members[moved.pk]
        before = audit.snapshot(member)
        event = MemberEvent(
            member=member,
            kind=EventKind.TRANSFER_PERMANENT,
            occurred_on=effective_on,
            unit=target,
            decision=restructuring.decision,
            note=_("Restructuring: %(event)s") % {"event": restructuring.get_kind_display()},
            restructuring=restructuring,
            created_by=actor,
        )
        events = [*existing[member.pk], event]
        history = _history_or_error(_facts(events))
        _apply_history(member, history, events)
        new_events.append(event)
        rebuilt.append((member, events, history))
        audit_rows.append(("event:transfer_permanent", member, before, audit.snapshot(member), target))
    MemberEvent.objects.bulk_create(new_events)
    mentions.index(*new_events)
    Member.objects.bulk_update(list(members.values()), ["status", "unit", "admitted_on", "confirmed_on"])
    _rebuild(rebuilt)
    audit.record_many(actor, audit_rows)


@transaction.atomic
def admit_members(actor, rows: list[dict], reason: str = "") -> list[Member]:
    """Create many member records at once (imports, demo data): one audit entry per member.

    Each row holds `unit`, `admitted_on`, optional `confirmed_on` and profile fields. Rows must be
    valid already (the importer validates every row first); an invalid row aborts the whole batch.
    """
    members, events_by_member, histories = [], [], []
    for row in rows:
        row = dict(row)
        unit, admitted_on, confirmed_on = row.pop("unit"), row.pop("admitted_on"), row.pop("confirmed_on", None)
        _check_cell(unit)
        _check(actor, Action.CHANGE, unit)
        member = Member(unit=unit, admitted_on=admitted_on, **_clean_profile(row))
        _derive_keys(member)
        events = [MemberEvent(kind=EventKind.ADMISSION, occurred_on=admitted_on, unit=unit, created_by=actor)]
        if confirmed_on:
            events.append(MemberEvent(kind=EventKind.CONFIRMATION, occurred_on=confirmed_on, created_by=actor))
        history = _history_or_error(_facts(events))
        _apply_history(member, history, events)
        members.append(member)
        events_by_member.append(events)
        histories.append(history)
    Member.objects.bulk_create(members, batch_size=1000)
    all_events = []
    for member, events in zip(members, events_by_member, strict=True):
        for event in events:
            event.member = member
        all_events += events
    MemberEvent.objects.bulk_create(all_events, batch_size=2000)
    _rebuild(list(zip(members, events_by_member, histories, strict=True)))
    audit.record_many(actor, [("create", m, None, audit.snapshot(m), m.unit) for m in members], reason=reason)
    return members


@transaction.atomic
def import_members(actor, new_rows: list[dict], updates: list[tuple[Member, dict]], reason: str = "") -> None:
    """Apply a validated import, all or nothing: admit the new members, update the changed profiles."""
    if new_rows:
        admit_members(actor, new_rows, reason=reason)
    for member, changes in updates:
        update_member(actor, member, reason=reason, **changes)


def log_personal_data_view(user, context: str, member: Member | None = None, count: int = 1) -> None:
    """Record that `user` was shown members' personal data (Nghị định 13/2023/NĐ-CP)."""
    from dangvu.access.models import PersonalDataView

    PersonalDataView.objects.create(user=user, member=member, context=context, count=count)
