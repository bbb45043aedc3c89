"""The demo data: shape, rules, accounts, restructuring history, determinism.

The demo is loaded once for the package (`conftest.demo_output`).
"""

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Max, Q

from dangvu.access.models import AuditEntry, User
from dangvu.access.scoping import today
from dangvu.members.models import Member, MemberEvent
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.units.models import CELL_KINDS, Position, PositionRole, Unit, UnitKind
from dangvu.web.demo import DEMO_PASSWORD
from dangvu.web.demo.users import USERNAMES

pytestmark = pytest.mark.django_db

MERGED_ON = date(2023, 7, 1)


def _digest() -> str:
    rows = Member.objects.order_by("card_number").values_list(
        "full_name", "card_number", "citizen_id", "birth_date", "admitted_on", "status", "unit__code"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_load_prints_a_summary(demo_output):
    assert "Demo data loaded:" in demo_output
    assert "members" in demo_output


def test_bloc_has_about_forty_base_organisations(demo_output):
    bloc = Unit.objects.get(code="DBK")
    assert bloc.parent.code == "TQ" and bloc.short_name == "Đảng bộ Khối"
    base = Unit.objects.open().filter(parent=bloc, kind__in=[UnitKind.BASE_COMMITTEE, UnitKind.BASE_CELL])
    assert 38 <= base.count() <= 42
    assert base.filter(name="Đảng bộ Văn phòng Tỉnh ủy", kind=UnitKind.BASE_COMMITTEE).exists()
    mass = Unit.objects.filter(parent=bloc).values_list("kind", flat=True)
    assert {"youth_union", "trade_union", "veterans", "women"} <= set(mass)


def test_member_count_is_about_three_thousand(demo_output):
    assert 2800 <= Member.objects.count() <= 3200


def test_every_open_cell_has_at_least_three_active_members(demo_output):
    active = Q(members__status__in=[s.value for s in ACTIVE_STATUSES])
    cells = Unit.objects.open().filter(kind__in=CELL_KINDS).annotate(active=Count("members", filter=active))
    assert cells.count() > 150
    assert min(cells.values_list("active", flat=True)) >= 3


def test_every_base_committee_has_thirty_members_or_more(demo_output):
    for committee in Unit.objects.open().filter(kind=UnitKind.BASE_COMMITTEE):
        assert Member.objects.in_subtree(committee).count() >= 30, committee.name


def test_lifecycle_events_were_recorded(demo_output):
    kinds = dict(MemberEvent.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds["transfer_permanent"] >= 140
    assert kinds["transfer_temporary"] >= 35 and kinds["temporary_end"] >= 1
    assert kinds["exemption"] >= 25 and kinds["death"] >= 20
    assert kinds["transfer_out"] == 5 and kinds["striking_off"] == 3
    assert Member.objects.filter(status="probationary", admitted_on__year=2022).exists()
    assert not Member.objects.filter(status="probationary", admitted_on__year__lt=2022).exists()


def test_no_date_lies_in_the_future(demo_output):
    latest = [
        MemberEvent.objects.aggregate(d=Max("occurred_on"))["d"],
        Unit.objects.aggregate(d=Max("established_on"))["d"],
        Member.objects.aggregate(d=Max("confirmed_on"))["d"],
        Position.objects.aggregate(d=Max("starts_on"))["d"],
    ]
    assert max(latest) <= today()


def test_card_numbers_and_citizen_ids_are_unique_and_well_formed(demo_output):
    cards = list(Member.objects.values_list("card_number", flat=True))
    ids = list(Member.objects.values_list("citizen_id", flat=True))
    assert len(set(cards)) == len(cards) and all(len(c) == 8 and c.isdigit() for c in cards)
    assert len(set(ids)) == len(ids) and all(len(i) == 12 and i.startswith("008") for i in ids)


def test_bloc_executive_committee_has_its_standing_deputy_secretary(demo_output):
    seats = Position.objects.filter(term__unit__code="DBK", term__name="2020-2025")
    assert 23 <= seats.count() <= 27
    deputy = seats.get(role=PositionRole.STANDING_DEPUTY)
    assert deputy.member.full_name == "Trần Việt Hùng"
    assert Member.objects.filter(full_name="Trần Việt Hùng").count() == 1
    assert seats.filter(role=PositionRole.SECRETARY).count() == 1


def test_writes_are_in_the_audit_log_as_a_command(demo_output):
    assert AuditEntry.objects.filter(source="command", actor__isnull=True).count() > 3000


@pytest.mark.parametrize("username", USERNAMES)
def test_each_demo_user_logs_in_and_sees_the_dashboard(demo_output, client, username):
    assert client.login(username=username, password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200


def test_cell_secretary_sees_only_their_cell(demo_output):
    user = User.objects.get(username="bithu.chibo")
    (grant,) = user.grants.all()
    visible = Member.objects.visible_to(user)
    assert visible.count() == Member.objects.filter(unit=grant.unit).count() > 0
    assert set(visible.values_list("unit_id", flat=True)) == {grant.unit_id}
    assert user.member.unit_id == grant.unit_id


def test_merged_committees_close_and_their_members_count_in_the_successor(demo_output):
    old = list(Unit.objects.filter(code__in=["LNSD", "LNYS"]))
    successor = Unit.objects.get(code="LNTQ")
    assert [u.closed_on for u in old] == [MERGED_ON, MERGED_ON]
    before = sum(Member.objects.in_subtree_as_of(u, date(2023, 6, 30)).count() for u in old)
    assert before >= 60
    assert Member.objects.in_subtree_as_of(successor, MERGED_ON).count() == before
    assert all(Member.objects.in_subtree_as_of(u, MERGED_ON).count() == 0 for u in old)


def test_a_unit_was_renamed_in_2024(demo_output):
    unit = Unit.objects.get(code="XTDT")
    names = list(unit.versions.order_by("valid_from").values_list("name", "valid_from"))
    assert names[-1][0] == unit.name != names[0][0]
    assert names[-1][1].year == 2024


def test_loading_again_does_nothing(demo_output):
    members = Member.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue().strip() == "Demo data already loaded."
    assert Member.objects.count() == members


def test_demo_logins_lists_every_account(demo_output):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    for username in USERNAMES:
        assert username in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_fresh_load_gives_the_same_people(demo_output):
    first = _digest()
    if connection.vendor == "postgresql":
        # Inside the test's transaction, PostgreSQL refuses TRUNCATE while deferred FK checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("load_demo", "--fresh", stdout=StringIO())
    ContentType.objects.clear_cache()  # flush recreated the content types inside this test's savepoint
    assert _digest() == first
