from datetime import date

import pytest

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    tree = Tree()
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình", admitted_on=date(1995, 2, 3), confirmed_on=None)
    make_member(tree.b1, "Phạm Minh Châu")
    return tree


def test_the_dashboard_counts_the_members_of_the_users_subtree(client, tree):
    client.force_login(make_user(Role.LEADER, tree.a))
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["unit"] == tree.a
    assert response.context["active_members"] == 2


def test_the_bloc_dashboard_counts_every_member_below_it(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get("/")
    assert response.context["active_members"] == 3
    assert dict((y, n) for y, n in response.context["admissions"]) == {1995: 1, 2010: 2}


def test_asking_for_another_units_dashboard_is_not_found(client, tree):
    client.force_login(make_user(Role.LEADER, tree.a))
    assert client.get(f"/?unit={tree.b.pk}").status_code == 404


def test_a_member_sees_a_welcome_with_their_own_cell(client, tree):
    member = make_member(tree.a1, "Nguyễn Thu Trang", gender="female")
    client.force_login(make_user(Role.MEMBER, tree.a1, member=member))
    response = client.get("/")
    assert response.status_code == 200
    assert "Nguyễn Thu Trang" in response.content.decode()


def test_the_dashboard_needs_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    for index in range(20):
        make_member(tree.b1, f"Đỗ Văn Hùng {index}")
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    with django_assert_max_num_queries(budgets.DASHBOARD):
        client.get("/")
