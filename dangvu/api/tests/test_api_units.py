from datetime import date, timedelta

import pytest

from dangvu.access.models import AuditEntry
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.api.tests.clients import token_client, vietnamese
from dangvu.members.tests.factories import make_member
from dangvu.units.models import Unit, UnitKind
from dangvu.units.operations import dissolve_unit
from dangvu.units.tests.factories import Tree, make_unit

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["items"]]


@pytest.fixture
def tree():
    return Tree()


def test_secretary_lists_only_the_units_under_their_grant(tree):
    client = token_client(make_user(Role.SECRETARY, tree.a))
    assert names(client.get("/api/units")) == [
        "Đảng bộ Văn phòng Tỉnh ủy",
        "Chi bộ Phòng Tổng hợp",
        "Chi bộ Phòng Hành chính",
    ]


def test_search_ignores_case_and_diacritics(tree):
    client = token_client(make_user(Role.OFFICE, tree.bloc))
    assert names(client.get("/api/units", {"q": "phong TONG hop"})) == ["Chi bộ Phòng Tổng hợp"]
    assert names(client.get("/api/units", {"q": "đảng bộ sở"})) == ["Đảng bộ Sở Tài chính"]


def test_search_does_not_reach_outside_the_scope(tree):
    client = token_client(make_user(Role.SECRETARY, tree.a1))
    assert names(client.get("/api/units", {"q": "ngan sach"})) == []


def test_filter_by_parent_and_kind(tree):
    client = token_client(make_user(Role.OFFICE, tree.bloc))
    assert names(client.get("/api/units", {"parent": tree.a.pk})) == [
        "Chi bộ Phòng Tổng hợp",
        "Chi bộ Phòng Hành chính",
    ]
    assert names(client.get("/api/units", {"kind": "base_cell"})) == ["Chi bộ Báo Tuyên Quang"]


def test_parent_filter_outside_the_scope_is_404(tree):
    client = token_client(make_user(Role.SECRETARY, tree.a))
    assert client.get("/api/units", {"parent": tree.b.pk}).status_code == 404


def test_closed_units_are_listed_only_on_request(tree):
    dissolve_unit(None, tree.a2, effective_on=date(2024, 1, 1))
    client = token_client(make_user(Role.OFFICE, tree.a))
    assert "Chi bộ Phòng Hành chính" not in names(client.get("/api/units"))
    listed = client.get("/api/units", {"include_closed": "true"}).json()["items"]
    assert {"name": "Chi bộ Phòng Hành chính", "closed_on": "2024-01-01"}.items() <= listed[-1].items()


def test_detail_gives_iso_dates_and_member_counts_of_the_subtree(tree):
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình", confirmed_on=None, admitted_on=date.today() - timedelta(days=30))
    make_member(tree.b1, "Phạm Minh Châu")
    response = token_client(make_user(Role.LEADER, tree.a)).get(f"/api/units/{tree.a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["established_on"] == "2000-01-01"
    assert body["parent_id"] == tree.bloc.pk
    assert body["member_counts"] == {"full": 1, "probationary": 1}


def test_detail_outside_the_scope_is_404(tree):
    client = token_client(make_user(Role.SECRETARY, tree.a1))
    assert client.get(f"/api/units/{tree.b1.pk}").status_code == 404
    assert client.get(f"/api/units/{tree.b1.pk}/children").status_code == 404


def test_children_are_the_direct_sub_units(tree):
    client = token_client(make_user(Role.OFFICE, tree.bloc))
    assert names(client.get(f"/api/units/{tree.bloc.pk}/children")) == [
        "Đảng bộ Văn phòng Tỉnh ủy",
        "Đảng bộ Sở Tài chính",
        "Chi bộ Báo Tuyên Quang",
    ]


def test_limit_and_offset_page_through_the_list(tree):
    client = token_client(make_user(Role.OFFICE, tree.bloc))
    body = client.get("/api/units", {"limit": 2, "offset": 2}).json()
    assert body["count"] == 7
    assert [row["name"] for row in body["items"]] == ["Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Hành chính"]


def test_page_size_is_capped_at_500(tree):
    body = token_client(make_user(Role.OFFICE, tree.bloc)).get("/api/units", {"limit": 5000}).json()
    assert body["limit"] == 500


def test_bad_limit_is_422_in_vietnamese(tree):
    response = token_client(make_user(Role.OFFICE, tree.bloc)).get("/api/units", {"limit": "nhiều"})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["query", "limit"], "msg": "Giá trị phải là một số nguyên."}]


