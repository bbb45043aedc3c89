from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.core.periods import Quarter
from dangvu.tracking import operations
from dangvu.tracking.models import Assignment, Report, ReportState
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

Q2 = Quarter(2022, 2)


class World:
    """A bloc task given to base committees A and B; A passed it on to its cells A1 and A2."""

    def __init__(self) -> None:
        self.tree = tree = Tree()
        self.task = make_task(tree.bloc, deadline=date(2022, 6, 30))
        self.a = make_assignment(self.task, tree.a)
        self.b = make_assignment(self.task, tree.b)
        self.a1, self.a2 = operations.pass_on(None, self.a, [tree.a1, tree.a2], assigned_on=date(2022, 4, 20))


@pytest.fixture
def world():
    return World()


def _report(assignment, **fields) -> Report:
    values = {"percent": 100, "completed_on": date(2022, 6, 25), "narrative": "Đã triển khai."}
    values.update(fields)
    return operations.submit_report(None, assignment, Q2, **values)


def test_the_inbox_lists_the_units_assignments_with_report_and_pass_on(client, world):
    client.force_login(make_user("secretary", world.tree.a))
    response = client.get(reverse("assignment_list"), {"quarter": "2022-Q2"})
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"].object_list] == [world.a.pk]
    assert f"{reverse('assignment_report', args=[world.a.pk])}?quarter=2022-Q2" in response.text
    assert "pass-on-link" in response.text


def test_the_inbox_defaults_to_this_quarter_and_lists_reports_to_review(client, world):
    report = _report(world.a1)
    client.force_login(make_user("secretary", world.tree.a))
    response = client.get(reverse("assignment_list"))
    assert response.context["quarter"] == Quarter.containing(date.today())
    response = client.get(reverse("assignment_list"), {"quarter": "2022-Q2"})
    assert [r.pk for r in response.context["to_review"]] == [report.pk]


def test_a_secretary_of_b_never_sees_the_assignments_of_a(client, world):
    _report(world.a1)
    client.force_login(make_user("secretary", world.tree.b))
    response = client.get(reverse("assignment_list"), {"quarter": "2022-Q2"})
    assert [a.pk for a in response.context["page"].object_list] == [world.b.pk]
    assert list(response.context["to_review"]) == []
    assert world.tree.a.name not in response.text and world.tree.a1.name not in response.text
    for name in ("assignment_detail", "assignment_report"):
        assert client.get(reverse(name, args=[world.a1.pk])).status_code == 404
    for name in ("assignment_pass_on", "assignment_reschedule"):
        assert client.post(reverse(name, args=[world.a.pk]), {"units": [world.tree.a1.pk]}).status_code == 404


def test_the_assignment_page_shows_where_it_came_from_and_where_it_went(client, world):
    client.force_login(make_user("secretary", world.tree.a))
    response = client.get(reverse("assignment_detail", args=[world.a.pk]))
    assert [a.pk for a in response.context["passed_on"]] == [world.a1.pk, world.a2.pk]
    response = client.get(reverse("assignment_detail", args=[world.a1.pk]))
    assert response.context["parent"] == world.a
    client.force_login(make_user("secretary", world.tree.a1))
    response = client.get(reverse("assignment_detail", args=[world.a1.pk]))
    assert response.context["parent"] is None  # the base committee's assignment is above the cell's scope
    assert 'id="pass-on-form"' not in response.text


