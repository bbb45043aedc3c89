from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.access.models import PersonalDataView
from dangvu.access.tests.factories import make_user
from dangvu.members.exporting import COLUMNS
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_office_export_has_every_column_and_logs_the_personal_data(client, tree):
    make_member(tree.a1, "Trần Thị Hoa", gender="female", birth_date=date(1985, 7, 14), citizen_id="001085012345")
    office = make_user("office", tree.bloc)
    client.force_login(office)
    rows = _sheet(client.get(reverse("member_export")))
    assert rows[0] == tuple(c.header for c in COLUMNS)
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Họ và tên"] == "Trần Thị Hoa"
    assert record["Giới tính"] == "Nữ"
    assert record["Số CCCD"] == "001085012345"
    assert record["Ngày sinh"].date() == date(1985, 7, 14)
    assert record["Mã chi bộ"] == tree.a1.code
    logged = PersonalDataView.objects.get(user=office)
    assert (logged.context, logged.count) == ("export", 1)


def test_export_holds_the_whole_filtered_list_not_one_page(client, tree):
    for index in range(30):
        make_member(tree.a1, f"Nguyễn Văn Tâm {index}")
    make_member(tree.b1, "Lê Văn Bình")
    client.force_login(make_user("office", tree.bloc))
    rows = _sheet(client.get(reverse("member_export"), {"unit": tree.a1.pk, "size": 25}))
    assert len(rows) == 31


@pytest.mark.parametrize("role", ["secretary", "leader"])
def test_export_by_secretary_or_leader_omits_personal_columns(client, tree, role):
    make_member(tree.a1, "Trần Thị Hoa", birth_date=date(1985, 7, 14), citizen_id="001085012345", phone="0912345678")
    make_member(tree.b1, "Lê Văn Bình")
    user = make_user(role, tree.a1)
    client.force_login(user)
    rows = _sheet(client.get(reverse("member_export")))
    assert "Số CCCD" not in rows[0] and "Ngày sinh" not in rows[0] and "Điện thoại" not in rows[0]
    assert [r[0] for r in rows[1:]] == ["Trần Thị Hoa"]
    flat = repr(rows)
    assert "001085012345" not in flat and "0912345678" not in flat
    assert not PersonalDataView.objects.filter(user=user).exists()


def test_export_needs_the_export_permission(client, tree):
    own = make_member(tree.a1, "Nguyễn Văn An")
    client.force_login(make_user(None))
    assert client.get(reverse("member_export")).status_code == 404
    client.force_login(make_user(None, member=own))
    assert client.get(reverse("member_export")).status_code == 404


def test_superuser_export_includes_personal_columns(client, tree):
    make_member(tree.a1, "Trần Thị Hoa", citizen_id="001085012345")
    client.force_login(make_user(None, is_superuser=True))
    rows = _sheet(client.get(reverse("member_export")))
    assert "Số CCCD" in rows[0]
    assert "001085012345" in rows[1]
