"""Numbers of issued documents: sequential per unit, type and year, never repeated nor skipped, even concurrently."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.utils import translation

from dangvu.documents.models import Document
from dangvu.publishing import numbering, operations
from dangvu.publishing.models import DraftState, Register
from dangvu.publishing.tests.factories import Tree, make_draft
from dangvu.units.models import UnitKind
from dangvu.units.tests.factories import make_unit


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def tree(db):
    return Tree()


def test_issuer_symbols(tree):
    assert numbering.issuer_symbol(tree.province) == "TU"
    assert numbering.issuer_symbol(tree.bloc) == "ĐUK"
    assert numbering.issuer_symbol(tree.a) == "ĐU"
    assert numbering.issuer_symbol(tree.c) == "CB"
    assert numbering.issuer_symbol(tree.a1) == "CB"


def test_number_line_and_bodies(tree):
    assert numbering.number_line(12, "report", tree.bloc) == "Số 12-BC/ĐUK"
    assert numbering.number_line(3, "invitation", tree.a) == "Số 3-GM/ĐU"
    assert numbering.issuing_body(tree.bloc) == "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"
    assert numbering.issuing_body(tree.province) == "Tỉnh ủy Tuyên Quang"
    assert numbering.issuing_body(tree.a1) == "Chi bộ Phòng Tổng hợp"
    assert numbering.higher_body(tree.bloc) == "Đảng bộ tỉnh Tuyên Quang"


def _take(unit, type_, year):
    with transaction.atomic():
        return numbering.next_number(unit, type_, year)


def test_numbers_run_per_unit_type_and_year_and_restart_next_year(tree):
    assert [_take(tree.bloc, "report", 2022) for _ in range(3)] == [1, 2, 3]
    assert _take(tree.bloc, "notice", 2022) == 1  # another type has its own sequence
    assert _take(tree.a, "report", 2022) == 1  # another unit too
    assert _take(tree.bloc, "report", 2023) == 1  # a new year starts again
    assert _take(tree.bloc, "report", 2022) == 4


def test_issuing_registers_the_document_with_the_next_number(tree):
    first = operations.issue(None, make_draft(tree.bloc), on=date(2022, 4, 14))
    second = operations.issue(None, make_draft(tree.bloc, subject="Báo cáo khác"), on=date(2022, 4, 15))
    assert (first.document.number, second.document.number) == ("1", "2")
    assert second.document.number_symbol == "2-BC/ĐUK"
    assert second.document.issuer_unit == tree.bloc
    assert second.document.issued_on == date(2022, 4, 15)
    assert second.state == DraftState.ISSUED and second.issued_on == date(2022, 4, 15)


def test_a_refused_issue_gives_back_its_number(tree):
    """A number already in the registry (entered by hand) refuses the issue; the register rolls back with it."""
    from dangvu.documents.operations import register_document

    register_document(
        None,
        type="report",
        number="1",
        symbol="BC/ĐUK",
        issuer_unit=tree.bloc,
        issued_on=date(2022, 2, 1),
        subject="Nhập tay",
    )
    draft = make_draft(tree.bloc)
    with pytest.raises(Exception, match="already taken"):
        operations.issue(None, draft, on=date(2022, 4, 14))
    assert not Register.objects.filter(unit=tree.bloc, type="report", year=2022, last_number__gt=0).exists()
    draft.refresh_from_db()
    assert draft.state == DraftState.DRAFT
    # The next year's register starts again at 1: another document.
    issued = operations.issue(None, draft, on=date(2023, 1, 10))
    assert issued.document.number_symbol == "1-BC/ĐUK"


CONCURRENT = 50


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_give_fifty_consecutive_numbers():
    unit = make_unit("Đảng bộ Khối", UnitKind.BLOC)
    drafts = [make_draft(unit, subject=f"Báo cáo {i}") for i in range(CONCURRENT)]
    start = threading.Barrier(10)
    errors = []

    def worker(chunk):
        try:
            start.wait()
            for draft in chunk:
                operations.issue(None, draft, on=date(2022, 4, 14))
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(drafts[i::10],)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(int(n) for n in Document.objects.filter(issuer_unit=unit).values_list("number", flat=True))
    assert numbers == list(range(1, CONCURRENT + 1))
    assert Register.objects.get(unit=unit, type="report", year=2022).last_number == CONCURRENT
