import pytest
from django.db import IntegrityError

from dangvu.documents.models import Document, DocumentRelation
from dangvu.documents.tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_row_with_the_same_number_issuer_term_and_year():
    first = make_document()
    same = {
        "type": "conclusion",
        "number": "21",
        "symbol": "KL/TW",
        "issuer_name": "Ban Chấp hành Trung ương",
        "term": "XIII",
        "number_key": first.number_key,
        "symbol_key": first.symbol_key,
        "issuer_key": first.issuer_key,
    }
    # A unit's register restarts every year: the same number of another year is another document.
    Document.objects.create(**same, year_key=first.year_key + 1)
    with pytest.raises(IntegrityError):
        Document.objects.create(**same, year_key=first.year_key)


def test_the_database_refuses_a_document_without_issuer():
    with pytest.raises(IntegrityError):
        Document.objects.create(type="law", number="1", number_key="1", issuer_key="x")


def test_the_database_refuses_a_relation_of_a_document_to_itself():
    document = make_document()
    with pytest.raises(IntegrityError):
        DocumentRelation.objects.create(source=document, kind="amends", target=document)


def test_a_document_reads_as_its_type_and_number_symbol():
    assert str(make_document()) == "Kết luận 21-KL/TW"
    assert str(make_document(type="decree", number="98/2023", symbol="NĐ-CP", issuer_name="Chính phủ", term="")) == (
        "Nghị định 98/2023/NĐ-CP"
    )


def test_visible_to_gives_everything_to_a_logged_in_user_and_nothing_to_others(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    make_document()
    user = django_user_model.objects.create_user(username="hoa", password="x")
    assert Document.objects.visible_to(user).count() == 1
    assert Document.objects.visible_to(AnonymousUser()).count() == 0
    user.is_active = False
    assert Document.objects.visible_to(user).count() == 0
