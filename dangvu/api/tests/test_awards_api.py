from datetime import date

import pytest

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.api.tests.clients import token_client
from dangvu.awards import awarding
from dangvu.awards.models import AwardForm, Criterion, Recipients
from dangvu.awards.tests.factories import make_decision, rated
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


class World:
    """Lan (A1) rated HTXSNV 2017-2021 and commended for it; Hoa (B1) rated HTTNV in 2021; Sơn (A1) admitted in
    1992, 30 years of party age on 19/5/2022."""

    def __init__(self) -> None:
        self.tree = tree = Tree()
        self.lan = make_member(tree.a1, "Nguyễn Thị Lan", admitted_on=date(2005, 3, 1), confirmed_on=date(2006, 3, 1))
        self.hoa = make_member(tree.b1, "Lê Thị Hoa")
        self.son = make_member(tree.a1, "Hoàng Văn Sơn", admitted_on=date(1992, 5, 19), confirmed_on=date(1993, 5, 19))
        for year in range(2017, 2022):
            rated(self.lan, year, "excellent")
        rated(self.hoa, 2021, "good")
        self.five_years = awarding.create_award_type(
            None,
            name="Giấy khen 5 năm liền",
            form=AwardForm.CERTIFICATE_OF_COMMENDATION,
            grantor="Ban Thường vụ Đảng ủy Khối",
            grantor_unit=tree.bloc,
            recipients=Recipients.MEMBERS,
            criterion=Criterion.EXCELLENT_YEARS,
            criterion_years=5,
        )
        decision = make_decision(tree.bloc, number="412", issued_on=date(2022, 4, 8))
        awarding.grant_awards(None, self.five_years, 2021, decision, members=[self.lan])


@pytest.fixture
def world() -> World:
    return World()


def test_ratings_are_scoped_to_the_callers_units(world):
    office = token_client(make_user(Role.OFFICE, world.tree.bloc))
    secretary_b1 = token_client(make_user(Role.SECRETARY, world.tree.b1))

    everything = office.get("/api/awards/ratings?subject=members").json()
    own = secretary_b1.get("/api/awards/ratings").json()

    assert everything["count"] == 6
    assert [(r["name"], r["year"], r["level"]) for r in own["items"]] == [("Lê Thị Hoa", 2021, "good")]


def test_a_member_sees_only_their_own_ratings_and_awards(world):
    lan = token_client(make_user(None, member=world.lan))

    ratings = lan.get("/api/awards/ratings").json()
    awards = lan.get("/api/awards").json()

    assert {r["name"] for r in ratings["items"]} == {"Nguyễn Thị Lan"}
    assert [(a["recipient"], a["decision"], a["certificate_number"]) for a in awards["items"]] == [
        ("Nguyễn Thị Lan", "412-QĐ/ĐU", "01")
    ]


def test_distribution_counts_decided_levels_per_year(world):
    office = token_client(make_user(Role.OFFICE, world.tree.bloc))

    rows = office.get(f"/api/awards/ratings/distribution?unit={world.tree.bloc.pk}").json()

    assert rows[0] == {"year": 2021, "excellent": 1, "good": 1, "completed": 0, "not_completed": 0, "total": 2}
    assert [row["year"] for row in rows] == [2021, 2020, 2019, 2018, 2017]


def test_candidates_show_the_evidence_and_the_award_already_granted(world):
    office = token_client(make_user(Role.OFFICE, world.tree.bloc))

    found = office.get(f"/api/awards/types/{world.five_years.pk}/candidates?year=2021").json()

    assert [c["name"] for c in found] == ["Nguyễn Thị Lan"]
    assert [e["year"] for e in found[0]["evidence"]] == [2017, 2018, 2019, 2020, 2021]
    assert found[0]["awarded_id"] is not None


def test_badge_candidates_for_an_award_day(world):
    office = token_client(make_user(Role.OFFICE, world.tree.bloc))

    found = office.get("/api/awards/badges/candidates?occasion=2022-05-19").json()

    assert [(c["member_name"], c["milestone"], c["basis"]) for c in found] == [("Hoàng Văn Sơn", 30, "on_time")]


def test_another_units_data_is_not_found(world):
    secretary_b1 = token_client(make_user(Role.SECRETARY, world.tree.b1))

    assert secretary_b1.get(f"/api/awards/ratings?unit={world.tree.a1.pk}").status_code == 404
    assert (
        secretary_b1.get(f"/api/awards/badges/candidates?occasion=2022-05-19&unit={world.tree.a.pk}").status_code == 404
    )
    assert secretary_b1.get("/api/awards").json()["count"] == 0
