"""The congress plans' XLSX export."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.meetings import operations
from dangvu.units.tests.factories import Tree
from dangvu.web.tests.test_exports_xlsx import column, sheet_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def test_the_export_lists_the_visible_plans_with_their_counts_in_the_page_order(client):
    tree = Tree()
    bloc = operations.plan_congresses(
        None, tree.bloc, term_name="2022-2025", title="Đại hội chi bộ trực thuộc", units=[tree.a1, tree.b1, tree.c]
    )
    own = operations.plan_congresses(None, tree.a, term_name="2022-2025", title="Đại hội chi bộ của A", units=[tree.a1])
    client.force_login(make_user("office", tree.bloc))
    rows = sheet_rows(client.get(reverse("congress_plan_list_export")))
    page = client.get(reverse("congress_plan_list"))
    assert column(rows, "Plan") == [p.title for p in page.context["page"].object_list] == [own.title, bloc.title]
    assert column(rows, "Congresses") == [1, 3]
    assert column(rows, "Results approved") == [0, 0]
    client.force_login(make_user("secretary", tree.a))
    assert column(sheet_rows(client.get(reverse("congress_plan_list_export"))), "Plan") == [own.title]
    client.force_login(make_user("member", tree.a1))
    assert client.get(reverse("congress_plan_list_export")).status_code == 404
