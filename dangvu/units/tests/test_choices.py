"""The unit filter walks the tree: it offers a few units at a time, whatever the size of the tree."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.members.filters import MemberFilterForm
from dangvu.members.tests.factories import make_member
from dangvu.units.choices import MOST_SHOWN, ancestor_paths
from dangvu.units.models import Unit, UnitKind
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def _offered(user, unit=None) -> list[str]:
    form = MemberFilterForm({"unit": unit.pk} if unit else {}, user=user)
    return [label.strip("\u2003") for value, label in form.fields["unit"].widget.choices if value != ""]


def test_ancestor_paths_lists_every_unit_above_and_the_unit_itself():
    assert ancestor_paths("1.5.12.") == ["1.", "1.5.", "1.5.12."]
    assert ancestor_paths("7.") == ["7."]


def test_an_administrator_of_everything_is_offered_the_root_and_the_level_below(tree):
    assert _offered(make_user("admin", tree.province)) == [tree.province.name, tree.bloc.name]


def test_choosing_a_unit_offers_its_ancestors_itself_and_its_children_not_its_cousins(tree):
    offered = _offered(make_user("admin", tree.province), tree.a)
    assert offered[:3] == [tree.province.name, tree.bloc.name, tree.a.name]
    assert offered[3:] == [tree.a2.name, tree.a1.name]  # children in Vietnamese order: Hành chính, Tổng hợp
    assert tree.b.name not in offered and tree.b1.name not in offered


def test_an_office_is_offered_its_own_unit_and_what_lies_directly_below_never_above(tree):
    offered = _offered(make_user("office", tree.bloc))
    assert offered[0] == tree.bloc.name
    assert set(offered[1:]) == {tree.a.name, tree.b.name, tree.c.name}
    assert tree.province.name not in _offered(make_user("office", tree.bloc), tree.a1)


def test_labels_are_indented_by_depth_under_the_top_unit(tree):
    form = MemberFilterForm({"unit": tree.a1.pk}, user=make_user("office", tree.bloc))
    labels = dict(form.fields["unit"].widget.choices)
    assert labels[tree.bloc.pk] == tree.bloc.name
    assert labels[tree.a.pk] == "\u2003" + tree.a.name
    assert labels[tree.a1.pk] == "\u2003\u2003" + tree.a1.name


def test_a_unit_outside_the_users_grants_is_refused_in_vietnamese(tree):
    with translation.override("vi"):
        form = MemberFilterForm({"unit": tree.b.pk}, user=make_user("secretary", tree.a))
        assert not form.is_valid()
        assert form.errors["unit"] == ["Hãy chọn một đơn vị mà bạn được xem."]


def test_the_offer_stays_short_however_many_children_a_unit_has(tree, django_assert_max_num_queries):
    Unit.objects.bulk_create(
        Unit(
            name=f"Chi bộ số {n}",
            kind=UnitKind.CELL,
            code=f"MANY{n}",
            parent=tree.c,
            path=f"{tree.c.path}{10_000 + n}.",
            depth=tree.c.depth + 1,
            established_on=tree.c.established_on,
        )
        for n in range(MOST_SHOWN + 20)
    )
    user = make_user("office", tree.bloc)
    with django_assert_max_num_queries(4):  # grants, the chosen unit, the offer
        offered = _offered(user, tree.c)
    assert len(offered) == MOST_SHOWN


def test_choosing_a_unit_on_the_member_list_offers_its_children_next(client, tree):
    make_member(tree.a1, "Lê Thị Hoa")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("member_list"), {"unit": tree.a.pk}, headers={"HX-Request": "true"})
    page = response.text
    assert 'hx-swap-oob="true"' in page
    assert tree.a1.name in page and tree.a2.name in page
    assert tree.b1.name not in page
