from datetime import date, timedelta

import pytest
from django.test import Client

from dangvu.access.models import AuditEntry, PersonalDataView
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.api.tests.clients import token_client, vietnamese
from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

PERSONAL = {
    "birth_date": "1985-03-12",
    "citizen_id": "008185000123",
    "phone": "0912345678",
    "address": "Phường Phan Thiết",
}


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["full_name"] for row in response.json()["items"]]


class World:
    """The small tree with a member in A1 (with personal data), one in A2 and one in B1."""

    def __init__(self) -> None:
        self.tree = Tree()
        self.hoa = make_member(
            self.tree.a1,
            "Trần Thị Hoa",
            gender="female",
            birth_date=date(1985, 3, 12),
            citizen_id="008185000123",
            phone="0912345678",
            address="Phường Phan Thiết",
        )
        self.binh = make_member(self.tree.a2, "Lê Văn Bình")
        self.chau = make_member(self.tree.b1, "Phạm Minh Châu")


@pytest.fixture
def world():
    return World()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def test_secretary_of_a1_lists_only_a1_members(world):
    assert names(token_client(make_user(Role.SECRETARY, world.tree.a1)).get("/api/members")) == ["Trần Thị Hoa"]


def test_secretary_of_a1_cannot_open_a_b1_member(world):
    response = token_client(make_user(Role.SECRETARY, world.tree.a1)).get(f"/api/members/{world.chau.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy, hoặc không thuộc phạm vi của bạn."


def test_secretary_of_a1_does_not_find_b1_members_by_search(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a1))
    assert names(client.get("/api/members", {"q": "pham minh chau"})) == []
    assert client.get("/api/members", {"unit": world.tree.b1.pk}).status_code == 404


def test_search_ignores_case_and_diacritics(world):
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    assert names(client.get("/api/members", {"q": "TRAN thi hoa"})) == ["Trần Thị Hoa"]
    assert names(client.get("/api/members", {"q": "châu"})) == ["Phạm Minh Châu"]


def test_unit_filter_takes_the_whole_subtree_in_name_order(world):
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    assert names(client.get("/api/members", {"unit": world.tree.a.pk})) == ["Lê Văn Bình", "Trần Thị Hoa"]


def test_status_filter(world):
    make_member(world.tree.a1, "Đỗ Thu Hà", admitted_on=date.today() - timedelta(days=40), confirmed_on=None)
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    assert names(client.get("/api/members", {"status": "probationary"})) == ["Đỗ Thu Hà"]


def test_personal_fields_are_masked_for_a_leader(world):
    response = token_client(make_user(Role.LEADER, world.tree.a)).get(f"/api/members/{world.hoa.pk}")
    body = response.json()
    assert body["masked"] is True
    assert {field: body[field] for field in PERSONAL} == dict.fromkeys(PERSONAL)
    assert body["full_name"] == "Trần Thị Hoa"
    assert not PersonalDataView.objects.exists()


def test_personal_fields_are_shown_to_the_office_and_the_view_is_logged(world):
    clerk = make_user(Role.OFFICE, world.tree.a)
    body = token_client(clerk).get(f"/api/members/{world.hoa.pk}").json()
    assert body["masked"] is False
    assert {field: body[field] for field in PERSONAL} == PERSONAL
    assert list(PersonalDataView.objects.values_list("user", "member", "context")) == [(clerk.pk, world.hoa.pk, "api")]


def test_list_masks_personal_fields_for_a_leader_and_logs_nothing(world):
    items = token_client(make_user(Role.LEADER, world.tree.bloc)).get("/api/members").json()["items"]
    assert {row["masked"] for row in items} == {True}
    assert {row["citizen_id"] for row in items} == {None}
    assert not PersonalDataView.objects.exists()


def test_list_shows_personal_fields_to_the_office_and_logs_how_many(world):
    clerk = make_user(Role.OFFICE, world.tree.a)
    items = token_client(clerk).get("/api/members").json()["items"]
    assert [(row["full_name"], row["phone"]) for row in items] == [("Lê Văn Bình", ""), ("Trần Thị Hoa", "0912345678")]
    assert list(PersonalDataView.objects.values_list("user", "member", "context", "count")) == [
        (clerk.pk, None, "api", 2)
    ]


def test_a_member_sees_their_own_record_in_full(world):
    user = make_user(Role.MEMBER, world.tree.a1, member=world.hoa)
    client = token_client(user)
    assert names(client.get("/api/members")) == ["Trần Thị Hoa"]
    assert client.get(f"/api/members/{world.hoa.pk}").json()["phone"] == "0912345678"


def test_detail_lists_events_with_iso_dates(world):
    body = token_client(make_user(Role.LEADER, world.tree.a)).get(f"/api/members/{world.hoa.pk}").json()
    assert body["admitted_on"] == "2010-05-19"
    assert [(e["kind"], e["occurred_on"]) for e in body["events"]] == [
        ("admission", "2010-05-19"),
        ("confirmation", "2011-05-19"),
    ]


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER])
def test_list_uses_a_bounded_number_of_queries(size, role, django_assert_max_num_queries):
    tree = Tree()
    for number in range(size):
        make_member(tree.a1 if number % 2 else tree.a2, f"Nguyễn Văn Thành {number}")
    client = token_client(make_user(role, tree.bloc))
    with django_assert_max_num_queries(6):
        response = client.get("/api/members", {"limit": size})
    assert len(response.json()["items"]) == size


