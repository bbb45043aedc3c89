"""Demo members: generated for every cell and admitted in batches through `admit_members`."""

import random

from dangvu.members.operations import admit_members
from dangvu.web.demo import catalogue
from dangvu.web.demo.names import PeopleFactory, Person
from dangvu.web.demo.units import DemoTree

BATCH = 500
# The one real name in the demo: the bloc's standing deputy secretary named in the seed article
# (Báo Tuyên Quang, 14-4-2022). Everything else about this record, and everyone else, is fictional.
STANDING_DEPUTY_NAME = "Trần Việt Hùng"
# Seats of the bloc's office cell filled first: secretary, standing deputy, deputy and standing members.
BLOC_LEADERS = 6


def generate_people(rng: random.Random, tree: DemoTree) -> dict[int, list[Person]]:
    """Unit id of each cell → its people, in a fixed order."""
    factory = PeopleFactory(rng, sum(cell.size for cell in tree.cells))
    roster: dict[int, list[Person]] = {}
    for cell in tree.cells:
        people = []
        for index in range(cell.size):
            senior = cell.org is catalogue.BLOC_OFFICE and index < BLOC_LEADERS
            if senior and index == 1:
                people.append(
                    factory.person(
                        unit=cell.unit, org=cell.org, full_name=STANDING_DEPUTY_NAME, gender="male", senior=True
                    )
                )
                continue
            person = factory.person(unit=cell.unit, org=cell.org, senior=senior)
            while person.full_name == STANDING_DEPUTY_NAME:
                person = factory.person(unit=cell.unit, org=cell.org, senior=senior)
            people.append(person)
        roster[cell.unit.pk] = people
    return roster


def admit_people(roster: dict[int, list[Person]]) -> int:
    """Admit everyone (confirmed 12 months later unless admitted in 2022); attach the Member to each person."""
    people = [person for persons in roster.values() for person in persons]
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        members = admit_members(None, [p.row for p in batch], reason="Dữ liệu minh họa")
        for person, member in zip(batch, members, strict=True):
            person.member = member
    return len(people)
