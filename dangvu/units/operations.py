"""Every change to the unit tree: creation, terms and positions, and restructuring.

Each operation checks permission, validates, writes in one transaction and records audit entries.
Restructuring on a date closes the versions in force and opens new ones; nothing is deleted, so
the tree stays queryable as it stood on any past date.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, today
from dangvu.core.text import collation_key, normalise, search_key
from dangvu.documents import mentions
from dangvu.units.models import (
    CELL_KINDS,
    EventUnit,
    Position,
    RestructuringEvent,
    Term,
    Unit,
    UnitKind,
    UnitVersion,
)


def _check(actor, action: str, unit: Unit | None) -> None:
    if actor is None:  # scripts and the demo loader act as the system
        return
    allowed = actor.is_superuser if unit is None else can(actor, action, unit)
    if not allowed:
        raise PermissionDenied(_("You do not have permission to change this unit."))


def _check_date(effective_on: date, *units: Unit) -> None:
    if effective_on > today():
        raise ValidationError({"effective_on": _("The effective date cannot be in the future.")})
    for unit in units:
        if not unit.is_open:
            raise ValidationError(_("%(unit)s was closed on %(date)s.") % {"unit": unit, "date": _fmt(unit.closed_on)})
        current = unit.versions.get(valid_to__isnull=True)
        if effective_on < current.valid_from:
            raise ValidationError(
                {
                    "effective_on": _("%(unit)s last changed on %(date)s; the date must not be earlier.")
                    % {"unit": unit, "date": _fmt(current.valid_from)}
                }
            )


def _fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _new_version(unit: Unit, valid_from: date, event: RestructuringEvent | None) -> UnitVersion:
    return UnitVersion.objects.create(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        kind=unit.kind,
        parent=unit.parent,
        path=unit.path,
        valid_from=valid_from,
        event=event,
    )


def _close_version(unit: Unit, on: date) -> None:
    UnitVersion.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=on)


def _record_event(actor, kind: str, effective_on: date, decision: str, description: str, links) -> RestructuringEvent:
    event = RestructuringEvent.objects.create(
        kind=kind,
        effective_on=effective_on,
        decision=normalise(decision),
        description=normalise(description),
        created_by=actor,
    )
    EventUnit.objects.bulk_create([EventUnit(event=event, unit=unit, role=role) for unit, role in links])
    mentions.index(event)
    return event


def _validate_code(code: str) -> str:
    code = normalise(code).upper()
    if not code:
        raise ValidationError({"code": _("Enter a code.")})
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("The code %(code)s is already used by another unit.") % {"code": code}})
    return code


@transaction.atomic
def create_unit(
    actor,
    *,
    name: str,
    kind: str,
    code: str,
    parent: Unit | None,
    established_on: date,
    short_name: str = "",
    decision: str = "",
) -> Unit:
    _check(actor, Action.RESTRUCTURE, parent)
    name = normalise(name)
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if parent is not None:
        if not parent.is_open:
            raise ValidationError({"parent": _("The parent unit is closed.")})
        if parent.kind in CELL_KINDS:
            raise ValidationError({"parent": _("A cell cannot have units under it.")})
        if established_on < parent.established_on:
            raise ValidationError({"established_on": _("A unit cannot be established before its parent.")})
    if established_on > today():
        raise ValidationError({"established_on": _("The date cannot be in the future.")})
    unit = Unit.objects.create(
        name=name,
        short_name=normalise(short_name),
        code=_validate_code(code),
        kind=UnitKind(kind),
        parent=parent,
        path="",
        depth=parent.depth + 1 if parent else 0,
        established_on=established_on,
        search_key=search_key(name, short_name, code),
        sort_key=collation_key(name),
    )
    unit.path = f"{parent.path if parent else ''}{unit.pk}."
    unit.save(update_fields=["path"])
    event = _record_event(actor, RestructuringEvent.Kind.ESTABLISH, established_on, decision, "", [(unit, "target")])
    _new_version(unit, established_on, event)
    audit.record(actor, "create", unit, after=audit.snapshot(unit), unit=unit)
    return unit


def _apply(unit: Unit, effective_on: date, event: RestructuringEvent, **changes) -> dict:
    """Close the unit's current version and open one with `changes` applied."""
    before = audit.snapshot(unit)
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.search_key = search_key(unit.name, unit.short_name, unit.code)
    unit.sort_key = collation_key(unit.name)
    # Only the changed fields: a stale copy of the unit must not write an old parent or path back.
    unit.save(update_fields=[*changes, "search_key", "sort_key"])
    _close_version(unit, effective_on)
    _new_version(unit, effective_on, event)
    return before


