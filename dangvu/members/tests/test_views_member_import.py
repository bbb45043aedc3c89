from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.members.exporting import COLUMNS, XLSX_CONTENT_TYPE
from dangvu.members.importing import ImportUpload
from dangvu.members.models import Member
from dangvu.members.tests.factories import import_row as row
from dangvu.members.tests.factories import make_member
from dangvu.members.tests.factories import member_workbook as workbook
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture
def office(client, tree):
    user = make_user("office", tree.bloc)
    client.force_login(user)
    return user


def _upload(content: BytesIO | bytes, name: str = "dang-vien.xlsx") -> SimpleUploadedFile:
    data = content.getvalue() if isinstance(content, BytesIO) else content
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def test_dry_run_shows_counts_and_writes_nothing(client, tree, office):
    make_member(tree.a1, "Nguyễn Văn An", card_number="00000009")
    response = client.post(
        reverse("member_import"), {"file": _upload(workbook([row(tree.a1.code, 1), row(tree.a2.code, 2)]))}
    )
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged, plan.errors) == (2, 0, 0, [])
    assert "Nhập dữ liệu" in response.text
    assert Member.objects.count() == 1


def test_confirm_imports_the_kept_file_all_at_once(client, tree, office):
    client.post(reverse("member_import"), {"file": _upload(workbook([row(tree.a1.code, 1), row(tree.a2.code, 2)]))})
    response = client.post(reverse("member_import"), {"confirm": "1"})
    assert response.status_code == 302
    assert Member.objects.count() == 2
    assert AuditEntry.objects.filter(source="import", action="create").count() == 2
    assert ImportUpload.SESSION_KEY not in client.session


def test_errors_are_listed_and_there_is_no_import_button(client, tree, office):
    bad = row(tree.a1.code, 2, **{"Giới tính": "?"})
    response = client.post(reverse("member_import"), {"file": _upload(workbook([row(tree.a1.code, 1), bad]))})
    assert response.context["plan"].errors[0].row == 3
    assert "Ghi Nam hoặc Nữ." in response.text
    assert 'name="confirm"' not in response.text
    assert client.post(reverse("member_import"), {"confirm": "1"}).status_code == 302
    assert not Member.objects.exists()


def test_other_file_types_are_refused_in_vietnamese(client, office):
    response = client.post(reverse("member_import"), {"file": _upload(b"Ho va ten;Gioi tinh\n", "dang-vien.csv")})
    assert response.status_code == 422
    assert "Chỉ nhập được tệp Excel (.xlsx)." in response.text


def test_a_renamed_file_that_is_not_a_workbook_is_refused(client, office):
    response = client.post(reverse("member_import"), {"file": _upload(b"PK\x03\x04 not really a zip")})
    assert response.status_code == 422
    assert "Không đọc được tệp dưới dạng tệp Excel (.xlsx)." in response.text


def test_files_over_10_mb_are_refused(client, office, settings):
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"0" * (10 * 1024 * 1024), content_type=XLSX_CONTENT_TYPE)
    response = client.post(reverse("member_import"), {"file": big})
    assert response.status_code == 422
    assert "Tệp lớn hơn 10 MB." in response.text


def test_template_has_the_import_headers(client, office):
    from openpyxl import load_workbook

    response = client.get(reverse("member_import_template"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]


def test_office_export_can_be_imported_again_without_changes(client, tree, office):
    make_member(tree.a1, "Trần Thị Hoa", gender="female", citizen_id="001085012345", theory_level="advanced")
    exported = client.get(reverse("member_export")).content
    response = client.post(reverse("member_import"), {"file": _upload(exported)})
    plan = response.context["plan"]
    assert (plan.errors, plan.unchanged, len(plan.to_update)) == ([], 1, 0)


def test_secretary_cannot_import(client, tree):
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("member_import")).status_code == 404
    assert client.get(reverse("member_import_template")).status_code == 404
