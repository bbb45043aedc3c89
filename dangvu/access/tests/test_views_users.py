from datetime import date

import pytest

from dangvu.access.models import AuditEntry, Grant, User
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def _new_account(client, tree, **overrides):
    data = {
        "username": "bithu.a1",
        "full_name": "Trần Thị Hoa",
        "card_number": "",
        "password1": "Chi-bo-2022-manh",
        "password2": "Chi-bo-2022-manh",
        "role": "secretary",
        "unit": tree.a1.pk,
        "starts_on": "01/05/2022",
    }
    return client.post("/users/new/", {**data, **overrides})


def test_an_office_creates_a_secretary_account_for_a_cell_of_its_subtree(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = _new_account(client, tree)
    assert response.status_code == 302
    user = User.objects.get(username="bithu.a1")
    grant = Grant.objects.get(user=user)
    assert (grant.role, grant.unit, grant.starts_on) == ("secretary", tree.a1, date(2022, 5, 1))
    actions = set(
        AuditEntry.objects.filter(object_type__in=["access.user", "access.grant"]).values_list("action", flat=True)
    )
    assert actions == {"create", "grant"}
    assert "password" not in AuditEntry.objects.get(object_type="access.user").after


def test_an_office_may_not_hand_out_the_office_role(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.a))
    response = _new_account(client, tree, role="office")
    assert response.status_code == 422
    assert not User.objects.filter(username="bithu.a1").exists()


def test_an_office_may_not_grant_outside_its_subtree(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.a))
    response = _new_account(client, tree, unit=tree.b1.pk)
    assert response.status_code == 422
    assert not User.objects.filter(username="bithu.a1").exists()


def test_mismatched_passwords_are_refused_in_vietnamese(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = _new_account(client, tree, password2="khac")
    assert response.status_code == 422
    assert "Hai mật khẩu không khớp" in response.content.decode()


def test_a_member_account_links_to_the_member_by_card_number(client, tree):
    member = make_member(tree.a1, "Lê Văn Bình", card_number="12345678")
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    _new_account(client, tree, username="binh", role="member", card_number="12345678")
    assert User.objects.get(username="binh").member == member


def test_accounts_of_other_units_are_not_listed_or_found(client, tree):
    other = make_user(Role.SECRETARY, tree.b1, username="bithu.b1")
    mine = make_user(Role.SECRETARY, tree.a1, username="bithu.a1")
    client.force_login(make_user(Role.OFFICE, tree.a))
    listing = client.get("/users/").content.decode()
    assert "bithu.a1" in listing and "bithu.b1" not in listing
    assert client.get(f"/users/{other.pk}/").status_code == 404
    assert client.get(f"/users/{mine.pk}/").status_code == 200


def test_leaders_cannot_manage_accounts(client, tree):
    client.force_login(make_user(Role.LEADER, tree.bloc))
    assert client.get("/users/").status_code == 404


def test_ending_a_grant_closes_it_with_an_audit_entry(client, tree):
    account = make_user(Role.SECRETARY, tree.a1)
    grant = account.grants.get()
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    client.post(f"/users/{account.pk}/grants/{grant.pk}/end/", {"ends_on": "31/12/2025"})
    grant.refresh_from_db()
    assert grant.ends_on == date(2025, 12, 31)
    entry = AuditEntry.objects.get(action="end_grant")
    assert entry.before["ends_on"] is None and entry.after["ends_on"] == "2025-12-31"
