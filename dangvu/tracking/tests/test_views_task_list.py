from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.documents.tests.factories import make_document
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def _programme():
    return make_document(
        type="programme",
        number="16",
        symbol="CTr/ĐUK",
        issuer_name="Đảng ủy Khối",
        term="",
        issued_on=date(2022, 2, 15),
        subject="hành động thực hiện Nghị quyết số 48-NQ/TU về chuyển đổi số",
    )


def _shown(response) -> list[int]:
    return [row.task.pk for row in response.context["rows"]]


def test_sub_tasks_are_listed_indented_under_their_task_within_the_programme(client, tree):
    programme = _programme()
    task = make_task(tree.bloc, document=programme, deadline=date(2022, 6, 30))
    sub = make_task(tree.bloc, title="Xây dựng nền tảng số", document=programme, parent=task)
    subsub = make_task(tree.bloc, title="Số hóa hồ sơ đảng viên", document=programme, parent=sub)
    loose = make_task(tree.bloc, title="Việc không thuộc chương trình")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("task_list"))
    assert response.status_code == 200
    assert _shown(response) == [task.pk, sub.pk, subsub.pk, loose.pk]
    assert [row.depth for row in response.context["rows"]] == [0, 1, 2, 0]
    assert f'data-task="{subsub.pk}" data-depth="2"' in response.text
    assert f'data-document="{programme.pk}"' in response.text


def test_a_secretary_sees_only_tasks_given_to_their_units(client, tree):
    task_a = make_task(tree.bloc, title="Việc của Đảng bộ Văn phòng")
    make_assignment(task_a, tree.a)
    task_b = make_task(tree.bloc, title="Việc của Sở Tài chính")
    make_assignment(task_b, tree.b)
    own = make_task(tree.b, title="Việc riêng của Đảng ủy Sở Tài chính")
    client.force_login(make_user("secretary", tree.b))
    response = client.get(reverse("task_list"))
    assert set(_shown(response)) == {task_b.pk, own.pk}
    assert "Việc của Đảng bộ Văn phòng" not in response.text


def test_the_task_list_filters_by_programme_unit_status_and_quarter(client, tree):
    programme = _programme()
    in_programme = make_task(tree.bloc, document=programme, deadline=date(2022, 6, 30))
    make_assignment(in_programme, tree.a, assigned_on=date(2022, 4, 15))
    other = make_task(tree.bloc, title="Đại hội chi bộ nhiệm kỳ 2022-2025", deadline=date(2022, 3, 31))
    make_assignment(other, tree.b, deadline=date(2022, 3, 31), assigned_on=date(2022, 1, 10))
    client.force_login(make_user("office", tree.bloc))
    url = reverse("task_list")
    assert _shown(client.get(url, {"document": programme.pk})) == [in_programme.pk]
    assert _shown(client.get(url, {"unit": tree.b.pk})) == [other.pk]
    assert _shown(client.get(url, {"quarter": "2022-Q1"})) == [other.pk]
    # Neither is completed: as of today both are overdue; as of the end of Q2 only the one due in Q1 is.
    assert set(_shown(client.get(url, {"status": "overdue"}))) == {in_programme.pk, other.pk}
    assert _shown(client.get(url, {"status": "overdue", "quarter": "2022-Q2"})) == [other.pk]


def test_an_htmx_filter_answers_with_the_results_only(client, tree):
    make_task(tree.bloc)
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("task_list"), headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="task-results">')
    assert "HX-Request" in response["Vary"]


def test_the_task_list_is_paginated_in_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    programme = _programme()
    for number in range(30):
        task = make_task(tree.bloc, title=f"Nhiệm vụ {number}", document=programme, deadline=date(2022, 6, 30))
        make_assignment(task, tree.a)
        make_assignment(task, tree.b)
        make_task(tree.bloc, title=f"Nhiệm vụ con {number}", document=programme, parent=task)
    client.force_login(make_user("office", tree.bloc))
    with django_assert_max_num_queries(budgets.TASK_LIST):
        response = client.get(reverse("task_list"), {"size": 25, "page": 2})
    assert response.context["page"].paginator.count == 60
    assert len(response.context["rows"]) == 25
    assert response.context["rows"][0].assigned in {0, 2}


def test_a_secretary_finds_the_way_to_their_assignments_and_a_member_has_no_task_pages(client, tree):
    client.force_login(make_user("secretary", tree.a1))
    response = client.get(reverse("task_list"))
    assert reverse("assignment_list") in response.text
    assert reverse("task_list") in client.get(reverse("dashboard")).text
    client.force_login(make_user())
    assert client.get(reverse("task_list")).status_code == 404


def test_a_leader_reads_the_tasks_but_has_no_inbox_or_task_form(client, tree):
    task = make_task(tree.bloc)
    make_assignment(task, tree.a)
    client.force_login(make_user("leader", tree.bloc))
    response = client.get(reverse("task_list"))
    assert _shown(response) == [task.pk]
    assert 'id="my-assignments"' not in response.text and 'id="new-task"' not in response.text
    assert client.get(reverse("assignment_list")).status_code == 200
