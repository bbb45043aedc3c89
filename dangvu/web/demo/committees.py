"""Terms and committees: the bloc's executive committee, base committees and cell secretaries.

Base committees and the bloc hold 5-year terms (2020-2025); cells under a base committee held
mid-term congresses for 2022-2025, as the seed article reports (rules.md §8). A cell with 9 or more
full members elects a cell committee (Điều lệ Đảng, Điều 24); here such base cells get a deputy.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from dangvu.units.models import PositionRole, UnitKind
from dangvu.units.operations import appoint, open_term
from dangvu.web.demo import catalogue
from dangvu.web.demo.names import Person
from dangvu.web.demo.people import BLOC_LEADERS
from dangvu.web.demo.units import DemoTree

TERM_2020 = ("2020-2025", date(2020, 8, 1), date(2025, 8, 1))
TERM_2022 = ("2022-2025", date(2022, 5, 1), date(2025, 5, 1))
CELL_COMMITTEE_THRESHOLD = 9
# Base organisations whose secretaries sit on the bloc's standing committee.
BLOC_STANDING = ("VPTU", "VPUB", "STC")
BLOC_MEMBERS = 16


@dataclass
class Seats:
    secretaries: dict[str, Person] = field(default_factory=dict)  # unit code → secretary
    holders: dict[str, list[Person]] = field(default_factory=dict)  # unit code → everyone seated


def _eligible(person: Person, on: date) -> bool:
    return (
        not person.busy and person.confirmed is not None and person.confirmed < on and 1958 <= person.birth.year <= 1992
    )


def _choose(rng: random.Random, people: list[Person], on: date, count: int) -> list[Person]:
    """`count` eligible people, those with more political theory first."""
    pool = [p for p in people if _eligible(p, on)]
    trained = [p for p in pool if p.row["theory_level"] in {"intermediate", "advanced", "bachelor"}]
    chosen = rng.sample(trained, min(count, len(trained)))
    chosen += rng.sample([p for p in pool if p not in chosen], count - len(chosen))
    for person in chosen:
        person.busy = True
    return chosen


def _seat(seats: Seats, unit, term_spec, seated: list[tuple[Person, str]]) -> None:
    name, starts_on, ends_on = term_spec
    term = open_term(None, unit, name=name, starts_on=starts_on, ends_on=ends_on)
    for person, role in seated:
        appoint(None, term, person.member, role=role, starts_on=starts_on)
    seats.secretaries[unit.code] = seated[0][0]
    seats.holders[unit.code] = [person for person, _role in seated]


def elect_committees(rng: random.Random, tree: DemoTree, roster: dict[int, list[Person]]) -> Seats:
    seats = Seats()
    starts_2020, starts_2022 = TERM_2020[1], TERM_2022[1]
    for code, base in tree.base.items():
        cells = tree.cells_of[code]
        if base.kind == UnitKind.BASE_CELL:
            people = roster[base.pk]  # the bloc's leaders in the bloc office are already busy
            count = 2 if len(people) >= CELL_COMMITTEE_THRESHOLD else 1
            chosen = _choose(rng, people, starts_2020, count)
            roles = [PositionRole.SECRETARY, PositionRole.DEPUTY][:count]
            _seat(seats, base, TERM_2020, list(zip(chosen, roles, strict=True)))
            continue
        everyone = [p for cell in cells for p in roster[cell.unit.pk]]
        chosen = _choose(rng, everyone, starts_2020, 2 + rng.randint(3, 7))
        roles = [PositionRole.SECRETARY, PositionRole.DEPUTY] + [PositionRole.MEMBER] * (len(chosen) - 2)
        _seat(seats, base, TERM_2020, list(zip(chosen, roles, strict=True)))
        for cell in cells:
            (secretary,) = _choose(rng, roster[cell.unit.pk], starts_2022, 1)
            _seat(seats, cell.unit, TERM_2022, [(secretary, PositionRole.SECRETARY)])
    _elect_bloc(seats, tree, roster)
    return seats


def _elect_bloc(seats: Seats, tree: DemoTree, roster: dict[int, list[Person]]) -> None:
    leaders = roster[tree.base[catalogue.BLOC_OFFICE.code].pk][:BLOC_LEADERS]
    roles = [PositionRole.SECRETARY, PositionRole.STANDING_DEPUTY, PositionRole.DEPUTY]
    seated = list(zip(leaders[:3], roles, strict=True))
    seated += [(p, PositionRole.STANDING_MEMBER) for p in leaders[3:]]
    seated += [(seats.secretaries[code], PositionRole.STANDING_MEMBER) for code in BLOC_STANDING]
    others = [code for code in tree.base if code not in BLOC_STANDING and code != catalogue.BLOC_OFFICE.code]
    seated += [(seats.secretaries[code], PositionRole.MEMBER) for code in others[:BLOC_MEMBERS]]
    _seat(seats, tree.bloc, TERM_2020, seated)
