from datetime import date

import pytest

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.documents.linking import link_citations
from dangvu.documents.tests.factories import make_document
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

SENTENCE = "Thực hiện Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII) <b>nghiêm túc</b>."


@pytest.fixture
def tree():
    return Tree()


def test_a_registered_document_becomes_a_link_to_its_page(tree):
    document = make_document()
    html = link_citations(SENTENCE, make_user(Role.LEADER, tree.bloc))
    assert f'<a class="citation" href="/documents/{document.pk}/">Kết luận số 21-KL/TW' in html
    assert "&lt;b&gt;nghiêm túc&lt;/b&gt;" in html


def test_an_unknown_document_offers_a_clerk_the_filled_in_registration_form(tree):
    html = link_citations(SENTENCE, make_user(Role.OFFICE, tree.bloc))
    assert 'class="citation unknown" href="/documents/new/?type=conclusion&amp;number=21&amp;symbol=KL%2FTW' in html
    assert "issued_on=25%2F10%2F2021" in html


def test_an_unknown_document_is_only_marked_for_readers(tree):
    html = link_citations(SENTENCE, make_user(Role.LEADER, tree.bloc))
    assert '<span class="citation unknown"' in html
    assert "/documents/new/" not in html


def test_the_date_picks_between_documents_with_the_same_number(tree):
    make_document(
        number="12",
        symbol="HD/BTCTW",
        type="guidance",
        issuer_name="Ban Tổ chức Trung ương",
        term="XII",
        issued_on=date(2018, 4, 17),
    )
    newer = make_document(
        number="12",
        symbol="HD/BTCTW",
        type="guidance",
        issuer_name="Ban Tổ chức Trung ương",
        term="XIII",
        issued_on=date(2022, 5, 6),
    )
    html = link_citations("theo Hướng dẫn số 12-HD/BTCTW, ngày 06-5-2022", make_user(Role.LEADER, tree.bloc))
    assert f'href="/documents/{newer.pk}/"' in html


def test_the_registration_form_is_filled_in_from_the_citation(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get(
        "/documents/new/?type=conclusion&number=21&symbol=KL%2FTW&issuer_name=BCH+Trung+%C6%B0%C6%A1ng"
    )
    form = response.context["form"]
    assert (form["number"].value(), form["symbol"].value(), form["type"].value()) == ("21", "KL/TW", "conclusion")


def test_a_document_page_links_the_documents_its_text_cites(client, tree):
    cited = make_document()
    citing = make_document(
        number="48",
        symbol="NQ/TU",
        type="resolution",
        issuer_name="Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
        term="XVII",
        issued_on=date(2021, 11, 15),
        text="Căn cứ Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII).",
    )
    client.force_login(make_user(Role.LEADER, tree.bloc))
    page = client.get(f"/documents/{citing.pk}/").content.decode()
    assert f'href="/documents/{cited.pk}/"' in page