@transaction.atomic
def rename_unit(actor, unit: Unit, *, name: str, effective_on: date, short_name: str | None = None, decision=""):
    _check(actor, Action.RESTRUCTURE, unit)
    _check_date(effective_on, unit)
    name = normalise(name)
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if name == unit.name and (short_name is None or normalise(short_name) == unit.short_name):
        raise ValidationError({"name": _("The new name is the same as the current one.")})
    event = _record_event(actor, RestructuringEvent.Kind.RENAME, effective_on, decision, "", [(unit, "subject")])
    changes = {"name": name}
    if short_name is not None:
        changes["short_name"] = normalise(short_name)
    before = _apply(unit, effective_on, event, **changes)
    audit.record(actor, "rename", unit, before=before, after=audit.snapshot(unit), unit=unit)
    return event


def _reparent(actor, unit: Unit, new_parent: Unit, effective_on: date, event: RestructuringEvent) -> None:
    """Move `unit` and its whole open subtree under `new_parent`, versioning every unit whose path changes and
    auditing each unit below it (the caller audits `unit`), so the audit log can rebuild every one of them.

    `unit` itself is updated in place, so the caller's copy (and its audit snapshot) is current.
    """
    old_prefix = unit.path
    new_prefix = f"{new_parent.path}{unit.pk}."
    depth_shift = new_parent.depth + 1 - unit.depth
    for node in Unit.objects.open().filter(path__startswith=old_prefix).order_by("path"):
        if node.pk == unit.pk:
            node = unit
        changes = {"path": new_prefix + node.path[len(old_prefix) :], "depth": node.depth + depth_shift}
        if node.pk == unit.pk:
            changes["parent"] = new_parent
        before = _apply(node, effective_on, event, **changes)
        if node.pk != unit.pk:
            audit.record(actor, "move", node, before=before, after=audit.snapshot(node), unit=node)


def _check_new_parent(unit: Unit, new_parent: Unit) -> None:
    if not new_parent.is_open:
        raise ValidationError({"parent": _("The new parent unit is closed.")})
    if new_parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("A unit cannot be moved under itself or one of its sub-units.")})
    if new_parent.kind in CELL_KINDS:
        raise ValidationError({"parent": _("A cell cannot have units under it.")})


@transaction.atomic
def move_unit(actor, unit: Unit, *, new_parent: Unit, effective_on: date, decision: str = ""):
    _check(actor, Action.RESTRUCTURE, unit)
    _check(actor, Action.RESTRUCTURE, new_parent)
    _check_date(effective_on, unit)
    _check_new_parent(unit, new_parent)
    if unit.parent_id == new_parent.pk:
        raise ValidationError({"parent": _("The unit is already under %(unit)s.") % {"unit": new_parent}})
    event = _record_event(
        actor,
        RestructuringEvent.Kind.MOVE,
        effective_on,
        decision,
        "",
        [(unit, "subject"), (unit.parent, "source"), (new_parent, "target")],
    )
    before = audit.snapshot(unit)
    _reparent(actor, unit, new_parent, effective_on, event)
    audit.record(actor, "move", unit, before=before, after=audit.snapshot(unit), unit=unit)
    return event


@dataclass
class Plan:
    """What a merge or split will do, shown to the clerk before it is carried out."""

    closed_units: list[Unit] = field(default_factory=list)
    moved_units: list[tuple[Unit, Unit]] = field(default_factory=list)  # (child, new parent)
    transferred_members: list[tuple[object, Unit, Unit]] = field(default_factory=list)  # (member, from, to)
    new_units: list[str] = field(default_factory=list)