@pytest.mark.parametrize("size", [5, 40])
def test_list_uses_a_bounded_number_of_queries(size, django_assert_max_num_queries):
    tree = Tree()
    for number in range(size):
        make_unit(f"Chi bộ Phòng số {number}", UnitKind.CELL, tree.b)
    client = token_client(make_user(Role.OFFICE, tree.bloc))
    with django_assert_max_num_queries(5):
        response = client.get("/api/units", {"limit": size})
    assert len(response.json()["items"]) == size


def test_create_unit_leaves_one_audit_entry_from_the_api(tree):
    clerk = make_user(Role.OFFICE, tree.a)
    client = token_client(clerk)
    before = AuditEntry.objects.count()
    response = client.post(
        "/api/units",
        {
            "name": "Chi bộ Phòng Kế hoạch",
            "kind": "cell",
            "code": "kh01",
            "parent": tree.a.pk,
            "established_on": "2020-03-02",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "KH01"
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert (entry.action, entry.source, entry.actor, entry.before) == ("create", "api", clerk, None)
    assert entry.after["name"] == "Chi bộ Phòng Kế hoạch"


def test_rename_unit_leaves_one_audit_entry_with_before_and_after(tree):
    clerk = make_user(Role.OFFICE, tree.a)
    client = token_client(clerk)
    before = AuditEntry.objects.count()
    response = client.post(
        f"/api/units/{tree.a1.pk}/rename",
        {"name": "Chi bộ Phòng Tổng hợp - Thư ký", "effective_on": "2025-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Chi bộ Phòng Tổng hợp - Thư ký"
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert (entry.action, entry.source) == ("rename", "api")
    assert (entry.before["name"], entry.after["name"]) == ("Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Tổng hợp - Thư ký")


def test_leader_may_read_but_not_rename(tree):
    response = token_client(make_user(Role.LEADER, tree.a)).post(
        f"/api/units/{tree.a1.pk}/rename",
        {"name": "Chi bộ Mới", "effective_on": "2025-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Unit.objects.get(pk=tree.a1.pk).name == "Chi bộ Phòng Tổng hợp"


def test_create_under_a_parent_outside_the_scope_is_422_and_changes_nothing(tree):
    client = token_client(make_user(Role.OFFICE, tree.a))
    before = (Unit.objects.count(), AuditEntry.objects.count())
    response = client.post(
        "/api/units",
        {
            "name": "Chi bộ Phòng Kế hoạch",
            "kind": "cell",
            "code": "KH01",
            "parent": tree.b.pk,
            "established_on": "2020-03-02",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "parent"], "msg": f"Không có tổ chức (id {tree.b.pk}) trong phạm vi của bạn."}
    ]
    assert (Unit.objects.count(), AuditEntry.objects.count()) == before


def test_create_with_a_future_date_is_422_in_vietnamese(tree):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = token_client(make_user(Role.OFFICE, tree.a)).post(
        "/api/units",
        {
            "name": "Chi bộ Phòng Kế hoạch",
            "kind": "cell",
            "code": "KH01",
            "parent": tree.a.pk,
            "established_on": tomorrow,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    message = vietnamese("The date cannot be in the future.")
    assert message != "The date cannot be in the future."
    assert response.json()["detail"] == [{"loc": ["body", "established_on"], "msg": message}]
    assert not Unit.objects.filter(code="KH01").exists()


def test_malformed_date_is_422_in_vietnamese(tree):
    response = token_client(make_user(Role.OFFICE, tree.a)).post(
        f"/api/units/{tree.a1.pk}/rename",
        {"name": "Chi bộ Mới", "effective_on": "01/07/2025"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "data", "effective_on"], "msg": "Ngày phải viết theo dạng YYYY-MM-DD (năm-tháng-ngày)."}
    ]
