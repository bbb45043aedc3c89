from datetime import date
from decimal import Decimal

import pytest

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.api.tests.clients import token_client, vietnamese
from dangvu.core.periods import Quarter
from dangvu.tracking import operations, queries
from dangvu.tracking.models import Report, ReportState
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

Q2 = Quarter(2022, 2)


class World:
    """The bloc's disbursement task given to base committees A and B; A passes it on to cells A1 and A2.
    A1 has finished (accepted report), B has reported 60 %, A2 and A have not reported."""

    def __init__(self) -> None:
        self.tree = Tree()
        self.task = make_task(
            self.tree.bloc,
            title="Giải ngân vốn đầu tư công",
            deadline=date(2022, 6, 30),
            indicator="Tỷ lệ giải ngân",
            indicator_unit="%",
            indicator_target=Decimal("100"),
        )
        self.to_a = make_assignment(self.task, self.tree.a)
        self.to_b = make_assignment(self.task, self.tree.b)
        self.to_a1, self.to_a2 = operations.pass_on(
            None, self.to_a, [self.tree.a1, self.tree.a2], assigned_on=date(2022, 4, 20)
        )
        done = operations.submit_report(
            None, self.to_a1, Q2, percent=100, completed_on=date(2022, 6, 20), indicator_value=Decimal("100")
        )
        operations.review_report(None, done, accept=True)
        self.report_b = operations.submit_report(None, self.to_b, Q2, percent=60, indicator_value=Decimal("62.5"))
        self.b_only = make_task(self.tree.b, title="Kiểm tra thu chi ngân sách")
        make_assignment(self.b_only, self.tree.b1)


@pytest.fixture
def world():
    return World()


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def unit_names(response) -> list[str]:
    return [row["unit_name"] for row in ok(response)["items"]]


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_secretarys_token_never_returns_another_units_assignments(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a))
    names = unit_names(client.get("/api/tracking/assignments"))
    assert sorted(names) == sorted([world.tree.a.name, world.tree.a1.name, world.tree.a2.name])
    assert unit_names(client.get("/api/tracking/assignments", {"status": "in_progress"})) == []
    assert client.get("/api/tracking/assignments", {"unit": world.tree.b.pk}).status_code == 404
    assert client.get(f"/api/tracking/assignments/{world.to_b.pk}").status_code == 404
    assert client.get(f"/api/tracking/reports/{world.report_b.pk}").status_code == 404
    assert world.tree.b.name not in unit_names(client.get("/api/tracking/reports"))
    assert [t["title"] for t in ok(client.get("/api/tracking/tasks"))["items"]] == ["Giải ngân vốn đầu tư công"]
    assert client.get(f"/api/tracking/tasks/{world.b_only.pk}").status_code == 404
    assert client.get("/api/tracking/rollup", {"unit": world.tree.b.pk, "quarter": "2022-Q2"}).status_code == 404


def test_assignment_status_is_derived_as_of_the_quarters_end(world):
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    q2 = ok(client.get("/api/tracking/assignments", {"quarter": "2022-Q2", "unit": world.tree.a.pk}))
    assert q2["as_of"] == "2022-06-30"
    assert {row["unit_name"]: row["status"] for row in q2["items"]} == {
        world.tree.a.name: "not_started",
        world.tree.a1.name: "done_on_time",
        world.tree.a2.name: "not_started",
    }
    overdue = client.get("/api/tracking/assignments", {"quarter": "2022-Q3", "status": "overdue"})
    assert sorted(unit_names(overdue)) == sorted(
        [world.tree.a.name, world.tree.a2.name, world.tree.b.name, world.tree.b1.name]
    )
    assert unit_names(client.get("/api/tracking/assignments", {"quarter": "2022-Q1"})) == []


def test_assignment_detail_has_its_reports(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a1))
    body = ok(client.get(f"/api/tracking/assignments/{world.to_a1.pk}"))
    assert (body["status"], body["baseline_deadline"], body["percent"]) == ("done_on_time", "2022-06-30", 100)
    assert [(r["quarter"], r["state"], r["indicator_value"]) for r in body["reports"]] == [
        ("2022-Q2", "accepted", 100.0)
    ]


def test_a_cell_submits_and_corrects_its_report(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a2))
    url = f"/api/tracking/assignments/{world.to_a2.pk}/reports"
    first = post(client, url, {"quarter": "2022-Q2", "percent": 40, "narrative": "Đã giải ngân một phần."})
    assert first.status_code == 201, first.content
    assert (first.json()["state"], first.json()["percent"], first.json()["unit_id"]) == (
        "submitted",
        40,
        world.tree.a2.pk,
    )
    again = post(client, url, {"quarter": "2022-Q2", "percent": 70})
    assert (again.status_code, again.json()["id"], again.json()["percent"]) == (200, first.json()["id"], 70)


def test_an_invalid_report_is_422_with_the_operations_message_and_changes_nothing(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a2))
    url = f"/api/tracking/assignments/{world.to_a2.pk}/reports"
    response = post(client, url, {"quarter": "2022-Q2", "percent": 80, "completed_on": "2022-06-01"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "percent"], "msg": vietnamese("A completed task is 100% done.")}
    ]
    response = post(client, url, {"quarter": "quý 2", "percent": 80})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "quarter"]
    assert not Report.objects.filter(assignment=world.to_a2).exists()


