"""Demo accounts: one per role, linked to the member records of the people who hold them."""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password

from dangvu.access.models import Grant, User
from dangvu.access.roles import Role
from dangvu.units.models import Unit
from dangvu.web.demo import catalogue
from dangvu.web.demo.committees import Seats
from dangvu.web.demo.names import Person
from dangvu.web.demo.units import DemoTree

# The same for every demo account and independent of settings: the demo is for trying dangvu out.
DEMO_PASSWORD = "dangvu-demo"
GRANTS_FROM = date(2020, 1, 1)
USERNAMES = ("admin", "vanphong", "bithu", "bithu.vptu", "bithu.chibo", "dangvien")


@dataclass
class Account:
    username: str
    role: str
    unit: Unit
    person: Person | None = None
    full_name: str = ""
    superuser: bool = False


def _plain_member(rng: random.Random, people: list[Person]) -> Person:
    """Someone with no office and no later events, confirmed long ago; from now on left alone."""
    pool = [p for p in people if not p.busy and p.confirmed is not None and p.confirmed < date(2019, 1, 1)]
    person = rng.choice(pool)
    person.busy = True
    return person


def plan_accounts(rng: random.Random, tree: DemoTree, roster: dict[int, list[Person]], seats: Seats) -> list[Account]:
    """Choose who holds each demo account (before later events, so that these people stay put)."""
    office = tree.base[catalogue.BLOC_OFFICE.code]
    vptu = tree.base["VPTU"]
    cell = tree.cells_of["VPTU"][0].unit
    return [
        Account("admin", Role.ADMIN, tree.province, full_name="Quản trị hệ thống", superuser=True),
        Account("vanphong", Role.OFFICE, tree.bloc, _plain_member(rng, roster[office.pk])),
        Account("bithu", Role.LEADER, tree.bloc, seats.secretaries[tree.bloc.code]),
        Account("bithu.vptu", Role.SECRETARY, vptu, seats.secretaries[vptu.code]),
        Account("bithu.chibo", Role.SECRETARY, cell, seats.secretaries[cell.code]),
        Account("dangvien", Role.MEMBER, cell, _plain_member(rng, roster[cell.pk])),
    ]


def create_accounts(accounts: list[Account]) -> None:
    # One hash for all: hashing is deliberately slow, and these accounts share a published password.
    password_hash = make_password(DEMO_PASSWORD)
    for account in accounts:
        member = account.person.member if account.person else None
        user = User.objects.create_user(
            username=account.username,
            full_name=account.full_name or (member.full_name if member else ""),
            member=member,
            is_superuser=account.superuser,
            is_staff=account.superuser,
        )
        user.password = password_hash
        user.save(update_fields=["password"])
        Grant.objects.create(user=user, role=account.role, unit=account.unit, starts_on=GRANTS_FROM)


def login_rows() -> list[tuple[str, str, str, str]]:
    """(user name, password, role, unit) of the demo accounts that exist, in a fixed order."""
    grants = Grant.objects.filter(user__username__in=USERNAMES).select_related("user", "unit")
    by_user = {g.user.username: g for g in grants}
    return [
        (name, DEMO_PASSWORD, str(Role(by_user[name].role).label), by_user[name].unit.name)
        for name in USERNAMES
        if name in by_user
    ]
