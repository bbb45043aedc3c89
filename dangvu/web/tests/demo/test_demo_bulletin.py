"""THE ACCEPTANCE REPLAY of issue 7: with the demo, the bulletin drafted for the bloc's 8th conference (13-4-2022)
states the facts of the seed article (Báo Tuyên Quang, 14-4-2022) — not its wording.

Each fact is read from both texts the same way: the citations with the project's parser
(`documents.citations.find_citations`), the award counts with `publishing.news.award_counts`, the rest as
keywords.
"""

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from dangvu.documents.citations import find_citations
from dangvu.meetings.models import Meeting
from dangvu.publishing import news_operations
from dangvu.publishing.news import award_counts, gather_facts
from dangvu.units.models import Unit

SEED = Path(__file__).resolve().parents[3] / "publishing/tests/seed/baotuyenquang-2022-04-14.txt"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _issuer(name: str) -> str:
    """'BCH Trung ương' and 'Ban Chấp hành Trung ương' alike."""
    return _plain(re.sub(r"\bBCH\b", "Ban Chấp hành", name or ""))


@pytest.fixture
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def bulletin(demo_output):
    bloc = Unit.objects.get(code="DBK")
    meeting = Meeting.objects.get(unit=bloc, starts_at__date=date(2022, 4, 13), kind="executive_conference")
    article = news_operations.draft_from_meeting(None, meeting)
    return article


def _text(article) -> str:
    return "\n\n".join([article.headline, article.lead, article.body])


@pytest.mark.django_db
def test_date_number_and_quarters(bulletin, seed):
    text = _text(bulletin)
    for fact in ("Ngày 13-4", "lần thứ 8", "quý I", "quý II năm 2022", "triển khai nhiệm vụ quý II"):
        assert fact in seed
        assert fact in text, fact
    assert bulletin.event_date == date(2022, 4, 13)
    assert bulletin.facts["number"] == 8
    assert (bulletin.facts["reviewed"], bulletin.facts["deployed"]) == ("2022-Q1", "2022-Q2")
    assert "2022" in bulletin.lead
    # The headline is the seed's, to the letter ("Đảng uỷ" and "Đảng ủy" are two spellings of one word).
    assert _plain(bulletin.headline) == _plain(seed.splitlines()[0].replace("uỷ", "ủy"))


@pytest.mark.django_db
def test_the_four_documents_are_cited_with_number_date_issuer_and_term(bulletin, seed):
    seed_citations = find_citations(seed)
    assert {(c.number, c.symbol) for c in seed_citations} == {
        ("21", "KL/TW"),
        ("01", "KL/TW"),
        ("05", "CT/TW"),
        ("48", "NQ/TU"),
    }
    found: dict[tuple, list] = {}
    for citation in find_citations(_text(bulletin)):
        found.setdefault((citation.number, citation.symbol), []).append(citation)
    for cited in seed_citations:
        key = (cited.number, cited.symbol)
        assert key in found, f"{cited.span} is not cited in the bulletin"
        # The bulletin's fullest citation of it must agree with every part the seed states.
        fullest = max(found[key], key=lambda c: sum(bool(x) for x in (c.date, c.issuer, c.term)))
        if cited.date:
            assert fullest.date == cited.date, cited.span
        if cited.issuer:
            # "BCH Đảng bộ tỉnh" in the seed; the bulletin may name the province ("… tỉnh Tuyên Quang").
            assert _issuer(fullest.issuer).startswith(_issuer(cited.issuer)), (fullest.issuer, cited.issuer)
        if cited.term:
            assert fullest.term == cited.term, cited.span
    documents = [d["number_symbol"] for d in bulletin.facts["documents"]]
    assert documents[:4] == ["21-KL/TW", "01-KL/TW", "05-CT/TW", "48-NQ/TU"]


@pytest.mark.django_db
def test_the_second_quarter_priorities(bulletin, seed):
    body, plain_seed = _plain(bulletin.body), _plain(seed)
    # The congresses of the cells for 2022-2025, and online conferences.
    for keyword in ("đại hội chi bộ", "2022-2025", "hội nghị trực tuyến"):
        assert keyword in plain_seed, keyword
        assert keyword in body, keyword
    assert any("hội nghị trực tuyến" in p for p in bulletin.facts["priorities"])


@pytest.mark.django_db
def test_the_award_counts(bulletin, seed):
    expected = {
        "Cờ thi đua": {"đảng bộ": 2, "chi bộ": 1},
        "Bằng khen": {"đảng bộ": 2, "chi bộ": 2, "cá nhân": 3},
        "Giấy khen": {"đảng viên": 6},
    }
    assert award_counts(seed) == expected
    assert award_counts(bulletin.body) == award_counts(seed)
    for text in (seed, bulletin.body):
        assert "5 năm liền (2017-2021)" in text
        assert "năm 2021" in text


@pytest.mark.django_db
def test_the_facts_are_the_data(demo_output):
    meeting = Meeting.objects.get(unit__code="DBK", starts_at__date=date(2022, 4, 13), kind="executive_conference")
    facts = gather_facts(meeting)
    assert facts.term == "2020-2025"
    assert facts.committee_short == "Đảng ủy Khối"
    assert sum(sum(g.counts.values()) for g in facts.awards) == 3 + 7 + 6
