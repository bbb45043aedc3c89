"""XLSX exports of the accounts list and of the audit log: the pages' filters, scope and masking."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.models import MASK
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


def test_the_accounts_export_follows_the_search_and_the_office_scope(client):
    tree = Tree()
    make_user("secretary", tree.a1, username="bithu.a1", full_name="Nguyễn Văn An")
    make_user("secretary", tree.b1, username="bithu.b1", full_name="Trần Thị Bình")
    office = make_user("office", tree.a, username="vanphong.a")
    client.force_login(office)
    rows = sheet_rows(client.get(reverse("user_list_export")))
    page = client.get(reverse("user_list"))
    assert column(rows, "User name") == [u.username for u in page.context["page"].object_list]
    assert column(rows, "User name") == ["bithu.a1", "vanphong.a"]  # not the account under B
    assert "Secretary · " + tree.a1.name in column(rows, "Current roles")
    assert column(sheet_rows(client.get(reverse("user_list_export"), {"q": "bithu"})), "User name") == ["bithu.a1"]
    client.force_login(make_user("leader", tree.bloc))
    assert client.get(reverse("user_list_export")).status_code == 404


def test_the_audit_export_follows_the_filters_scope_and_masks_personal_data(client):
    tree = Tree()
    make_member(tree.a1, "Nguyễn Văn An", phone="0912345678")
    make_member(tree.b1, "Trần Thị Bình")
    client.force_login(make_user("leader", tree.a))
    rows = sheet_rows(client.get(reverse("audit_log_export")))
    page = client.get(reverse("audit_log"))
    assert column(rows, "Object") == [e.object_repr for e in page.context["page"].object_list]
    assert "Nguyễn Văn An" in column(rows, "Object") and "Trần Thị Bình" not in column(rows, "Object")
    changes = "\n".join(column(rows, "Changes"))
    assert MASK in changes and "0912345678" not in changes  # a leader does not see personal data
    assert column(rows, "Time")[0] is not None and hasattr(column(rows, "Time")[0], "hour")
    members_only = sheet_rows(client.get(reverse("audit_log_export"), {"object_type": "members.member"}))
    assert 0 < len(members_only) < len(rows)
    client.force_login(make_user("office", tree.bloc))
    shown = "\n".join(column(sheet_rows(client.get(reverse("audit_log_export"))), "Changes"))
    assert "0912345678" in shown
    client.force_login(make_user("secretary", tree.a))
    assert client.get(reverse("audit_log_export")).status_code == 404
