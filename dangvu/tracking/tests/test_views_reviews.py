from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.core.periods import Quarter
from dangvu.tracking import operations
from dangvu.tracking.models import CycleState, ReviewCycle
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

Q2 = Quarter(2022, 2)


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture
def office(tree):
    return make_user("office", tree.bloc)


@pytest.fixture
def cycle(tree):
    return operations.open_cycle(None, tree.bloc, Q2, date(2022, 7, 5))


def _assign_to_cells(tree):
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    given = make_assignment(task, tree.a)
    return operations.pass_on(None, given, [tree.a1, tree.a2], assigned_on=date(2022, 4, 20))


def test_an_office_opens_a_quarter_once(client, tree, office):
    client.force_login(office)
    form = {"unit": tree.bloc.pk, "quarter": "2022-Q2", "reporting_deadline": "05/07/2022"}
    response = client.post(reverse("review_open"), form)
    cycle = ReviewCycle.objects.get()
    assert response["Location"] == reverse("review_detail", args=[cycle.pk])
    assert (cycle.quarter, cycle.reporting_deadline) == ("2022-Q2", date(2022, 7, 5))
    response = client.post(reverse("review_open"), form)
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert ReviewCycle.objects.count() == 1


def test_a_secretary_cannot_open_or_run_a_review(client, tree, cycle):
    client.force_login(make_user("secretary", tree.a))
    assert client.get(reverse("review_open")).status_code == 404
    assert client.get(reverse("review_detail", args=[cycle.pk])).status_code == 404
    assert client.post(reverse("review_step", args=[cycle.pk, "compile"])).status_code == 404
    assert list(client.get(reverse("review_list")).context["page"].object_list) == []


def test_a_leader_reads_the_review_without_its_controls(client, tree, cycle):
    client.force_login(make_user("leader", tree.bloc))
    response = client.get(reverse("review_detail", args=[cycle.pk]))
    assert response.status_code == 200
    assert 'id="close-form"' not in response.text
    assert client.post(reverse("review_step", args=[cycle.pk, "close"]), {"confirm": "on"}).status_code == 404


def test_the_live_figures_follow_the_reports(client, tree, office, cycle):
    a1, a2 = _assign_to_cells(tree)
    client.force_login(office)
    url = reverse("review_detail", args=[cycle.pk])
    live = client.get(url).context["live"]
    assert (live["assignments"], live["reports"], live["expected"], live["reporting_rate"]) == (3, 0, 3, 0)
    report = operations.submit_report(None, a1, Q2, percent=100, completed_on=date(2022, 6, 25))
    operations.review_report(None, report, accept=True)
    live = client.get(url).context["live"]
    assert (live["reports"], live["reports_late"], round(live["reporting_rate"])) == (1, 1, 33)
    assert dict((value, n) for value, _label, n in live["by_status"])["done_on_time"] == 1
    assert [row["unit"] for row in live["units"]] == [tree.a.name]


def test_compiling_freezes_a_snapshot_shown_beside_the_live_figures(client, tree, office, cycle):
    (a1, _a2) = _assign_to_cells(tree)
    client.force_login(office)
    assert client.post(reverse("review_step", args=[cycle.pk, "compile"])).status_code == 302
    operations.submit_report(None, a1, Q2, percent=30)
    response = client.get(reverse("review_detail", args=[cycle.pk]))
    assert (response.context["snapshot"]["reports"], response.context["live"]["reports"]) == (0, 1)
    assert 'id="snapshot-figures"' in response.text


def test_closing_asks_for_confirmation_and_then_opens_the_next_quarter(client, tree, office, cycle):
    client.force_login(office)
    url = reverse("review_step", args=[cycle.pk, "close"])
    response = client.post(url, {})
    assert response.status_code == 422
    assert response.context["close_form"].errors["confirm"]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN
    assert client.post(url, {"confirm": "on"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    assert ReviewCycle.objects.filter(unit=tree.bloc, quarter="2022-Q3").exists()


def test_reopening_needs_a_reason(client, tree, office, cycle):
    operations.close_cycle(None, cycle)
    client.force_login(office)
    url = reverse("review_step", args=[cycle.pk, "reopen"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 422
    assert response.context["reopen_form"].errors["reason"]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    assert client.post(url, {"reason": "Chi bộ bổ sung báo cáo quý II"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == CycleState.COMPILED


def test_an_unknown_step_or_a_step_out_of_turn(client, tree, office, cycle):
    client.force_login(office)
    assert client.post(reverse("review_step", args=[cycle.pk, "delete"])).status_code == 404
    response = client.post(reverse("review_step", args=[cycle.pk, "reopen"]), {"reason": "Sửa số liệu"})
    assert response.status_code == 422
    assert response.context["reopen_form"].non_field_errors()


def test_the_review_list_shows_the_quarters_in_scope(client, tree, office, cycle):
    operations.open_cycle(None, tree.b, Q2)
    client.force_login(make_user("office", tree.b))
    response = client.get(reverse("review_list"))
    assert [c.unit for c in response.context["page"].object_list] == [tree.b]
    client.force_login(office)
    assert len(client.get(reverse("review_list")).context["page"].object_list) == 2