def test_a_base_committee_passes_its_assignment_on_through_the_form(client, world):
    task = make_task(world.tree.bloc, title="Đại hội chi bộ nhiệm kỳ 2022-2025", deadline=date(2022, 6, 30))
    given = make_assignment(task, world.tree.a)
    client.force_login(make_user("secretary", world.tree.a))
    url = reverse("assignment_pass_on", args=[given.pk])
    response = client.post(url, {"units": [world.tree.a1.pk], "deadline": "15/07/2022", "assigned_on": "20/04/2022"})
    assert response.status_code == 422
    assert "30/06/2022" in str(response.context["pass_on_form"].errors["deadline"])
    response = client.post(url, {"units": [world.tree.a1.pk, world.tree.a2.pk], "assigned_on": "20/04/2022"})
    assert response.status_code == 302
    passed = Assignment.objects.filter(parent=given)
    assert {(p.unit, p.assigned_on, p.deadline) for p in passed} == {
        (world.tree.a1, date(2022, 4, 20), date(2022, 6, 30)),
        (world.tree.a2, date(2022, 4, 20), date(2022, 6, 30)),
    }


def test_a_cell_reports_for_a_quarter_and_the_form_is_prefilled_next_time(client, world):
    client.force_login(make_user("secretary", world.tree.a1))
    url = reverse("assignment_report", args=[world.a1.pk])
    assert client.get(url, {"quarter": "2022-Q2"}).status_code == 200
    data = {"quarter": "2022-Q2", "percent": "100", "completed_on": "25/06/2022", "narrative": "Đã họp trực tuyến."}
    assert client.post(url, data).status_code == 302
    report = Report.objects.get()
    assert (report.quarter, report.percent, report.completed_on) == ("2022-Q2", 100, date(2022, 6, 25))
    form = client.get(url, {"quarter": "2022-Q2"}).context["form"]
    assert (form.initial["percent"], form.initial["narrative"]) == (100, "Đã họp trực tuyến.")


def test_an_inconsistent_report_is_refused_and_nothing_is_saved(client, world):
    client.force_login(make_user("secretary", world.tree.a1))
    url = reverse("assignment_report", args=[world.a1.pk])
    response = client.post(url, {"quarter": "2022-Q2", "percent": "150"})
    assert response.status_code == 422
    assert "percent" in response.context["form"].errors
    response = client.post(url, {"quarter": "2022-Q2", "percent": "60", "completed_on": "25/06/2022"})
    assert response.status_code == 422
    assert "percent" in response.context["form"].errors
    response = client.post(url, {"quarter": "2022-Q1", "percent": "10"})  # assigned on 20/04/2022
    assert response.status_code == 422
    assert response.context["form"].errors["quarter"]
    assert not Report.objects.exists()


def test_a_report_of_a_closed_quarter_is_refused_with_the_lock_message(client, world):
    report = _report(world.a1, percent=50, completed_on=None)
    cycle = operations.open_cycle(None, world.tree.bloc, Q2, date(2022, 7, 5))
    operations.close_cycle(None, cycle)
    client.force_login(make_user("secretary", world.tree.a1))
    url = reverse("assignment_report", args=[world.a1.pk])
    assert 'id="quarter-locked"' in client.get(url, {"quarter": "2022-Q2"}).text
    response = client.post(url, {"quarter": "2022-Q2", "percent": "100", "completed_on": "25/06/2022"})
    assert response.status_code == 422
    assert world.tree.bloc.name in str(response.context["form"].non_field_errors())
    report.refresh_from_db()
    assert (report.percent, report.completed_on) == (50, None)


def test_only_the_assigning_unit_moves_a_deadline_and_must_say_why(client, world):
    client.force_login(make_user("secretary", world.tree.a1))
    url = reverse("assignment_reschedule", args=[world.a1.pk])
    assert client.post(url, {"deadline": "15/07/2022", "reason": "Chờ kinh phí"}).status_code == 404
    client.force_login(make_user("secretary", world.tree.a))
    response = client.post(url, {"deadline": "15/07/2022", "reason": "  "})
    assert response.status_code == 422
    assert "reason" in response.context["reschedule_form"].errors
    assert client.post(url, {"deadline": "15/07/2022", "reason": "Chờ kinh phí"}).status_code == 302
    world.a1.refresh_from_db()
    assert (world.a1.baseline_deadline, world.a1.deadline) == (date(2022, 6, 30), date(2022, 7, 15))


