"""Large subtrees are counted by a background task; their dashboards read the count and say when it was made."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.members import tallies
from dangvu.members.models import Member, SubtreeTally
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(settings):
    settings.DANGVU_TALLY_MIN_MEMBERS = 3
    tree = Tree()
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình", admitted_on=date(1995, 2, 3), confirmed_on=None)
    make_member(tree.b1, "Phạm Minh Châu")
    return tree


def test_one_aggregate_counts_members_by_status_and_admission_year(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        tally = tallies.count(Member.objects.in_subtree(tree.bloc))
    assert tallies.by_status(tally) == {"full": 2, "probationary": 1}
    assert tallies.by_year(tally) == [(1995, 1), (2010, 2)]


def test_the_task_keeps_the_subtrees_holding_enough_members_near_the_top(tree, settings):
    kept = tallies.refresh()
    assert kept == [tree.province, tree.bloc]  # base committees are below the tallied levels
    assert SubtreeTally.objects.filter(unit=tree.bloc).count() == 2  # (full, 2010) and (probationary, 1995)
    settings.DANGVU_TALLY_MIN_MEMBERS = 4
    assert tallies.refresh() == []  # under the threshold now: their tallies go
    assert not SubtreeTally.objects.exists()


def test_the_dashboard_reads_the_tally_and_says_when_it_was_counted(client, tree):
    tallies.refresh()
    make_member(tree.b1, "Ngô Thị Lan")  # after the count: the dashboard shows the count, not the live figure
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    with translation.override("vi"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.context["active_members"] == 3
    assert "Số đảng viên tính lúc" in response.text
    SubtreeTally.objects.update(counted_at=timezone.now() - tallies.MAX_AGE - timedelta(minutes=1))
    response = client.get("/")
    assert response.context["active_members"] == 4  # too old: counted live again
    assert response.context["counted_at"] is None


def test_the_tally_equals_the_live_count_it_replaces(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    live = client.get("/").context
    tallies.refresh()
    kept = client.get("/").context
    assert kept["counted_at"] is not None
    assert (kept["status_rows"], kept["admissions"]) == (live["status_rows"], live["admissions"])


def test_a_user_who_does_not_see_the_whole_subtree_never_gets_its_tally(tree):
    tallies.refresh()
    assert tallies.stored(tree.bloc, make_user(Role.OFFICE, tree.a)) is None
    assert tallies.stored(tree.bloc, make_user(Role.OFFICE, tree.bloc)) is not None


def test_the_command_queues_the_count_and_reports_the_units(tree, capsys):
    call_command("refresh_tallies")
    assert "2 units tallied" in capsys.readouterr().out


def test_the_dashboard_with_a_tally_stays_within_its_query_budget(client, tree, django_assert_max_num_queries):
    tallies.refresh()
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    with django_assert_max_num_queries(budgets.DASHBOARD):
        assert client.get("/").context["counted_at"] is not None


def test_the_unit_tree_and_the_root_unit_page_read_the_kept_counts(client, tree):
    from django.urls import reverse

    client.force_login(make_user(Role.ADMIN, tree.province))
    live_tree, live_page = (
        client.get(reverse("unit_tree")).context,
        client.get(reverse("unit_detail", args=[tree.province.pk])).context,
    )
    tallies.refresh()
    make_member(tree.b1, "Ngô Thị Lan")  # after the count
    kept_tree = client.get(reverse("unit_tree")).context
    kept_page = client.get(reverse("unit_detail", args=[tree.province.pk])).context
    assert kept_tree["counted_at"] is not None and kept_page["counted_at"] is not None
    assert kept_tree["roots"][0][1] == live_tree["roots"][0][1] == 3
    assert [n for _u, n, _more in kept_tree["roots"][0][2]] == [n for _u, n, _more in live_tree["roots"][0][2]]
    assert kept_page["active_total"] == live_page["active_total"] == 3
    assert kept_page["children"] == live_page["children"]
    SubtreeTally.objects.filter(unit=tree.bloc).delete()  # a child not counted: live again, the new member too
    assert client.get(reverse("unit_detail", args=[tree.province.pk])).context["active_total"] == 4
