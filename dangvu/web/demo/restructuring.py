"""Restructuring for the history pages: two forestry companies' committees merged, a cell renamed."""

from datetime import date

from dangvu.members.models import Member
from dangvu.units.models import Position, PositionRole, Unit, UnitKind
from dangvu.units.operations import appoint, end_position, merge_units, open_term, rename_unit
from dangvu.web.demo import catalogue
from dangvu.web.demo.committees import TERM_2020, Seats
from dangvu.web.demo.units import DemoTree

MERGED_ON = date(2023, 7, 1)
RENAMED_ON = date(2024, 3, 1)


def restructure(tree: DemoTree, seats: Seats) -> None:
    sources = [tree.base[code] for code in catalogue.MERGED]
    name, code = catalogue.MERGE_SUCCESSOR
    _event, successor = merge_units(
        None,
        sources,
        effective_on=MERGED_ON,
        new_unit={"name": name, "kind": UnitKind.BASE_COMMITTEE, "code": code, "parent": tree.bloc},
        decision="Quyết định số 178-QĐ/ĐUK",
    )
    tree.base[code] = successor
    # The merged committees' seats end with them; their people form the successor's committee.
    for source in sources:
        for position in Position.objects.filter(term__unit=source).order_by("id"):
            end_position(None, position, ends_on=MERGED_ON)
    holders = [seats.holders[c] for c in catalogue.MERGED]
    secretary, deputy = holders[0][0], holders[1][0]
    members = [p for group in holders for p in group[1:]][:5]
    term_name, _starts, ends_on = TERM_2020
    term = open_term(None, successor, name=term_name, starts_on=MERGED_ON, ends_on=ends_on)
    seated = [(secretary, PositionRole.SECRETARY), (deputy, PositionRole.DEPUTY)]
    seated += [(p, PositionRole.MEMBER) for p in members]
    for person, role in seated:
        member = Member.objects.select_related("unit").get(pk=person.member.pk)  # its cell has moved
        appoint(None, term, member, role=role, starts_on=MERGED_ON)
    seats.secretaries[code] = secretary
    seats.holders[code] = [p for p, _role in seated]

    renamed_code, new_name = catalogue.RENAMED
    rename_unit(
        None,
        Unit.objects.get(code=renamed_code),
        name=new_name,
        effective_on=RENAMED_ON,
        decision="Quyết định số 215-QĐ/ĐUK",
    )
