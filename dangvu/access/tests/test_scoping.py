import pytest

from dangvu.access.roles import Action, Role
from dangvu.access.scoping import can, scope_paths
from dangvu.access.tests.factories import make_user
from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.units.models import Unit
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def test_a_grant_covers_the_unit_and_everything_below_it(tree):
    leader = make_user(Role.LEADER, tree.a)
    visible = set(Unit.objects.visible_to(leader).values_list("pk", flat=True))
    assert visible == {tree.a.pk, tree.a1.pk, tree.a2.pk}


def test_a_secretary_of_one_cell_sees_none_of_another_cells_members(tree):
    own = make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình")
    secretary = make_user(Role.SECRETARY, tree.a1)
    assert list(Member.objects.visible_to(secretary)) == [own]


def test_a_user_without_grants_sees_nothing(tree):
    make_member(tree.a1)
    nobody = make_user()
    assert not Member.objects.visible_to(nobody).exists()
    assert not Unit.objects.visible_to(nobody).exists()


def test_a_member_sees_only_their_own_record(tree):
    me = make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a1, "Lê Văn Bình")
    user = make_user(Role.MEMBER, tree.a1, member=me)
    assert list(Member.objects.visible_to(user)) == [me]
    assert not Unit.objects.visible_to(user).exists()


def test_personal_data_is_for_the_office_not_for_leaders(tree):
    office = make_user(Role.OFFICE, tree.bloc)
    leader = make_user(Role.LEADER, tree.bloc)
    assert can(office, Action.VIEW_PERSONAL, tree.a1)
    assert not can(leader, Action.VIEW_PERSONAL, tree.a1)
    assert can(leader, Action.VIEW, tree.a1)


def test_expired_grants_give_nothing(tree):
    from datetime import date

    from dangvu.access.models import Grant

    user = make_user()
    Grant.objects.create(
        user=user, role=Role.OFFICE, unit=tree.bloc, starts_on=date(2015, 1, 1), ends_on=date(2020, 1, 1)
    )
    assert scope_paths(user, Action.VIEW) == []


def test_nested_grants_collapse_to_the_widest_path(tree):
    user = make_user(Role.LEADER, tree.bloc)
    from datetime import date

    from dangvu.access.models import Grant

    Grant.objects.create(user=user, role=Role.LEADER, unit=tree.a1, starts_on=date(2000, 1, 1))
    user = type(user).objects.get(pk=user.pk)
    assert scope_paths(user, Action.VIEW) == [tree.bloc.path]


def test_an_administrator_linked_to_a_member_record_still_sees_everyone(tree):
    me = make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.b1, "Lê Văn Bình")
    admin = make_user(Role.ADMIN, tree.province, member=me)
    assert Member.objects.visible_to(admin).count() == 2
