"""XLSX exports of award types and nominations."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.awards.awarding import nominate
from dangvu.awards.tests.test_eligibility import five_years
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree
from dangvu.web.tests.test_exports_xlsx import column, sheet_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def test_the_award_types_export_lists_the_types_as_the_page_does(client):
    tree = Tree()
    five = five_years(tree.bloc)
    flag = five_years(tree.bloc, name="Cờ thi đua", form="emulation_flag", recipients="units", criterion="")
    client.force_login(make_user("office", tree.bloc))
    rows = sheet_rows(client.get(reverse("award_type_list_export")))
    page = client.get(reverse("award_type_list"))
    assert column(rows, "Name") == [t.name for t, _editable in page.context["types"]]
    assert set(column(rows, "Name")) == {five.name, flag.name}
    assert "HTXSNV 5 year(s) in a row" in column(rows, "Criterion")
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("award_type_list_export")).status_code == 404


def test_the_nominations_export_follows_the_filters_and_the_scope(client):
    tree = Tree()
    award_type = five_years(tree.bloc)
    an, binh = make_member(tree.a1, "Nguyễn Văn An"), make_member(tree.b1, "Trần Thị Bình")
    nominate(None, award_type, 2021, tree.a1, member=an)
    nominate(None, award_type, 2020, tree.b1, member=binh)
    client.force_login(make_user("office", tree.bloc))
    rows = sheet_rows(client.get(reverse("nomination_list_export")))
    page = client.get(reverse("nomination_list"))
    assert column(rows, "Nominee") == [n.member.full_name for n in page.context["nominations"]]
    assert column(rows, "Nominee") == ["Nguyễn Văn An", "Trần Thị Bình"]  # newest year first
    assert column(sheet_rows(client.get(reverse("nomination_list_export"), {"year": 2020})), "Nominee") == [
        "Trần Thị Bình"
    ]
    client.force_login(make_user("secretary", tree.a))
    assert column(sheet_rows(client.get(reverse("nomination_list_export"))), "Nominee") == ["Nguyễn Văn An"]
    client.force_login(make_user(None))
    assert client.get(reverse("nomination_list_export")).status_code == 404