def _members_in(unit: Unit):
    from dangvu.members.models import Member
    from dangvu.members.rules import ACTIVE_STATUSES

    return list(Member.objects.filter(unit=unit, status__in=[s.value for s in ACTIVE_STATUSES]).order_by("id"))


def plan_merge(sources: list[Unit], successor: Unit) -> Plan:
    plan = Plan()
    for source in sources:
        if source.pk == successor.pk:
            continue
        plan.closed_units.append(source)
        for child in source.children.open().order_by("path"):
            plan.moved_units.append((child, successor))
        for member in _members_in(source):
            plan.transferred_members.append((member, source, successor))
    return plan


def _validate_merge(sources: list[Unit], successor: Unit) -> None:
    others = [s for s in sources if s.pk != successor.pk]
    if not others:
        raise ValidationError(_("Choose at least one unit to merge into the successor."))
    for source in others:
        if successor.path.startswith(source.path):
            raise ValidationError(_("The successor cannot lie inside a unit being merged."))
    if successor.kind in CELL_KINDS and any(s.children.open().exists() for s in others):
        raise ValidationError(_("Units with sub-units can only be merged into a unit that can hold sub-units."))


def _transfer_members(actor, moves, effective_on: date, event: RestructuringEvent) -> None:
    from dangvu.members.operations import transfer_for_restructuring

    transfer_for_restructuring(actor, [(member, target) for member, _source, target in moves], effective_on, event)


def _close_unit(actor, unit: Unit, effective_on: date, event: RestructuringEvent, action: str) -> None:
    before = audit.snapshot(unit)
    unit.closed_on = effective_on
    unit.save(update_fields=["closed_on"])
    _close_version(unit, effective_on)
    audit.record(actor, action, unit, before=before, after=audit.snapshot(unit), unit=unit)


@transaction.atomic
def merge_units(
    actor,
    sources: list[Unit],
    *,
    effective_on: date,
    successor: Unit | None = None,
    new_unit: dict | None = None,
    decision: str = "",
) -> tuple[RestructuringEvent, Unit]:
    """Merge `sources` into an existing `successor` (one of them or another unit) or into a `new_unit`.

    Sub-units move under the successor and members of merged cells are transferred to it; the merged
    units close on `effective_on`.
    """
    for source in sources:
        _check(actor, Action.RESTRUCTURE, source)
    _check_date(effective_on, *sources)
    if successor is None:
        if not new_unit:
            raise ValidationError(_("Choose the successor unit or describe a new one."))
        successor = create_unit(actor, established_on=effective_on, decision=decision, **new_unit)
    else:
        _check(actor, Action.RESTRUCTURE, successor)
        _check_date(effective_on, successor)
    _validate_merge(sources, successor)
    plan = plan_merge(sources, successor)
    links = [(s, "source") for s in plan.closed_units] + [(successor, "target")]
    event = _record_event(actor, RestructuringEvent.Kind.MERGE, effective_on, decision, "", links)
    for child, new_parent in plan.moved_units:
        before = audit.snapshot(child)
        _reparent(actor, child, new_parent, effective_on, event)
        audit.record(actor, "move", child, before=before, after=audit.snapshot(child), unit=child)
    _transfer_members(actor, plan.transferred_members, effective_on, event)
    for source in plan.closed_units:
        _close_unit(actor, source, effective_on, event, "merge")
    return event, successor


@dataclass
class SplitPart:
    name: str
    code: str
    kind: str
    children: list[Unit] = field(default_factory=list)
    members: list = field(default_factory=list)


def plan_split(source: Unit, parts: list[SplitPart]) -> Plan:
    plan = Plan(closed_units=[source])
    for part in parts:
        plan.new_units.append(part.name)
        placeholder = Unit(name=part.name, code=part.code, kind=part.kind)
        plan.moved_units += [(child, placeholder) for child in part.children]
        plan.transferred_members += [(member, source, placeholder) for member in part.members]
    return plan


