"""The audit log alone rebuilds any member's or unit's state at any moment (`audit.state_at`).

A random sequence of operations (admissions, profile edits, lifecycle events; units created, renamed and moved) is
carried out through the operations modules. After each step the live records are snapshotted with the time of the
last audit entry. Then, for every record and every step, the state rebuilt from the audit log as of that time must be
the snapshot taken then — and, at the end, the live record's snapshot.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dangvu.access import audit
from dangvu.access.models import AuditEntry
from dangvu.core.tests.helpers import in_rollback
from dangvu.members import operations as members
from dangvu.members.models import Member
from dangvu.units import operations as units
from dangvu.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

MEMBER, UNIT = Member._meta.label_lower, Unit._meta.label_lower

NAMES = ["Nguyễn Văn An", "Trần Thị Hoa", "Lê Văn Bình", "Phạm Thị Lan", "Đặng Quốc Hùng"]
PROFILE_VALUES = {
    "full_name": st.sampled_from(NAMES),
    "workplace": st.sampled_from(["", "Sở Tài chính", "Văn phòng Tỉnh ủy", "Báo Tuyên Quang"]),
    "phone": st.sampled_from(["", "0912345678", "0987654321"]),
    "birth_date": st.sampled_from([None, date(1980, 2, 3), date(1991, 12, 30)]),
    "card_number": st.sampled_from(["", "00001234", "00005678"]),  # a clash with another member is refused
    "theory_level": st.sampled_from(["", "Trung cấp", "Cao cấp"]),
}
EVENT_KINDS = ["transfer_permanent", "exemption", "resumption", "confirmation", "transfer_out", "death"]
index = st.integers(min_value=0, max_value=20)

steps = st.one_of(
    st.tuples(st.just("admit"), index, st.sampled_from(NAMES)),
    st.tuples(
        st.just("edit"),
        index,
        st.sampled_from(sorted(PROFILE_VALUES)).flatmap(lambda name: st.tuples(st.just(name), PROFILE_VALUES[name])),
    ),
    st.tuples(st.just("event"), index, st.sampled_from(EVENT_KINDS), index),
    st.tuples(st.just("create_cell"), index),
    st.tuples(st.just("rename"), index, st.sampled_from(["Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Kế toán"])),
    st.tuples(st.just("move_cell"), index, index),
)


def _pick(items: list, i: int):
    return items[i % len(items)]


def fresh(obj):
    """The record as stored now: an operation is given what a view would read."""
    return type(obj).objects.get(pk=obj.pk)


@dataclass
class World:
    """The records made so far, with the day the next dated step happens (always moving forward)."""

    committees: list[Unit] = field(default_factory=list)
    cells: list[Unit] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    day: date = date(2015, 1, 1)
    numbers: count = field(default_factory=lambda: count(1))

    def next_day(self) -> date:
        self.day += timedelta(days=20)
        return self.day

    def unit(self, kind: str, parent: Unit | None, name: str) -> Unit:
        n = next(self.numbers)
        return units.create_unit(
            None, name=name, kind=kind, code=f"R{n}", parent=parent, established_on=date(2000, 1, 1)
        )

    def cell(self, parent: Unit) -> Unit:
        cell = self.unit(UnitKind.CELL, parent, f"Chi bộ {next(self.numbers)}")
        self.cells.append(cell)
        return cell


def build(world: World) -> None:
    bloc = world.unit(UnitKind.BLOC, None, "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh")
    world.committees = [
        world.unit(UnitKind.BASE_COMMITTEE, bloc, "Đảng bộ Văn phòng Tỉnh ủy"),
        world.unit(UnitKind.BASE_COMMITTEE, bloc, "Đảng bộ Sở Tài chính"),
    ]
    for committee in world.committees:
        world.cell(committee)
    for cell, name in zip(world.cells, NAMES, strict=False):
        member = members.admit_member(
            None, unit=cell, admitted_on=date(2010, 1, 1), confirmed_on=date(2011, 1, 1), full_name=name, gender="male"
        )
        world.members.append(member)


def perform(world: World, step: tuple) -> None:
    """Carry out one step; a step the operations refuse (an impossible event, a clashing card) changes nothing."""
    kind, *args = step
    try:
        if kind == "admit":
            cell, name = _pick(world.cells, args[0]), args[1]
            member = members.admit_member(
                None, unit=fresh(cell), admitted_on=date(2010, 1, 1), confirmed_on=None, full_name=name, gender="male"
            )
            world.members.append(member)
        elif kind == "edit" and world.members:
            name, value = args[1]
            members.update_member(None, fresh(_pick(world.members, args[0])), **{name: value})
        elif kind == "event" and world.members:
            member, event, target = fresh(_pick(world.members, args[0])), args[1], fresh(_pick(world.cells, args[2]))
            unit = target if event == "transfer_permanent" else None
            members.record_event(None, member, kind=event, occurred_on=world.next_day(), unit=unit, destination="x")
        elif kind == "create_cell":
            world.cell(fresh(_pick(world.committees, args[0])))
        elif kind == "rename":
            units.rename_unit(None, fresh(_pick(world.cells, args[0])), name=args[1], effective_on=world.next_day())
        elif kind == "move_cell":
            cell, parent = fresh(_pick(world.cells, args[0])), fresh(_pick(world.committees, args[1]))
            units.move_unit(None, cell, new_parent=parent, effective_on=world.next_day())
    except ValidationError:
        pass


def live_states() -> dict[tuple[str, int], dict]:
    states = {(UNIT, u.pk): audit.snapshot(u) for u in Unit.objects.all()}
    states.update({(MEMBER, m.pk): audit.snapshot(m) for m in Member.objects.all()})
    return states


def last_entry_at() -> datetime:
    return AuditEntry.objects.aggregate(last=Max("at"))["last"]


def replay_mismatches(checkpoints: list[tuple[datetime, dict]]) -> list[str]:
    keys = set(checkpoints[-1][1])
    problems = []
    for moment, states in checkpoints:
        for key in sorted(keys):
            rebuilt = audit.state_at(key[0], key[1], moment)
            if rebuilt != states.get(key):
                problems.append(f"{key} at {moment:%H:%M:%S.%f}: rebuilt {rebuilt}, live {states.get(key)}")
    return problems


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(steps, min_size=4, max_size=15))
def test_the_audit_log_rebuilds_every_member_and_unit_at_every_step(plan):
    def check():
        world = World()
        checkpoints = [(timezone.now(), {})]  # before anything exists: nothing to rebuild
        build(world)
        checkpoints.append((last_entry_at(), live_states()))
        for step in plan:
            perform(world, step)
            checkpoints.append((last_entry_at(), live_states()))
        for action in AuditEntry.objects.order_by().values_list("action", flat=True).distinct():
            event(f"audited: {action}")  # shown by --hypothesis-show-statistics: which operations were exercised
        problems = replay_mismatches(checkpoints)
        assert not problems, "\n".join(problems)
        now = timezone.now()
        for (object_type, object_id), state in live_states().items():
            assert audit.state_at(object_type, object_id, now) == state

    in_rollback(check)


def test_a_deleted_record_rebuilds_as_none():
    """A deletion entry (`after` empty) ends the record's state."""
    world = World()
    build(world)
    cell = world.cells[0]
    created = last_entry_at()
    audit.record(None, "delete", cell, before=audit.snapshot(cell))
    assert audit.state_at(UNIT, cell.pk, created) == audit.snapshot(Unit.objects.get(pk=cell.pk))
    assert audit.state_at(UNIT, cell.pk, timezone.now()) is None


def test_moving_a_committee_rebuilds_the_cells_below_it():
    world = World()
    build(world)
    moved, target = world.committees[0], world.unit(UnitKind.BLOC, None, "Đảng bộ Khối Doanh nghiệp")
    units.move_unit(None, Unit.objects.get(pk=moved.pk), new_parent=target, effective_on=date(2015, 1, 1))
    cell = Unit.objects.get(pk=world.cells[0].pk)
    assert cell.path.startswith(target.path)
    assert audit.state_at(UNIT, cell.pk, timezone.now()) == audit.snapshot(cell)
