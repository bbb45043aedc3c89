"""Congress plans: creating one for the units of chosen kinds, following each congress, recording the election."""

from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.meetings import operations
from dangvu.meetings.models import Congress, CongressPlan, CongressStatus
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.units.models import Position, UnitKind
from dangvu.units.tests.factories import Tree, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def make_plan(tree):
    return operations.plan_congresses(
        None,
        tree.bloc,
        term_name="2022-2025",
        title="Đại hội chi bộ trực thuộc nhiệm kỳ 2022-2025",
        units=[tree.a1, tree.a2, tree.b1, tree.c],
    )


def test_an_office_plans_the_congresses_of_every_cell_below(client, tree):
    make_unit("Đoàn Thanh niên Khối", UnitKind.YOUTH_UNION, tree.bloc)
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    data = {
        "unit": tree.bloc.pk,
        "term_name": "2022-2025",
        "title": "Đại hội chi bộ nhiệm kỳ 2022-2025",
        "kinds": ["cell", "base_cell"],
    }
    response = client.post(reverse("congress_plan_create"), data)
    plan = CongressPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("congress_plan_detail", args=[plan.pk])
    assert set(plan.congresses.values_list("unit", flat=True)) == {tree.a1.pk, tree.a2.pk, tree.b1.pk, tree.c.pk}


def test_a_plan_with_no_unit_of_the_chosen_kinds_is_refused_and_nothing_is_created(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    data = {"unit": tree.bloc.pk, "term_name": "2022-2025", "title": "Đại hội Hội Phụ nữ", "kinds": ["women"]}
    response = client.post(reverse("congress_plan_create"), data)
    assert response.status_code == 422 and response.context["form"].errors
    assert not CongressPlan.objects.exists()


def test_a_second_plan_with_the_same_title_and_term_is_refused(client, tree):
    plan = make_plan(tree)
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    data = {"unit": tree.bloc.pk, "term_name": plan.term_name, "title": plan.title, "kinds": ["cell"]}
    response = client.post(reverse("congress_plan_create"), data)
    assert response.status_code == 422 and "title" in response.context["form"].errors
    assert CongressPlan.objects.count() == 1


def test_a_plan_may_be_directed_only_from_a_unit_one_convenes(client, tree):
    client.force_login(make_user(Role.SECRETARY, tree.a))
    form = client.get(reverse("congress_plan_create")).context["form"]
    assert {u.pk for u in form.fields["unit"].queryset} == {tree.a.pk, tree.a1.pk, tree.a2.pk}
    data = {"unit": tree.bloc.pk, "term_name": "2022-2025", "title": "Đại hội", "kinds": ["cell"]}
    assert client.post(reverse("congress_plan_create"), data).status_code == 422
    client.force_login(make_user(Role.LEADER, tree.bloc))
    assert client.get(reverse("congress_plan_create")).status_code == 404


def test_the_list_shows_only_plans_in_scope(client, tree):
    plan = make_plan(tree)
    other = operations.plan_congresses(None, tree.b, term_name="2022-2025", title="Đại hội chi bộ B", units=[tree.b1])
    client.force_login(make_user(Role.SECRETARY, tree.b))
    response = client.get(reverse("congress_plan_list"))
    assert [p.pk for p in response.context["page"].object_list] == [other.pk]
    assert client.get(reverse("congress_plan_detail", args=[plan.pk])).status_code == 404


def test_the_plan_page_counts_congresses_by_status_and_shows_the_elected_committee(client, tree):
    plan = make_plan(tree)
    congress = plan.congresses.get(unit=tree.a1)
    meeting = make_meeting(tree.a1, at(2022, 5, 20), kind="congress", title="Đại hội Chi bộ Phòng Tổng hợp")
    operations.advance_congress(None, congress, CongressStatus.HELD, meeting=meeting)
    secretary = make_member(tree.a1, "Hoàng Thu Trang")
    operations.record_election(
        None, congress, starts_on=date(2022, 5, 20), ends_on=None, elected=[(secretary, "secretary")]
    )
    client.force_login(make_user(Role.LEADER, tree.bloc))
    response = client.get(reverse("congress_plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    counts = {status: count for status, _label, count in response.context["counts"]}
    assert counts == {"planned": 3, "preparing": 0, "held": 0, "approved": 1}
    html = response.content.decode()
    assert f'data-member="{secretary.pk}"' in html
    assert reverse("meeting_detail", args=[meeting.pk]) in html
    assert 'class="inline congress-update"' not in html  # a leader sees, but does not direct


def test_a_congress_moves_on_with_its_planned_date(client, tree):
    congress = make_plan(tree).congresses.get(unit=tree.a2)
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    url = reverse("congress_update", args=[congress.pk])
    response = client.post(url, {"status": "preparing", "planned_on": "20/05/2022"})
    assert response.status_code == 302
    congress.refresh_from_db()
    assert (congress.status, congress.planned_on) == ("preparing", date(2022, 5, 20))
    response = client.post(url, {"status": "planned"})
    assert response.status_code == 422 and response.context["form"].errors
    congress.refresh_from_db()
    assert congress.status == "preparing"


def test_only_the_directing_unit_updates_its_congresses(client, tree):
    congress = make_plan(tree).congresses.get(unit=tree.a1)
    client.force_login(make_user(Role.SECRETARY, tree.a1))
    assert client.post(reverse("congress_update", args=[congress.pk]), {"status": "held"}).status_code == 404
    assert Congress.objects.get(pk=congress.pk).status == "planned"


def test_the_election_writes_the_committee_of_the_new_term(client, tree):
    congress = make_plan(tree).congresses.get(unit=tree.a1)
    trang, minh = make_member(tree.a1, "Hoàng Thu Trang"), make_member(tree.a1, "Lê Văn Minh")
    outsider = make_member(tree.b1, "Phạm Văn Hải")
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    url = reverse("congress_election", args=[congress.pk])
    form = client.get(url).context["form"]
    assert {m.pk for m in form.members} == {trang.pk, minh.pk}
    data = {"starts_on": "20/05/2022", "ends_on": "20/05/2027", f"role_{trang.pk}": "secretary", f"role_{minh.pk}": ""}
    assert client.post(url, data).status_code == 302
    congress.refresh_from_db()
    assert congress.status == CongressStatus.APPROVED and congress.term.name == "2022-2025"
    assert list(Position.objects.filter(term=congress.term).values_list("member", "role")) == [(trang.pk, "secretary")]
    assert outsider not in form.members
    assert client.get(url).status_code == 404  # results already recorded


def test_an_election_without_anyone_elected_is_refused(client, tree):
    congress = make_plan(tree).congresses.get(unit=tree.a1)
    make_member(tree.a1, "Hoàng Thu Trang")
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.post(reverse("congress_election", args=[congress.pk]), {"starts_on": "20/05/2022"})
    assert response.status_code == 422 and response.context["form"].errors
    congress.refresh_from_db()
    assert congress.status == "planned" and congress.term is None


def test_the_plan_page_runs_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    plan = make_plan(tree)
    for congress in plan.congresses.all():
        member = make_member(congress.unit, "Hoàng Thu Trang")
        operations.record_election(
            None, congress, starts_on=date(2022, 5, 20), ends_on=None, elected=[(member, "secretary")]
        )
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("congress_plan_detail", args=[plan.pk]))
    assert response.content.decode().count('class="elected"') == 4
