from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.documents.tests.factories import make_document
from dangvu.tracking import operations
from dangvu.tracking.models import Assignment
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def _rows(response) -> list[tuple[str, int]]:
    return [(a.unit.name, a.depth) for a in response.context["assignments"]]


def test_the_assignments_show_as_a_tree_with_status_and_slippage(client, tree):
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    given = make_assignment(task, tree.a)
    make_assignment(task, tree.b)
    operations.pass_on(None, given, [tree.a1, tree.a2], assigned_on=date(2022, 4, 20))
    operations.reschedule(None, given, date(2022, 7, 15), reason="Chờ hướng dẫn của Tỉnh ủy")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("task_detail", args=[task.pk]))
    assert response.status_code == 200
    assert _rows(response) == [(tree.a.name, 0), (tree.a1.name, 1), (tree.a2.name, 1), (tree.b.name, 0)]
    assert response.text.count('data-status="overdue"') == 4
    assert "30/06/2022" in response.text and "15/07/2022" in response.text  # baseline and moved deadline
    assert 'id="assign-form"' in response.text


def test_the_description_links_the_documents_it_cites(client, tree):
    resolution = make_document(
        type="resolution",
        number="48",
        symbol="NQ/TU",
        issuer_name="Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
        term="XVII",
        issued_on=date(2021, 11, 15),
    )
    task = make_task(tree.bloc, description="Thực hiện Nghị quyết số 48-NQ/TU, ngày 15-11-2021.")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("task_detail", args=[task.pk]))
    assert f'href="{reverse("document_detail", args=[resolution.pk])}"' in response.text


def test_a_secretary_sees_the_assignments_of_their_subtree_only_and_no_assign_form(client, tree):
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    given = make_assignment(task, tree.a)
    make_assignment(task, tree.b)
    operations.pass_on(None, given, [tree.a1], assigned_on=date(2022, 4, 20))
    client.force_login(make_user("secretary", tree.b))
    response = client.get(reverse("task_detail", args=[task.pk]))
    assert _rows(response) == [(tree.b.name, 0)]
    assert tree.a1.name not in response.text
    assert 'id="assign-form"' not in response.text
    form = {"units": [tree.b1.pk], "assigned_on": "15/04/2022"}
    assert client.post(reverse("task_assign", args=[task.pk]), form).status_code == 404
    assert Assignment.objects.count() == 3


def test_every_base_committee_gets_the_task_with_the_date_it_was_assigned(client, tree):
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    client.force_login(make_user("office", tree.bloc))
    form = {"kinds": ["base_committee"], "deadline": "30/06/2022", "assigned_on": "15/04/2022"}
    response = client.post(reverse("task_assign", args=[task.pk]), form)
    assert response.status_code == 302
    assigned = Assignment.objects.order_by("unit__path")
    assert [a.unit for a in assigned] == [tree.a, tree.b]
    assert {(a.assigned_on, a.deadline, a.assigned_by) for a in assigned} == {
        (date(2022, 4, 15), date(2022, 6, 30), tree.bloc)
    }


def test_units_chosen_one_by_one_and_kinds_add_up(client, tree):
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    client.force_login(make_user("office", tree.bloc))
    form = {"kinds": ["base_cell"], "units": [tree.a1.pk], "assigned_on": "15/04/2022"}
    assert client.post(reverse("task_assign", args=[task.pk]), form).status_code == 302
    assert {a.unit for a in Assignment.objects.all()} == {tree.c, tree.a1}


def test_assigning_nobody_or_twice_is_refused_and_changes_nothing(client, tree):
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    make_assignment(task, tree.a)
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("task_assign", args=[task.pk]), {"assigned_on": "15/04/2022"})
    assert response.status_code == 422
    assert response.context["assign_form"].errors["units"]
    response = client.post(reverse("task_assign", args=[task.pk]), {"units": [tree.a.pk], "assigned_on": "15/04/2022"})
    assert response.status_code == 422
    assert tree.a.name in str(response.context["assign_form"].errors["units"])
    assert Assignment.objects.count() == 1


def test_a_recurring_task_is_assigned_for_a_period(client, tree):
    task = make_task(tree.bloc, title="Báo cáo giải ngân vốn đầu tư công", recurrence="quarterly")
    client.force_login(make_user("office", tree.bloc))
    url = reverse("task_assign", args=[task.pk])
    response = client.post(url, {"units": [tree.a.pk], "assigned_on": "01/04/2022", "period": "2022"})
    assert response.status_code == 422
    assert "period" in response.context["assign_form"].errors
    assert client.post(url, {"units": [tree.a.pk], "assigned_on": "01/04/2022", "period": "2022-q2"}).status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.period, assignment.deadline) == ("2022-Q2", date(2022, 6, 30))
