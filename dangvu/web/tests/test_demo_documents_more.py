"""The extra demo documents: keys, relations, dates, number-symbols and subjects hold together with `documents.py`."""

import re
import unicodedata
from datetime import date

import pytest

from dangvu.core.text import normalise, strip_diacritics
from dangvu.documents.citations import find_citations
from dangvu.documents.models import Document, DocumentRelation, DocumentType, RelationKind, Validity
from dangvu.documents.rules import (
    TYPES_BY_CODE,
    is_state_symbol,
    issuer_key,
    normalise_term,
    number_key,
    number_symbol,
    symbol_key,
    type_name,
)
from dangvu.web.demo.documents import DOCUMENTS, RELATIONS, load_documents
from dangvu.web.demo.documents_more import MORE_DOCUMENTS, MORE_RELATIONS

PARTY_FOUNDED = date(1930, 2, 3)
ALL_DOCUMENTS = DOCUMENTS + MORE_DOCUMENTS
BY_KEY = {row[0]: row for row in ALL_DOCUMENTS}
MORE_KEYS = {row[0] for row in MORE_DOCUMENTS}


def _ids(rows):
    return [row[0] for row in rows]


def test_keys_are_unique_across_both_modules():
    keys = [row[0] for row in ALL_DOCUMENTS]
    assert len(keys) == len(set(keys))


def test_no_two_documents_share_number_symbol_issuer_and_term():
    # The registry's identity (`Document` constraint `document_unique_number`): loading both would otherwise fail.
    identities = [
        (number_key(number), symbol_key(symbol), issuer_key(None, issuer), term)
        for _, _, number, symbol, issuer, term, *_ in ALL_DOCUMENTS
    ]
    assert len(identities) == len(set(identities))


def test_every_relation_names_known_documents_and_a_known_kind():
    for source, kind, target in MORE_RELATIONS:
        assert source in BY_KEY and target in BY_KEY, (source, target)
        assert kind in RelationKind.values
        assert source != target


def test_every_new_relation_involves_a_new_document_and_none_is_repeated():
    for source, _, target in MORE_RELATIONS:
        assert source in MORE_KEYS or target in MORE_KEYS
    assert len(set(MORE_RELATIONS)) == len(MORE_RELATIONS)
    assert not set(MORE_RELATIONS) & set(RELATIONS)


def test_a_replaced_or_amended_document_is_not_marked_in_force():
    for _, kind, target in MORE_RELATIONS:
        if kind in (RelationKind.REPLACES, RelationKind.AMENDS) and target in MORE_KEYS:
            assert BY_KEY[target][8] != Validity.IN_FORCE, target


def test_a_document_replaces_or_amends_only_older_ones():
    for source, kind, target in MORE_RELATIONS:
        newer, older = BY_KEY[source][6], BY_KEY[target][6]
        if kind in (RelationKind.REPLACES, RelationKind.AMENDS, RelationKind.CONTINUES) and newer and older:
            assert newer > older, (source, target)


@pytest.mark.parametrize("row", MORE_DOCUMENTS, ids=_ids(MORE_DOCUMENTS))
def test_type_validity_issuer_and_term_are_valid(row):
    _, type_, number, _, issuer, term, _, _, validity = row
    assert type_ in DocumentType.values
    assert validity in Validity.values
    assert number and issuer == normalise(issuer)
    assert normalise_term(term) == term


@pytest.mark.parametrize("row", MORE_DOCUMENTS, ids=_ids(MORE_DOCUMENTS))
def test_issue_date_is_plausible(row):
    issued_on = row[6]
    assert issued_on is None or PARTY_FOUNDED <= issued_on <= date.today()


@pytest.mark.parametrize("row", MORE_DOCUMENTS, ids=_ids(MORE_DOCUMENTS))
def test_subject_is_normalised_vietnamese(row):
    subject = row[7]
    assert subject, row[0]
    assert unicodedata.is_normalized("NFC", subject)
    assert subject == normalise(subject)
    assert strip_diacritics(subject) != subject  # Vietnamese words carry diacritics


@pytest.mark.parametrize("row", MORE_DOCUMENTS, ids=_ids(MORE_DOCUMENTS))
def test_symbol_carries_the_type_symbol(row):
    _, type_, number, symbol, *_ = row
    expected = TYPES_BY_CODE[type_].symbol
    if type_ == "law":  # 80/2025/QH15: year, then the legislature
        assert re.fullmatch(r"\d+/\d{4}", number) and re.fullmatch(r"QH\d+", symbol)
    elif is_state_symbol(symbol):  # 30/2020/NĐ-CP, 749/QĐ-TTg
        assert symbol.split("-")[0] == expected
    else:  # 37-QĐ/TW; 2018-2019 regulations wrote QĐi (07-QĐi/TW)
        assert symbol.split("/")[0] in (expected, expected + "i")


@pytest.mark.parametrize("row", MORE_DOCUMENTS, ids=_ids(MORE_DOCUMENTS))
def test_citation_parser_reads_the_number_symbol_back(row):
    _, type_, number, symbol, *_ = row
    cited = f"{type_name(type_)} số {number_symbol(number, symbol)}"
    (citation,) = find_citations(cited)
    assert (citation.type, citation.number, citation.symbol) == (type_name(type_), number, symbol)


@pytest.mark.django_db
def test_both_modules_load_together_with_their_relations():
    assert load_documents() == len(ALL_DOCUMENTS)
    assert Document.objects.count() == len(ALL_DOCUMENTS)
    assert DocumentRelation.objects.count() == len(RELATIONS) + len(MORE_RELATIONS)
    directives = Document.objects.filter(number="35", symbol="CT/TW").order_by("issued_on")
    assert [d.term for d in directives] == ["XII", "XIII"]
    for key in MORE_KEYS:  # the relations leave each new document as its row says
        _key, _type, number, symbol, issuer, term, *_rest, validity = BY_KEY[key]
        document = Document.objects.get(number=number, symbol=symbol, issuer_name=issuer, term=term)
        assert document.validity == validity, key
