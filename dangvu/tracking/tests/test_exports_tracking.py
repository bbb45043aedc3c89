"""XLSX exports of the tracking lists: tasks, the assignment inbox, quarterly reviews and notifications."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.documents.tests.factories import make_document
from dangvu.tracking.models import Notification, ReviewCycle
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree
from dangvu.web.tests.test_exports_xlsx import column, sheet_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


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
        subject="thực hiện Nghị quyết số 48-NQ/TU",
    )


def test_the_task_export_follows_the_list_filters_and_tree_order(client, tree):
    programme = _programme()
    task = make_task(tree.bloc, document=programme, deadline=date(2022, 6, 30))
    sub = make_task(tree.bloc, title="Xây dựng nền tảng số", document=programme, parent=task)
    make_assignment(task, tree.a)
    loose = make_task(tree.bloc, title="Việc không thuộc chương trình")
    client.force_login(make_user("office", tree.bloc))
    rows = sheet_rows(client.get(reverse("task_list_export"), {"size": 25}))
    page = client.get(reverse("task_list"))
    assert column(rows, "Task") == [row.indent + row.task.title for row in page.context["rows"]]
    assert column(rows, "Task level") == [1, 2, 1]
    assert column(rows, "Units assigned") == [1, 0, 0]
    assert column(rows, "Deadline")[0].date() == date(2022, 6, 30)
    filtered = sheet_rows(client.get(reverse("task_list_export"), {"document": programme.pk}))
    assert column(filtered, "Task") == [task.title, "\u2003" + sub.title]
    assert loose.title not in column(filtered, "Task")


def test_a_secretary_exports_only_the_tasks_of_their_units_and_a_member_none(client, tree):
    task_a = make_task(tree.bloc, title="Việc của Đảng bộ Văn phòng")
    make_assignment(task_a, tree.a)
    task_b = make_task(tree.bloc, title="Việc của Sở Tài chính")
    make_assignment(task_b, tree.b)
    client.force_login(make_user("secretary", tree.b))
    assert column(sheet_rows(client.get(reverse("task_list_export"))), "Task") == [task_b.title]
    client.force_login(make_user("member", tree.b1))
    assert client.get(reverse("task_list_export")).status_code == 404


def test_the_inbox_export_lists_the_quarter_assignments_of_the_user_units(client, tree):
    task = make_task(tree.bloc, title="Báo cáo quý")
    make_assignment(task, tree.a, deadline=date(2022, 6, 30), assigned_on=date(2022, 4, 15))
    make_assignment(task, tree.b, deadline=date(2022, 6, 30), assigned_on=date(2022, 4, 15))
    client.force_login(make_user("secretary", tree.a))
    rows = sheet_rows(client.get(reverse("assignment_list_export"), {"quarter": "2022-Q2"}))
    page = client.get(reverse("assignment_list"), {"quarter": "2022-Q2"})
    assert column(rows, "Unit") == [a.unit.name for a in page.context["page"].object_list] == [tree.a.name]
    assert column(rows, "Report") == ["not yet"]
    earlier = sheet_rows(client.get(reverse("assignment_list_export"), {"quarter": "2021-Q1"}))
    assert earlier[1:] == []


def test_the_review_export_lists_the_visible_quarters(client, tree):
    ReviewCycle.objects.create(unit=tree.a, quarter="2022-Q1", reporting_deadline=date(2022, 4, 5))
    ReviewCycle.objects.create(unit=tree.b, quarter="2022-Q1", reporting_deadline=date(2022, 4, 6))
    client.force_login(make_user("leader", tree.bloc))
    rows = sheet_rows(client.get(reverse("review_list_export")))
    assert sorted(column(rows, "Unit")) == sorted([tree.a.name, tree.b.name])
    client.force_login(make_user("secretary", tree.b))
    rows = sheet_rows(client.get(reverse("review_list_export")))
    assert column(rows, "Unit") == [tree.b.name]
    assert column(rows, "Reporting deadline")[0].date() == date(2022, 4, 6)


def test_the_notification_export_holds_only_the_user_own_notices(client, tree):
    me, other = make_user("secretary", tree.a), make_user("secretary", tree.b)
    Notification.objects.create(user=me, kind="overdue", key="a", text="Nhiệm vụ quá hạn", url="/tracking/")
    Notification.objects.create(user=other, kind="overdue", key="b", text="Không phải của tôi")
    client.force_login(me)
    rows = sheet_rows(client.get(reverse("notification_list_export")))
    assert column(rows, "Notice") == ["Nhiệm vụ quá hạn"]
    assert column(rows, "Link")[0].endswith("/tracking/")
