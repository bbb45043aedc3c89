import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.documents.operations import attach_file, relate_documents
from dangvu.documents.tests.factories import make_document
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_relations_are_shown_from_both_ends(client, tree):
    directive = make_document(type="directive", number="05", symbol="CT/TW", issuer_name="Bộ Chính trị", term="XII")
    conclusion = make_document(type="conclusion", number="01", symbol="KL/TW", issuer_name="Bộ Chính trị")
    relate_documents(None, conclusion, "continues", directive)
    client.force_login(make_user("leader", tree.bloc))
    forward = client.get(reverse("document_detail", args=[conclusion.pk])).text
    backward = client.get(reverse("document_detail", args=[directive.pk])).text
    assert "tiếp tục" in forward and "Chỉ thị 05-CT/TW" in forward
    assert "được tiếp tục thực hiện bởi" in backward and "Kết luận 01-KL/TW" in backward


def test_an_attachment_is_served_only_as_a_download(client, tree):
    document = make_document()
    attachment = attach_file(None, document, SimpleUploadedFile("Kết luận 21.pdf", b"%PDF-1.4\n%%EOF\n"))
    client.force_login(make_user("leader", tree.bloc))
    response = client.get(reverse("document_attachment", args=[document.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_upload_of_html_disguised_as_pdf_is_refused_on_the_page(client, tree):
    document = make_document()
    client.force_login(make_user("office", tree.bloc))
    upload = SimpleUploadedFile("kl21.pdf", b"<html><body>x</body></html>", content_type="application/pdf")
    response = client.post(reverse("document_attachment_upload", args=[document.pk]), {"file": upload})
    assert response.status_code == 422
    assert "Chỉ có thể đính kèm tệp PDF và DOCX." in response.text
    assert not document.attachments.exists()


def test_an_office_adds_a_relation_through_the_page(client, tree):
    old = make_document(type="regulation", number="124", symbol="QĐ/TW", issuer_name="Bộ Chính trị", term="")
    new = make_document(type="regulation", number="366", symbol="QĐ/TW", issuer_name="Bộ Chính trị", term="")
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("document_relation_add", args=[new.pk]), {"kind": "replaces", "target": old.pk})
    assert response.status_code == 302
    assert "thay thế" in client.get(reverse("document_detail", args=[new.pk])).text