def test_the_base_committee_accepts_or_returns_a_cell_report(client, world):
    report = _report(world.a1)
    other = _report(world.a2, percent=40, completed_on=None)
    client.force_login(make_user("secretary", world.tree.a1))
    assert client.post(reverse("report_review", args=[report.pk]), {"decision": "accept"}).status_code == 404
    client.force_login(make_user("secretary", world.tree.a))
    response = client.post(reverse("report_review", args=[other.pk]), {"decision": "return", "comment": ""})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    other.refresh_from_db()
    assert other.state == ReportState.SUBMITTED
    next_url = reverse("assignment_list") + "?quarter=2022-Q2"
    response = client.post(reverse("report_review", args=[report.pk]), {"decision": "accept", "next": next_url})
    assert response["Location"] == next_url
    report.refresh_from_db()
    world.a1.refresh_from_db()
    assert (report.state, world.a1.completed_on) == (ReportState.ACCEPTED, date(2022, 6, 25))
    response = client.post(
        reverse("report_review", args=[other.pk]), {"decision": "return", "comment": "Bổ sung số liệu"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.state, other.review_comment) == (ReportState.RETURNED, "Bổ sung số liệu")


def test_the_inbox_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for number in range(20):
        task = make_task(world.tree.bloc, title=f"Nhiệm vụ {number}", deadline=date(2022, 6, 30))
        given = make_assignment(task, world.tree.a)
        (cell,) = operations.pass_on(None, given, [world.tree.a1], assigned_on=date(2022, 4, 20))
        _report(cell)
    client.force_login(make_user("secretary", world.tree.a))
    with django_assert_max_num_queries(budgets.ASSIGNMENT_LIST):
        response = client.get(reverse("assignment_list"), {"quarter": "2022-Q2"})
    assert len(response.context["page"].object_list) == 21
    assert len(response.context["to_review"]) == 20


def test_a_cell_attaches_evidence_that_only_units_in_scope_can_download(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    report = _report(world.a1, completed_on=None, percent=60)
    client.force_login(make_user("secretary", world.tree.a1))
    url = reverse("evidence_upload", args=[report.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("anh.png", b"not a png")})
    assert refused.status_code == 422 and not report.evidence.exists()
    photo = SimpleUploadedFile("anh-hoi-nghi.png", b"\x89PNG\r\n\x1a\n....")
    assert client.post(url, {"file": photo}).status_code == 302
    evidence = report.evidence.get()
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert 'filename="anh-hoi-nghi.png"' in download["Content-Disposition"]
    client.force_login(make_user("secretary", world.tree.b))
    assert client.get(reverse("evidence_download", args=[evidence.pk])).status_code == 404


def test_a_directing_unit_with_very_many_units_below_offers_only_those_directly_below(monkeypatch):
    """A national task offers the provinces one by one, not sixty thousand checkboxes; kinds reach further down."""
    from dangvu.tracking import forms as tracking_forms

    monkeypatch.setattr(tracking_forms, "MOST_OFFERED_ONE_BY_ONE", 3)
    tree = Tree()
    task = make_task(tree.bloc, "Triển khai Kết luận 21-KL/TW")
    form = tracking_forms.AssignForm(user=make_user("office", tree.bloc), task=task)
    offered = {unit.pk for unit in form.fields["units"].queryset}
    assert offered == {tree.a.pk, tree.b.pk, tree.c.pk}  # five units below: only the three directly below
    assert {value for value, _label in form.fields["kinds"].choices} >= {"cell", "base_committee"}
    monkeypatch.setattr(tracking_forms, "MOST_OFFERED_ONE_BY_ONE", 300)
    form = tracking_forms.AssignForm(user=make_user("office", tree.bloc), task=task)
    assert tree.a1.pk in {unit.pk for unit in form.fields["units"].queryset}