def test_admit_leaves_one_audit_entry_from_the_api(world):
    clerk = make_user(Role.OFFICE, world.tree.a)
    client = token_client(clerk)
    before = AuditEntry.objects.count()
    response = post(
        client,
        "/api/members",
        {
            "full_name": "Vũ Ngọc Ánh",
            "gender": "female",
            "unit": world.tree.a1.pk,
            "admitted_on": "2024-02-03",
            **PERSONAL,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["full_name"], body["status"], body["citizen_id"]) == ("Vũ Ngọc Ánh", "probationary", "008185000123")
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert (entry.action, entry.source, entry.actor, entry.before) == ("create", "api", clerk, None)
    assert entry.after["full_name"] == "Vũ Ngọc Ánh"


def test_admit_through_the_session_is_audited_as_api(world):
    client = Client()
    client.force_login(make_user(Role.OFFICE, world.tree.a))
    response = post(
        client,
        "/api/members",
        {"full_name": "Vũ Ngọc Ánh", "gender": "female", "unit": world.tree.a1.pk, "admitted_on": "2024-02-03"},
    )
    assert response.status_code == 201, response.content
    assert AuditEntry.objects.first().source == "api"


def test_patch_changes_only_what_is_sent_and_leaves_one_audit_entry(world):
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    before = AuditEntry.objects.count()
    response = patch(client, f"/api/members/{world.hoa.pk}", {"phone": "0987654321", "reason": "Đổi số điện thoại"})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "0987654321"
    hoa = Member.objects.get(pk=world.hoa.pk)
    assert (hoa.phone, hoa.citizen_id, hoa.address) == ("0987654321", "008185000123", "Phường Phan Thiết")
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert (entry.action, entry.source, entry.reason) == ("update", "api", "Đổi số điện thoại")
    assert (entry.before["phone"], entry.after["phone"]) == ("0912345678", "0987654321")


def test_event_is_recorded_with_one_audit_entry(world):
    recent = make_member(world.tree.a1, "Đỗ Thu Hà", admitted_on=date(2024, 1, 10), confirmed_on=None)
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    before = AuditEntry.objects.count()
    response = post(client, f"/api/members/{recent.pk}/events", {"kind": "confirmation", "occurred_on": "2025-01-10"})
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["occurred_on"]) == ("confirmation", "2025-01-10")
    assert Member.objects.get(pk=recent.pk).status == "full"
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert (entry.action, entry.source) == ("event:confirmation", "api")
    assert (entry.before["status"], entry.after["status"]) == ("probationary", "full")


def test_transfer_to_a_cell_outside_the_scope_is_422(world):
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    response = post(
        client,
        f"/api/members/{world.hoa.pk}/events",
        {"kind": "transfer_permanent", "occurred_on": "2025-01-10", "unit": world.tree.b1.pk},
    )
    assert response.status_code == 422
    assert Member.objects.get(pk=world.hoa.pk).unit == world.tree.a1


def test_leader_may_not_admit(world):
    client = token_client(make_user(Role.LEADER, world.tree.a))
    response = post(
        client,
        "/api/members",
        {"full_name": "Vũ Ngọc Ánh", "gender": "female", "unit": world.tree.a1.pk, "admitted_on": "2024-02-03"},
    )
    assert response.status_code == 403
    assert not Member.objects.filter(full_name="Vũ Ngọc Ánh").exists()


def test_admit_into_an_unknown_cell_is_422_in_vietnamese_and_changes_nothing(world):
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    before = (Member.objects.count(), AuditEntry.objects.count())
    response = post(
        client,
        "/api/members",
        {"full_name": "Vũ Ngọc Ánh", "gender": "female", "unit": 987654, "admitted_on": "2024-02-03"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "unit"], "msg": "Không có tổ chức (id 987654) trong phạm vi của bạn."}
    ]
    assert (Member.objects.count(), AuditEntry.objects.count()) == before


def test_admit_with_a_future_date_is_422_in_vietnamese_and_changes_nothing(world):
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    before = (Member.objects.count(), AuditEntry.objects.count())
    future = (date.today() + timedelta(days=3)).isoformat()
    response = post(
        client,
        "/api/members",
        {"full_name": "Vũ Ngọc Ánh", "gender": "female", "unit": world.tree.a1.pk, "admitted_on": future},
    )
    assert response.status_code == 422
    message = vietnamese("The date cannot be in the future.")
    assert message != "The date cannot be in the future."
    assert response.json()["detail"] == [{"loc": ["body", "admitted_on"], "msg": message}]
    assert (Member.objects.count(), AuditEntry.objects.count()) == before


def test_an_11_digit_citizen_id_is_422_in_vietnamese_and_changes_nothing(world):
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    before = AuditEntry.objects.count()
    response = patch(client, f"/api/members/{world.hoa.pk}", {"citizen_id": "00818500012", "phone": "0987654321"})
    assert response.status_code == 422
    message = vietnamese("A citizen ID has 12 digits.")
    assert message != "A citizen ID has 12 digits."
    assert response.json()["detail"] == [{"loc": ["body", "citizen_id"], "msg": message}]
    hoa = Member.objects.get(pk=world.hoa.pk)
    assert (hoa.citizen_id, hoa.phone) == ("008185000123", "0912345678")
    assert AuditEntry.objects.count() == before


def test_unknown_gender_is_422_in_vietnamese(world):
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    response = patch(client, f"/api/members/{world.hoa.pk}", {"gender": "x"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "data", "gender"], "msg": "Giá trị phải là một trong: 'male', 'female'."}
    ]
