from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture
def office(client, tree):
    user = make_user("office", tree.bloc)
    client.force_login(user)
    return user


def _admission(tree, **changes) -> dict:
    data = {
        "unit": tree.a1.pk,
        "admitted_on": "19/05/2015",
        "confirmed_on": "19/05/2016",
        "full_name": "Hoàng Thị Lan",
        "gender": "female",
        "ethnicity": "Tày",
        "card_number": "12345678",
    }
    return {**data, **changes}


def test_office_admits_a_member(client, tree, office):
    response = client.post(reverse("member_admit"), _admission(tree))
    member = Member.objects.get(card_number="12345678")
    assert response.status_code == 302
    assert response["Location"] == reverse("member_detail", args=[member.pk])
    assert (member.full_name, member.unit, member.status) == ("Hoàng Thị Lan", tree.a1, "full")
    assert member.admitted_on == date(2015, 5, 19)


def test_future_admission_date_is_refused_in_vietnamese(client, tree, office):
    future = (date.today() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(reverse("member_admit"), _admission(tree, admitted_on=future, confirmed_on=""))
    assert response.status_code == 422
    assert "Ngày không được ở tương lai." in response.text
    assert not Member.objects.exists()


def test_confirmation_before_admission_is_refused(client, tree, office):
    response = client.post(reverse("member_admit"), _admission(tree, confirmed_on="01/01/2015"))
    assert response.status_code == 422
    assert "Ngày công nhận chính thức phải sau ngày kết nạp." in response.text
    assert not Member.objects.exists()


def test_missing_name_is_shown_next_to_the_field(client, tree, office):
    response = client.post(reverse("member_admit"), _admission(tree, full_name=""))
    assert response.status_code == 422
    assert 'id="id_full_name_error"' in response.text


def test_cell_list_holds_only_visible_open_cells(client, tree):
    client.force_login(make_user("office", tree.a))
    response = client.get(reverse("member_admit"))
    cells = list(response.context["form"].fields["unit"].queryset)
    assert cells == [tree.a1, tree.a2]


def test_secretary_cannot_admit(client, tree):
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("member_admit")).status_code == 404


def test_edit_records_the_reason_in_the_audit_log(client, tree, office):
    member = make_member(tree.a1, "Nguyễn Văn An")
    data = {"full_name": "Nguyễn Văn An", "gender": "male", "card_number": member.card_number}
    response = client.post(
        reverse("member_edit", args=[member.pk]), {**data, "workplace": "Sở Tài chính", "reason": "Chuyển công tác"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.workplace == "Sở Tài chính"
    entry = AuditEntry.objects.filter(object_id=str(member.pk), action="update").get()
    assert entry.reason == "Chuyển công tác"


def test_edit_with_a_duplicate_card_number_changes_nothing(client, tree, office):
    make_member(tree.a1, "Lê Văn Bình", card_number="00000099")
    member = make_member(tree.a1, "Nguyễn Văn An")
    data = {"full_name": "Nguyễn Văn Ân", "gender": "male", "card_number": "00000099"}
    response = client.post(reverse("member_edit", args=[member.pk]), data)
    assert response.status_code == 422
    assert "Số thẻ đảng viên 00000099 đã được ghi nhận." in response.text
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn An"


def test_secretary_cannot_edit(client, tree):
    member = make_member(tree.a1, "Nguyễn Văn An")
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("member_edit", args=[member.pk])).status_code == 404


def test_record_a_transfer(client, tree, office):
    member = make_member(tree.a1, "Nguyễn Văn An")
    response = client.post(
        reverse("member_event", args=[member.pk]),
        {"kind": "transfer_permanent", "occurred_on": "01/03/2020", "unit": tree.b1.pk, "decision": "12-QĐ/ĐU"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit == tree.b1


def test_impossible_event_shows_the_rule_and_changes_nothing(client, tree, office):
    member = make_member(tree.a1, "Nguyễn Văn An", confirmed_on=None)
    response = client.post(
        reverse("member_event", args=[member.pk]), {"kind": "exemption", "occurred_on": "01/03/2015"}
    )
    assert response.status_code == 422
    assert "Chỉ đảng viên chính thức mới được miễn công tác và sinh hoạt đảng" in response.text
    assert member.events.count() == 1


def test_transfer_without_a_cell_is_refused(client, tree, office):
    member = make_member(tree.a1, "Nguyễn Văn An")
    response = client.post(
        reverse("member_event", args=[member.pk]), {"kind": "transfer_permanent", "occurred_on": "01/03/2020"}
    )
    assert response.status_code == 422
    assert "Hãy chọn chi bộ." in response.text