def test_a_leader_may_read_but_not_report(world):
    client = token_client(make_user(Role.LEADER, world.tree.a2))
    assert ok(client.get(f"/api/tracking/assignments/{world.to_a2.pk}"))["id"] == world.to_a2.pk
    response = post(
        client, f"/api/tracking/assignments/{world.to_a2.pk}/reports", {"quarter": "2022-Q2", "percent": 10}
    )
    assert response.status_code == 403
    assert not Report.objects.filter(assignment=world.to_a2).exists()


def test_the_assigning_unit_accepts_or_returns_a_report(world):
    office = token_client(make_user(Role.OFFICE, world.tree.bloc))
    url = f"/api/tracking/reports/{world.report_b.pk}/review"
    refused = post(office, url, {"accept": False})
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {"loc": ["body", "comment"], "msg": vietnamese("Say what has to be corrected when returning a report.")}
    ]
    returned = ok(post(office, url, {"accept": False, "comment": "Bổ sung số liệu quý II"}))
    assert (returned["state"], returned["review_comment"]) == ("returned", "Bổ sung số liệu quý II")
    assert Report.objects.get(pk=world.report_b.pk).state == ReportState.RETURNED


def test_a_cell_cannot_review_its_own_report(world):
    report = operations.submit_report(None, world.to_a2, Q2, percent=30)
    client = token_client(make_user(Role.SECRETARY, world.tree.a2))
    assert post(client, f"/api/tracking/reports/{report.pk}/review", {"accept": True}).status_code == 403
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED


def test_the_rollup_of_a_subtree_matches_the_queries(world):
    operations.open_cycle(None, world.tree.bloc, Q2, reporting_deadline=date(2022, 7, 5))
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    body = ok(client.get("/api/tracking/rollup", {"unit": world.tree.bloc.pk, "quarter": "2022-Q2"}))
    expected = queries.rollup(queries.assignments_in(world.tree.bloc), Q2, date(2022, 7, 5))
    assert body["reporting_deadline"] == "2022-07-05"
    assert body["total"] == expected.total == 5
    assert body["by_status"] == {
        "not_started": 3,
        "in_progress": 1,
        "overdue": 0,
        "done_on_time": 1,
        "done_late": 0,
        "cancelled": 0,
    }
    assert (body["expected_reports"], body["reports"]) == (5, 2)
    assert body["reporting_rate"] == 0.4
    assert body["on_time_rate"] == 1.0
    assert body["indicator_total"] == 162.5
    (indicator,) = body["indicators"]
    assert (indicator["target"], indicator["total"], indicator["reports"]) == (100.0, 162.5, 2)
    # In Vietnamese dictionary order: "Đảng bộ Sở Tài chính" before "Đảng bộ Văn phòng Tỉnh ủy".
    assert [(row["unit_name"], row["assignments"], row["reported"]) for row in body["units"]] == [
        (world.tree.b.name, 2, 1),
        (world.tree.a.name, 3, 1),
    ]


def test_the_rollup_defaults_to_the_callers_unit(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a))
    body = ok(client.get("/api/tracking/rollup", {"quarter": "2022-Q2"}))
    assert (body["unit_id"], body["total"], body["reports"]) == (world.tree.a.pk, 3, 1)
    assert body["reporting_deadline"] == "2022-07-05"  # the default: five days after the quarter


def test_rollup_by_document_counts_only_its_tasks(world):
    from dangvu.documents.tests.factories import make_document

    programme = make_document()
    operations.update_task(None, world.b_only, title=world.b_only.title, document=programme)
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    body = ok(
        client.get("/api/tracking/rollup", {"unit": world.tree.bloc.pk, "quarter": "2022-Q2", "document": programme.pk})
    )
    assert body["total"] == 1


def test_a_bad_quarter_in_the_query_is_422(world):
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    response = client.get("/api/tracking/assignments", {"quarter": "2022-Q5"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "quarter"]


def test_reviews_are_listed_within_the_scope(world):
    operations.open_cycle(None, world.tree.bloc, Q2, reporting_deadline=date(2022, 7, 5))
    operations.open_cycle(None, world.tree.a, Q2, reporting_deadline=date(2022, 7, 3))
    office = token_client(make_user(Role.OFFICE, world.tree.bloc))
    assert unit_names(office.get("/api/tracking/reviews", {"quarter": "2022-Q2"})) == [
        world.tree.bloc.name,
        world.tree.a.name,
    ]
    secretary = token_client(make_user(Role.SECRETARY, world.tree.a))
    (cycle,) = ok(secretary.get("/api/tracking/reviews"))["items"]
    assert (cycle["unit_id"], cycle["state"], cycle["reporting_deadline"]) == (world.tree.a.pk, "open", "2022-07-03")
    assert ok(secretary.get(f"/api/tracking/reviews/{cycle['id']}"))["snapshot"] is None


def test_the_assignment_list_uses_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    client = token_client(make_user(Role.OFFICE, world.tree.bloc))
    with django_assert_max_num_queries(6):
        assert len(ok(client.get("/api/tracking/assignments"))["items"]) == 5
