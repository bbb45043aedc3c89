"""Later lifecycle events of demo members, recorded in date order through `record_event`.

Each person gets at most one story (a transfer, a temporary posting, exemption then perhaps
death, …), so every sequence is valid by construction; a cell never drops below a handful of
members, so it keeps the 3 full members it needs (Điều lệ Đảng, Điều 21).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from dangvu.members.operations import record_event
from dangvu.members.rules import EventKind
from dangvu.units.models import Unit
from dangvu.web.demo.names import Person, add_years, random_day
from dangvu.web.demo.units import DemoTree

LATEST_EVENT = date(2025, 6, 30)
MIN_CELL_SIZE = 6
COUNTS = {"permanent": 150, "temporary": 40, "exemption": 30, "death": 25, "transfer_out": 5, "striking_off": 3}
DESTINATIONS_OUT = (
    "Đảng bộ xã Tân Trào, huyện Sơn Dương",
    "Đảng bộ thị trấn Na Hang, huyện Na Hang",
    "Đảng bộ Khối các cơ quan tỉnh Hà Giang",
    "Đảng bộ Sở Tài chính tỉnh Phú Thọ",
    "Đảng bộ phường Tân Hà, thành phố Tuyên Quang",
)


@dataclass
class Planned:
    on: date
    person: Person
    kind: EventKind
    unit: Unit | None = None
    destination: str = ""
    decision: str = ""
    note: str = ""


class Planner:
    def __init__(self, rng: random.Random, tree: DemoTree, roster: dict[int, list[Person]]) -> None:
        self.rng = rng
        self.tree = tree
        self.cell_of = {p: cell_id for cell_id, people in roster.items() for p in people}
        self.size = {cell_id: len(people) for cell_id, people in roster.items()}
        self.people = [p for people in roster.values() for p in people]
        self.units = {cell.unit.pk: cell.unit for cell in tree.cells}
        self.events: list[Planned] = []
        self.decisions = iter(range(12, 10_000, 7))

    def _candidates(self, test) -> list[Person]:
        pool = [p for p in self.people if not p.busy and p.confirmed is not None and test(p)]
        self.rng.shuffle(pool)
        return pool

    def _leaving(self, person: Person) -> bool:
        """Whether `person` may leave their cell without leaving it too small; reserves the departure."""
        cell = self.cell_of[person]
        if self.size[cell] <= MIN_CELL_SIZE:
            return False
        self.size[cell] -= 1
        return True

    def _other_cell(self, person: Person, on: date) -> Unit:
        """Half the time a cell of the same base organisation (if one existed then), else any cell."""
        here = self.units[self.cell_of[person]]
        anywhere = [c.unit for c in self.tree.cells if c.unit != here and c.unit.established_on < on]
        same_base = [u for u in anywhere if u.parent_id == here.parent_id]
        return self.rng.choice(same_base if same_base and self.rng.random() < 0.5 else anywhere)

    def _decision(self) -> str:
        return f"Quyết định số {next(self.decisions)}-QĐ/ĐUK"

    def _add(self, person: Person, on: date, kind: EventKind, **details) -> None:
        person.busy = True
        self.events.append(Planned(on, person, kind, **details))

    def permanent_transfers(self, count: int) -> None:
        for person in self._candidates(lambda p: p.confirmed < date(2021, 6, 1))[: count * 2]:
            if count == 0:
                break
            on = random_day(self.rng, max(date(2015, 1, 1), person.confirmed + timedelta(days=30)), date(2022, 12, 31))
            if not self._leaving(person):
                continue
            target = self._other_cell(person, on)
            self.size[target.pk] += 1
            self._add(person, on, EventKind.TRANSFER_PERMANENT, unit=target, decision=self._decision())
            count -= 1

    def temporary_transfers(self, count: int) -> None:
        for person in self._candidates(lambda p: p.confirmed < date(2023, 1, 1))[:count]:
            on = random_day(self.rng, max(date(2018, 1, 1), person.confirmed + timedelta(days=30)), date(2024, 6, 30))
            note = self.rng.choice(["Đi học tập trung", "Biệt phái công tác", "Điều động tăng cường cơ sở"])
            self._add(person, on, EventKind.TRANSFER_TEMPORARY, unit=self._other_cell(person, on), note=note)
            ends = on + timedelta(days=self.rng.randint(180, 540))
            if self.rng.random() < 0.5 and ends <= LATEST_EVENT:
                self.events.append(Planned(ends, person, EventKind.TEMPORARY_END))

    def exemptions_and_deaths(self, exemptions: int, deaths: int) -> None:
        exempted = []
        for person in self._candidates(lambda p: p.birth.year <= 1962)[:exemptions]:
            on = random_day(
                self.rng, max(date(2016, 1, 1), add_years(person.birth, 58), person.confirmed), date(2024, 12, 31)
            )
            note = "Tuổi cao, sức yếu, có đơn đề nghị"
            self._add(person, on, EventKind.EXEMPTION, decision=self._decision(), note=note)
            exempted.append((person, on))
        for person, exempt_on in exempted[: deaths // 3]:
            if self._leaving(person) and exempt_on < date(2024, 6, 1):
                self.events.append(
                    Planned(random_day(self.rng, exempt_on + timedelta(days=60), LATEST_EVENT), person, EventKind.DEATH)
                )
                deaths -= 1
        for person in self._candidates(lambda p: p.birth.year <= 1968):
            if deaths == 0:
                break
            if self._leaving(person):
                on = random_day(self.rng, max(date(2015, 1, 1), person.confirmed + timedelta(days=30)), LATEST_EVENT)
                self._add(person, on, EventKind.DEATH)
                deaths -= 1

    def departures(self, transfers_out: int, struck_off: int) -> None:
        for person in self._candidates(lambda p: p.confirmed < date(2019, 1, 1)):
            if transfers_out == 0:
                break
            if self._leaving(person):
                on = random_day(self.rng, date(2019, 1, 1), date(2024, 12, 31))
                self._add(person, on, EventKind.TRANSFER_OUT, destination=self.rng.choice(DESTINATIONS_OUT))
                transfers_out -= 1
        for person in self._candidates(lambda p: p.birth.year >= 1985 and p.confirmed < date(2019, 1, 1)):
            if struck_off == 0:
                break
            if self._leaving(person):
                on = random_day(self.rng, date(2019, 3, 1), date(2023, 12, 31))
                note = "Không đóng đảng phí 3 tháng trong năm mà không có lý do chính đáng"
                self._add(person, on, EventKind.STRIKING_OFF, decision=self._decision(), note=note)
                struck_off -= 1


def record_histories(rng: random.Random, tree: DemoTree, roster: dict[int, list[Person]]) -> int:
    planner = Planner(rng, tree, roster)
    planner.permanent_transfers(COUNTS["permanent"])
    planner.temporary_transfers(COUNTS["temporary"])
    planner.exemptions_and_deaths(COUNTS["exemption"], COUNTS["death"])
    planner.departures(COUNTS["transfer_out"], COUNTS["striking_off"])
    # Record in date order, as a clerk would have entered them over the years.
    events = sorted(planner.events, key=lambda e: (e.on, e.person.member.pk, e.kind != EventKind.EXEMPTION))
    for event in events:
        record_event(
            None,
            event.person.member,
            kind=event.kind,
            occurred_on=event.on,
            unit=event.unit,
            destination=event.destination,
            decision=event.decision,
            note=event.note,
        )
    return len(events)
