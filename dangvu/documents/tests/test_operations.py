import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.documents.models import Document
from dangvu.documents.operations import (
    DuplicateDocument,
    attach_file,
    register_document,
    relate_documents,
    update_document,
)
from dangvu.documents.tests.factories import make_document
from dangvu.documents.tests.test_rules import docx_bytes
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_same_document_written_differently_is_a_duplicate():
    make_document()
    with pytest.raises(DuplicateDocument) as raised:
        make_document(number="021", symbol="KL/TƯ", issuer_name="BCH Trung ương", term="khóa XIII")
    assert "Kết luận 21-KL/TW" in raised.value.messages[0]
    assert "đã được đăng ký" in raised.value.messages[0] or "already registered" in raised.value.messages[0]


def test_the_same_number_in_another_term_is_another_document():
    make_document()
    make_document(term="XII")
    assert Document.objects.count() == 2


def test_registration_is_audited_with_the_issuing_unit(tree):
    office = make_user("office", tree.bloc)
    document = make_document(
        type="report", number="12", symbol="BC/ĐUK", issuer_unit=tree.bloc, issuer_name="", term=""
    )
    update_document(office, document, **{**_fields(document), "subject": "Báo cáo quý I"})
    entries = AuditEntry.objects.filter(object_type="documents.document", object_id=str(document.pk))
    assert [e.action for e in entries.order_by("id")] == ["create", "update"]
    assert entries.last().unit == tree.bloc


def _fields(document):
    names = ("type", "number", "symbol", "issuer_unit", "issuer_name", "term", "issued_on", "subject", "text")
    return {name: getattr(document, name) for name in names} | {"validity": document.validity}


def test_an_office_of_another_subtree_cannot_edit_a_units_document(tree):
    document = make_document(type="report", number="12", symbol="BC/ĐU", issuer_unit=tree.a, issuer_name="", term="")
    with pytest.raises(PermissionDenied):
        update_document(make_user("office", tree.b), document, **_fields(document))


def test_a_leader_cannot_register_documents_of_outside_bodies(tree):
    leader = make_user("leader", tree.bloc)
    with pytest.raises(PermissionDenied):
        register_document(leader, type="directive", number="05", symbol="CT/TW", issuer_name="Bộ Chính trị")


def test_a_replacing_document_marks_the_old_one_replaced():
    old = make_document(type="regulation", number="124", symbol="QĐ/TW", term="", issuer_name="Bộ Chính trị")
    new = make_document(type="regulation", number="366", symbol="QĐ/TW", term="", issuer_name="Bộ Chính trị")
    relate_documents(None, new, "replaces", old)
    old.refresh_from_db()
    assert old.validity == "replaced"


def test_a_docx_attachment_makes_its_text_searchable():
    document = make_document()
    upload = SimpleUploadedFile("kl21.docx", docx_bytes("Kiên quyết ngăn chặn suy thoái"))
    attachment = attach_file(None, document, upload)
    assert attachment.text == "Kiên quyết ngăn chặn suy thoái"
    assert Document.objects.search("kien quyet ngan chan").get() == document


def test_an_html_page_named_pdf_is_refused():
    document = make_document()
    upload = SimpleUploadedFile("kl21.pdf", b"<!DOCTYPE html><script>alert(1)</script>")
    with pytest.raises(ValidationError) as raised:
        attach_file(None, document, upload)
    assert "file" in raised.value.message_dict


def test_a_file_over_ten_megabytes_is_refused():
    document = make_document()
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError):
        attach_file(None, document, upload)


def test_a_pdf_is_stored_even_when_no_text_can_be_extracted():
    document = make_document()
    attachment = attach_file(None, document, SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"))
    assert attachment.kind == "pdf"
    assert attachment.file.read() == b"%PDF-1.4\n%%EOF\n"


def test_the_demo_documents_load_with_the_seed_citations_and_their_relations():
    from dangvu.web.demo.documents import DOCUMENTS, load_documents
    from dangvu.web.demo.documents_more import MORE_DOCUMENTS

    assert load_documents() == len(DOCUMENTS) + len(MORE_DOCUMENTS)
    assert Document.objects.search("chuyen doi so").first().number_symbol == "48-NQ/TU"
    assert Document.objects.get(number="124").validity == "replaced"
    directive = Document.objects.get(number="05", symbol="CT/TW")
    assert [r.source.number_symbol for r in directive.relations_in.all()] == ["01-KL/TW"]
