"""The document registry's XLSX export: the list's filters and order, every matching row."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.documents.tests.factories import make_document
from dangvu.units.tests.factories import Tree
from dangvu.web.tests.test_exports_xlsx import column, sheet_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _seed():
    make_document()
    make_document(
        type="resolution",
        number="48",
        symbol="NQ/TU",
        issuer_name="Tỉnh ủy",
        term="XVII",
        issued_on=date(2021, 11, 15),
        subject="về chuyển đổi số",
    )
    make_document(
        type="directive",
        number="05",
        symbol="CT/TW",
        issuer_name="Bộ Chính trị",
        term="XII",
        issued_on=date(2016, 5, 15),
        subject="về học tập và làm theo tư tưởng Hồ Chí Minh",
    )


def test_the_export_has_the_rows_of_the_filtered_list_in_its_order_beyond_one_page(client):
    _seed()
    client.force_login(make_user("leader", Tree().bloc))
    every = sheet_rows(client.get(reverse("document_list_export"), {"size": 25, "page": 2}))
    assert len(every) == 1 + 3  # all rows, whatever page the list was on
    page = client.get(reverse("document_list"))
    assert column(every, "Number and symbol") == [d.number_symbol for d in page.context["page"].object_list]
    filtered = sheet_rows(client.get(reverse("document_list_export"), {"type": "resolution"}))
    assert column(filtered, "Number and symbol") == ["48-NQ/TU"]
    assert column(filtered, "Issue date")[0].date() == date(2021, 11, 15)
    searched = sheet_rows(client.get(reverse("document_list_export"), {"q": "chuyen doi so"}))
    assert column(searched, "Number and symbol") == ["48-NQ/TU"]


def test_the_list_links_to_the_export_with_its_filters(client):
    _seed()
    client.force_login(make_user("leader", Tree().bloc))
    response = client.get(reverse("document_list"), {"type": "directive", "page": "1"})
    assert f'href="{reverse("document_list_export")}?type=directive"' in response.text
