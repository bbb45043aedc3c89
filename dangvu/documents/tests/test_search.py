"""The search path that each database takes."""

import pytest
from django.db import connection

from dangvu.documents.models import Document
from dangvu.documents.tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index exists on PostgreSQL only")
def test_postgresql_answers_from_the_full_text_index():
    make_document(subject="về chuyển đổi số")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # few rows: make the planner show the index it can use
        plan = Document.objects.search("chuyen doi so").explain()
    assert "document_search_fts" in plan


def test_an_empty_query_keeps_every_document_newest_first():
    make_document(number="1")
    make_document(number="2")
    assert Document.objects.search("  ,; ").count() == 2


def test_punctuation_and_diacritics_in_the_query_are_ignored():
    make_document(number="48", symbol="NQ/TU", subject="về chuyển đổi số")
    assert [d.number for d in Document.objects.search("Chuyển-đổi SỐ!")] == ["48"]
    assert [d.number for d in Document.objects.search("48-NQ/TU")] == ["48"]