@transaction.atomic
def split_unit(
    actor, source: Unit, parts: list[SplitPart], *, effective_on: date, decision: str = ""
) -> RestructuringEvent:
    """Split `source` into new units under the same parent; every sub-unit and member must go to one part."""
    _check(actor, Action.RESTRUCTURE, source)
    _check_date(effective_on, source)
    if len(parts) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    children = {c.pk for c in source.children.open()}
    members = {m.pk for m in _members_in(source)}
    assigned_children = [c.pk for p in parts for c in p.children]
    assigned_members = [m.pk for p in parts for m in p.members]
    if sorted(assigned_children) != sorted(children) or sorted(assigned_members) != sorted(members):
        raise ValidationError(_("Every sub-unit and every member of the unit must go to exactly one new unit."))
    new_units = [
        create_unit(
            actor,
            name=p.name,
            code=p.code,
            kind=p.kind,
            parent=source.parent,
            established_on=effective_on,
            decision=decision,
        )
        for p in parts
    ]
    links = [(source, "source")] + [(u, "target") for u in new_units]
    event = _record_event(actor, RestructuringEvent.Kind.SPLIT, effective_on, decision, "", links)
    moves = []
    for part, unit in zip(parts, new_units, strict=True):
        for child in part.children:
            child.refresh_from_db()
            before = audit.snapshot(child)
            _reparent(actor, child, unit, effective_on, event)
            audit.record(actor, "move", child, before=before, after=audit.snapshot(child), unit=child)
        moves += [(member, source, unit) for member in part.members]
    _transfer_members(actor, moves, effective_on, event)
    _close_unit(actor, source, effective_on, event, "split")
    return event


@transaction.atomic
def dissolve_unit(actor, unit: Unit, *, effective_on: date, decision: str = "") -> RestructuringEvent:
    _check(actor, Action.RESTRUCTURE, unit)
    _check_date(effective_on, unit)
    if unit.children.open().exists():
        raise ValidationError(
            _("Move or dissolve the sub-units first: %(unit)s still has open sub-units.") % {"unit": unit}
        )
    if _members_in(unit):
        raise ValidationError(_("Transfer the members first: %(unit)s still has members.") % {"unit": unit})
    event = _record_event(actor, RestructuringEvent.Kind.DISSOLVE, effective_on, decision, "", [(unit, "source")])
    _close_unit(actor, unit, effective_on, event, "dissolve")
    return event


@transaction.atomic
def open_term(actor, unit: Unit, *, name: str, starts_on: date, ends_on: date | None = None) -> Term:
    _check(actor, Action.CHANGE, unit)
    name = normalise(name)
    if Term.objects.filter(unit=unit, name=name).exists():
        raise ValidationError({"name": _("This unit already has a term %(name)s.") % {"name": name}})
    if ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    term = Term.objects.create(unit=unit, name=name, starts_on=starts_on, ends_on=ends_on)
    audit.record(actor, "create", term, after=audit.snapshot(term), unit=unit)
    return term


@transaction.atomic
def appoint(actor, term: Term, member, *, role: str, starts_on: date, ends_on: date | None = None) -> Position:
    """Give `member` a seat in the committee of `term` (elected at the congress or appointed later)."""
    _check(actor, Action.CHANGE, term.unit)
    if starts_on < term.starts_on or (term.ends_on and starts_on >= term.ends_on):
        raise ValidationError({"starts_on": _("The date must fall within the term %(term)s.") % {"term": term.name}})
    if ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    if not member.unit.path.startswith(term.unit.path):
        raise ValidationError({"member": _("The member does not belong to this unit.")})
    overlapping = Position.objects.filter(term=term, member=member).active_on(starts_on)
    if overlapping.exists():
        raise ValidationError({"member": _("The member already holds a position in this committee on that date.")})
    position = Position.objects.create(term=term, member=member, role=role, starts_on=starts_on, ends_on=ends_on)
    audit.record(actor, "appoint", position, after=audit.snapshot(position), unit=term.unit)
    return position


@transaction.atomic
def end_position(actor, position: Position, *, ends_on: date) -> Position:
    _check(actor, Action.CHANGE, position.term.unit)
    if ends_on <= position.starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    before = audit.snapshot(position)
    position.ends_on = ends_on
    position.save(update_fields=["ends_on"])
    audit.record(
        actor, "end_position", position, before=before, after=audit.snapshot(position), unit=position.term.unit
    )
    return position
