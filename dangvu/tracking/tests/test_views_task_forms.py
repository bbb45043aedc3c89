from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.documents.tests.factories import make_document
from dangvu.members.tests.factories import make_member
from dangvu.tracking.models import Task
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture
def programme():
    return make_document(
        type="programme",
        number="16",
        symbol="CTr/ĐUK",
        issuer_name="Đảng ủy Khối",
        term="",
        issued_on=date(2022, 2, 15),
        subject="hành động thực hiện Nghị quyết số 48-NQ/TU về chuyển đổi số",
    )


def _form(tree, programme, **changes) -> dict:
    data = {
        "owner_unit": tree.bloc.pk,
        "document": programme.pk,
        "title": "Triển khai hội nghị trực tuyến đến các chi bộ",
        "description": "Thực hiện Nghị quyết số 48-NQ/TU về chuyển đổi số.",
        "lead_unit": tree.a.pk,
        "cooperating_units": [tree.b.pk, tree.c.pk],
        "deadline": "30/06/2022",
        "recurrence": "none",
        "priority": "high",
        "indicator": "Tỷ lệ chi bộ họp trực tuyến",
        "indicator_unit": "%",
        "indicator_target": "100",
    }
    data.update(changes)
    return data


def test_an_office_creates_a_task_of_a_programme_with_every_field(client, tree, programme):
    leader = make_member(tree.a1, "Hoàng Thị Hoa")
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("task_create"), _form(tree, programme, person=leader.pk))
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("task_detail", args=[task.pk])
    assert (task.owner_unit, task.document, task.lead_unit, task.person) == (tree.bloc, programme, tree.a, leader)
    assert task.deadline == date(2022, 6, 30)
    assert set(task.cooperating_units.all()) == {tree.b, tree.c}
    assert str(task.indicator_target) == "100.00"
    assert AuditEntry.objects.filter(object_type="tracking.task", action="create").count() == 1


def test_the_form_is_prefilled_from_the_programme_or_the_parent_task(client, tree, programme):
    other = make_document()  # a conclusion, not a programme: listed only when asked for or prefilled
    client.force_login(make_user("office", tree.bloc))
    form = client.get(reverse("task_create"), {"document": programme.pk}).context["form"]
    assert form.initial["document"] == programme.pk
    assert other not in form.fields["document"].queryset
    assert other in client.get(reverse("task_create"), {"documents": "all"}).context["form"].fields["document"].queryset
    parent = make_task(tree.a, document=programme)
    form = client.get(reverse("task_create"), {"parent": parent.pk}).context["form"]
    assert (form.initial["parent"], form.initial["owner_unit"]) == (parent.pk, tree.a.pk)


def test_a_recurring_task_with_a_deadline_is_refused_on_the_form(client, tree, programme):
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("task_create"), _form(tree, programme, recurrence="quarterly"))
    assert response.status_code == 422
    assert response.context["form"].errors["deadline"]
    assert 'id="id_deadline_error"' in response.text
    assert not Task.objects.exists()


def test_a_blank_title_and_a_bad_date_are_refused(client, tree, programme):
    client.force_login(make_user("office", tree.bloc))
    response = client.post(reverse("task_create"), _form(tree, programme, title="", deadline="31/02/2022"))
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"title", "deadline"}
    assert not Task.objects.exists()


def test_a_secretary_cannot_direct_a_task_on_behalf_of_the_unit_above(client, tree, programme):
    client.force_login(make_user("secretary", tree.a))
    response = client.post(reverse("task_create"), _form(tree, programme, lead_unit="", cooperating_units=[]))
    assert response.status_code == 422
    assert "owner_unit" in response.context["form"].errors
    assert not Task.objects.exists()


def test_a_leader_cannot_create_tasks(client, tree):
    client.force_login(make_user("leader", tree.bloc))
    assert client.get(reverse("task_create")).status_code == 404


def test_the_directing_unit_edits_its_task_and_others_cannot(client, tree, programme):
    task = make_task(tree.bloc, document=programme, deadline=date(2022, 6, 30))
    make_assignment(task, tree.b)
    secretary_b = make_user("secretary", tree.b)
    client.force_login(secretary_b)
    assert client.get(reverse("task_detail", args=[task.pk])).status_code == 200
    assert client.get(reverse("task_edit", args=[task.pk])).status_code == 404
    client.force_login(make_user("office", tree.bloc))
    data = _form(tree, programme, title="Triển khai hội nghị trực tuyến (sửa)", deadline="15/07/2022")
    del data["owner_unit"]
    assert client.post(reverse("task_edit", args=[task.pk]), data).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.deadline) == ("Triển khai hội nghị trực tuyến (sửa)", date(2022, 7, 15))


def test_a_task_cannot_be_moved_under_its_own_sub_task(client, tree, programme):
    task = make_task(tree.bloc, document=programme)
    sub = make_task(tree.bloc, title="Việc con", document=programme, parent=task)
    client.force_login(make_user("office", tree.bloc))
    data = _form(tree, programme, parent=sub.pk)
    del data["owner_unit"]
    response = client.post(reverse("task_edit", args=[task.pk]), data)
    assert response.status_code == 422
    assert "parent" in response.context["form"].errors
    task.refresh_from_db()
    assert task.parent is None


def test_a_task_of_another_base_committee_does_not_exist_for_a_secretary(client, tree):
    task = make_task(tree.a, title="Việc của Đảng bộ Văn phòng")
    make_assignment(task, tree.a1)
    client.force_login(make_user("secretary", tree.b))
    assert client.get(reverse("task_detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("task_edit", args=[task.pk])).status_code == 404
    assert client.get(reverse("task_create"), {"parent": task.pk}).context["form"].initial.get("parent") is None
