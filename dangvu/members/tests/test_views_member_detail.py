from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.models import MASK, PersonalDataView
from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.members.operations import record_event, update_member
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

PERSONAL = {
    "birth_date": date(1985, 7, 14),
    "citizen_id": "001085012345",
    "phone": "0912345678",
    "address": "Số 5 Tân Trào",
}


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture
def member(tree):
    return make_member(tree.a1, "Trần Thị Hoa", gender="female", **PERSONAL)


def test_office_sees_personal_data_and_the_view_is_logged(client, tree, member):
    office = make_user("office", tree.bloc)
    client.force_login(office)
    response = client.get(reverse("member_detail", args=[member.pk]))
    assert response.status_code == 200
    assert "001085012345" in response.text
    assert "14/07/1985" in response.text
    assert PersonalDataView.objects.filter(user=office, member=member, context="member page").count() == 1


@pytest.mark.parametrize("role", ["secretary", "leader"])
def test_personal_data_stays_masked_for_secretary_and_leader(client, tree, member, role):
    user = make_user(role, tree.a1)
    client.force_login(user)
    response = client.get(reverse("member_detail", args=[member.pk]))
    assert response.status_code == 200
    for value in ("001085012345", "0912345678", "Tân Trào", "1985"):
        assert value not in response.text
    assert MASK in response.text
    assert not PersonalDataView.objects.filter(user=user).exists()


def test_leader_sees_audit_entries_with_personal_fields_masked(client, tree, member):
    update_member(None, member, phone="0987654321", workplace="Văn phòng Tỉnh ủy")
    client.force_login(make_user("leader", tree.a1))
    response = client.get(reverse("member_detail", args=[member.pk]))
    assert "Văn phòng Tỉnh ủy" in response.text
    assert "0987654321" not in response.text
    assert "0912345678" not in response.text
    assert len(response.context["audit_entries"]) == 2


def test_secretary_of_a1_cannot_open_a_member_of_b1(client, tree):
    other = make_member(tree.b1, "Lê Văn Bình")
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("member_detail", args=[other.pk])).status_code == 404


def test_member_sees_own_record_with_personal_data_but_no_one_else(client, tree, member):
    other = make_member(tree.a1, "Lê Văn Bình")
    client.force_login(make_user(None, member=member))
    response = client.get(reverse("member_detail", args=[member.pk]))
    assert "001085012345" in response.text
    assert client.get(reverse("member_detail", args=[other.pk])).status_code == 404


def test_page_shows_party_age_cell_link_and_history(client, tree):
    member = make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(2000, 1, 10), confirmed_on=date(2001, 1, 10))
    record_event(
        None, member, kind="transfer_permanent", occurred_on=date(2010, 2, 1), unit=tree.a2, decision="15-QĐ/ĐU"
    )
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("member_detail", args=[member.pk]))
    text = response.text
    assert response.context["party_age"] >= 25
    assert reverse("unit_detail", args=[tree.a2.pk]) in text
    assert "15-QĐ/ĐU" in text
    assert "10/01/2000" in text
    assert [a.unit for a in response.context["official_affiliations"]] == [tree.a1, tree.a2]
    assert [p.status for p in response.context["status_periods"]] == ["probationary", "full"]


def test_detail_queries_are_bounded(client, tree, member, django_assert_max_num_queries):
    client.force_login(make_user("office", tree.bloc))
    with django_assert_max_num_queries(budgets.MEMBER_PAGE):
        client.get(reverse("member_detail", args=[member.pk]))
