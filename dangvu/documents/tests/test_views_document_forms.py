import pytest
from django.urls import reverse

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.documents.models import Document
from dangvu.documents.tests.factories import make_document
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

FORM = {
    "type": "conclusion",
    "number": "21",
    "symbol": "KL/TW",
    "issuer_name": "BCH Trung ương",
    "term": "XIII",
    "issued_on": "25/10/2021",
    "subject": "về đẩy mạnh xây dựng, chỉnh đốn Đảng",
    "text": "",
    "validity": "in_force",
}


@pytest.fixture
def tree():
    return Tree()


def test_an_office_registers_a_document_and_the_write_is_audited(client, tree):
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("document_create"), FORM)
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("document_detail", args=[document.pk])
    assert str(document.issued_on) == "2021-10-25"
    assert AuditEntry.objects.filter(object_type="documents.document", action="create").count() == 1


def test_a_duplicate_is_refused_with_a_link_to_the_registered_document(client, tree):
    existing = make_document()
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("document_create"), FORM)
    assert response.status_code == 422
    assert "đã được đăng ký" in response.text
    assert reverse("document_detail", args=[existing.pk]) in response.text
    assert Document.objects.count() == 1


def test_a_missing_issuer_is_explained_in_vietnamese(client, tree):
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("document_create"), {**FORM, "issuer_name": ""})
    assert response.status_code == 422
    assert "Chọn đơn vị ban hành hoặc nhập tên cơ quan ban hành." in response.text


def test_a_leader_without_change_cannot_register(client, tree):
    client.force_login(make_user("leader", tree.bloc))
    assert client.get(reverse("document_create")).status_code == 404
    assert client.post(reverse("document_create"), FORM).status_code == 404
    assert not Document.objects.exists()


def test_a_leader_cannot_edit_a_document(client, tree):
    document = make_document()
    client.force_login(make_user("leader", tree.bloc))
    assert client.post(reverse("document_edit", args=[document.pk]), FORM).status_code == 404


def test_an_office_edits_the_subject(client, tree):
    document = make_document()
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("document_edit", args=[document.pk]), {**FORM, "subject": "Chủ đề mới"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.subject == "Chủ đề mới"
