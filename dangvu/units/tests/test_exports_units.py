"""The unit tree's XLSX export: the whole visible tree in the page's order, or every search result."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree
from dangvu.web.tests.test_exports_xlsx import column, sheet_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def test_the_tree_export_lists_every_unit_below_the_user_in_tree_order_with_member_counts(client):
    tree = Tree()
    make_member(tree.a1, "Nguyễn Văn An")
    make_member(tree.a2, "Trần Thị Bình")
    make_member(tree.b1, "Lê Văn Cường")
    client.force_login(make_user("secretary", tree.a))
    rows = sheet_rows(client.get(reverse("unit_tree_export")))
    names = [name.strip("\u2003") for name in column(rows, "Unit")]
    assert names[0] == tree.a.name and set(names[1:]) == {tree.a1.name, tree.a2.name}
    assert column(rows, "Active members") == [2, 1, 1]
    assert column(rows, "Unit")[1].startswith("\u2003")
    client.force_login(make_user("leader", tree.bloc))
    everything = column(sheet_rows(client.get(reverse("unit_tree_export"))), "Unit")
    assert len(everything) == 7 and tree.b1.name in [n.strip("\u2003") for n in everything]


def test_the_search_export_has_the_page_results_only_within_scope(client):
    tree = Tree()
    client.force_login(make_user("leader", tree.bloc))
    rows = sheet_rows(client.get(reverse("unit_tree_export"), {"q": "chi bo phong"}))
    page = client.get(reverse("unit_tree"), {"q": "chi bo phong"})
    assert column(rows, "Unit") == [u.name for u, _names in page.context["results"]]
    assert len(rows) == 1 + 3
    client.force_login(make_user("secretary", tree.b))
    rows = sheet_rows(client.get(reverse("unit_tree_export"), {"q": "chi bo phong"}))
    assert column(rows, "Unit") == [tree.b1.name]
    client.force_login(make_user(None))
    assert client.get(reverse("unit_tree_export")).status_code == 404
