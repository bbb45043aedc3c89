"""Property-based fuzzing of the JSON API against its own OpenAPI schema, on a live server.

For every operation of the schema, generated requests (valid by the schema, with path and query ids often swapped
for real ids of the world) are sent with the bearer token of an office clerk of base committee A. Every answer must:

- not be a server error,
- conform to the documented response schema, status codes and content types,
- contain nothing of base committee B, A's sibling: not its units, members, documents, tasks or meetings.

Each operation gets a fresh world, so the writes of one operation cannot spoil the next.
"""

import json
from datetime import date

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dangvu.access.operations import issue_api_token
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.api.api import api
from dangvu.api.tests.clients import vietnamese
from dangvu.awards import awarding
from dangvu.awards.models import AwardForm, Criterion, Recipients
from dangvu.awards.tests.factories import make_decision, rated
from dangvu.core.periods import Quarter
from dangvu.documents.tests.factories import make_document
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.tracking import operations as tracking
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

Q2 = Quarter(2022, 2)

# Operations whose fuzzing exposes a defect not fixed yet: (METHOD, path) -> the defect.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def _operations() -> list:
    paths = api.get_openapi_schema(path_prefix="/api")["paths"]
    params = []
    for path, methods in paths.items():
        for method in methods:
            key = (method.upper(), path)
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[key])] if key in KNOWN_DEFECTS else []
            params.append(pytest.param(*key, id=f"{key[0]} {path}", marks=marks))
    return params


class World:
    """Base committees A and B side by side under the bloc, each with members, documents, a task, a meeting and
    ratings. Everything of B carries "Bí Mật B" or a number no one else has, so that a leak is easy to spot."""

    def __init__(self) -> None:
        self.tree = tree = Tree()
        self.a_members = [
            make_member(tree.a1, "Nguyễn Văn An"),
            make_member(tree.a2, "Trần Thị Hoa", confirmed_on=None, admitted_on=date(2022, 1, 10)),
        ]
        self.b_members = [
            make_member(tree.b1, "Hoàng Bí Mật B1"),
            make_member(tree.b1, "Trịnh Bí Mật B2", gender="female", citizen_id="001099887766", phone="0987654321"),
        ]
        self.a_document = make_document(
            type="resolution", number="15", symbol="NQ/ĐU", issuer_unit=tree.a, issuer_name="", term="",
            issued_on=date(2022, 3, 1), subject="về chuyển đổi số trong cơ quan",
        )  # fmt: skip
        self.b_document = make_document(
            type="resolution", number="7391", symbol="NQ/ĐU", issuer_unit=tree.b, issuer_name="", term="",
            issued_on=date(2022, 3, 2), subject="về kiểm tra Bí Mật B thu chi ngân sách",
        )  # fmt: skip
        self.b_decision = make_decision(tree.b, number="7392", subject="về xếp loại Bí Mật B")

        self.a_task = make_task(tree.a, "Quán triệt nghị quyết chuyển đổi số", document=self.a_document)
        self.to_a1 = make_assignment(self.a_task, tree.a1)
        self.a_report = tracking.submit_report(None, self.to_a1, Q2, percent=40, narrative="Đã quán triệt")
        self.b_task = make_task(tree.b, "Kiểm tra Bí Mật B thu chi", document=self.b_document)
        self.to_b1 = make_assignment(self.b_task, tree.b1)
        self.b_report = tracking.submit_report(None, self.to_b1, Q2, percent=70, narrative="Bí Mật B đã kiểm tra")

        self.a_meeting = make_meeting(tree.a1)
        self.b_meeting = make_meeting(tree.b1, at(2022, 4, 6, 14), title="Sinh hoạt Bí Mật B tháng 4/2022")

        rated(self.a_members[0], 2021, "excellent")
        rated(self.b_members[0], 2021, "good", decision=self.b_decision)
        rated(self.b_members[1], 2021, "excellent", decision=self.b_decision)
        self.award_types = [
            awarding.create_award_type(
                None, name="Giấy khen 5 năm liền", form=AwardForm.CERTIFICATE_OF_COMMENDATION,
                grantor="Ban Thường vụ Đảng ủy Khối", grantor_unit=tree.bloc, recipients=Recipients.MEMBERS,
                criterion=Criterion.EXCELLENT_YEARS, criterion_years=1,
            ),
            # The award-type catalogue is the same for every user, so B's own award type is no secret of B.
            awarding.create_award_type(
                None, name="Giấy khen của Đảng ủy cơ sở", form=AwardForm.CERTIFICATE_OF_COMMENDATION,
                grantor="Ban Thường vụ Đảng ủy cơ sở", grantor_unit=tree.b, recipients=Recipients.MEMBERS,
                criterion=Criterion.EXCELLENT_YEARS, criterion_years=1,
            ),
        ]  # fmt: skip

        self.user = make_user(Role.OFFICE, tree.a)
        self.token = issue_api_token(self.user, "kiểm thử mờ")

    def pools(self) -> dict[str, list[int]]:
        """Real ids per parameter name, A's and B's alike: B's must be refused, A's must answer by the schema."""
        tree = self.tree
        units = [u.pk for u in (tree.province, tree.bloc, tree.a, tree.b, tree.a1, tree.a2, tree.b1, tree.c)]
        members = [m.pk for m in self.a_members + self.b_members]
        documents = [self.a_document.pk, self.b_document.pk, self.b_decision.pk]
        tasks = [self.a_task.pk, self.b_task.pk]
        assignments = [self.to_a1.pk, self.to_b1.pk]
        reports = [self.a_report.pk, self.b_report.pk]
        meetings = [self.a_meeting.pk, self.b_meeting.pk]
        award_types = [award_type.pk for award_type in self.award_types]
        return {
            "unit_id": units,
            "unit": units,
            "parent": units,
            "member_id": members,
            "member": members,
            "document": documents,
            "task_id": tasks,
            "task": tasks,
            "assignment_id": assignments,
            "assignment": assignments,
            "report_id": reports,
            "meeting_id": meetings,
            "award_type_id": award_types,
            "award_type": award_types,
        }

    def secrets(self) -> tuple[list[str], set[str]]:
        """B's texts that must appear nowhere (substrings), and B's codes and numbers (as whole JSON values)."""
        tree = self.tree
        texts = ["Bí Mật B", tree.b.name, tree.b1.name, "7391-NQ/ĐU", "7392-QĐ/ĐU"]
        values = {tree.b.code, tree.b1.code, "001099887766", "0987654321"}
        values |= {m.card_number for m in self.b_members if m.card_number}
        return texts, values


_schemas: dict[str, schemathesis.BaseSchema] = {}


def live_schema(base_url: str, token: str):
    """The schema as the live server serves it (to a logged-in caller), loaded once per server."""
    if base_url not in _schemas:
        _schemas[base_url] = schemathesis.openapi.from_url(
            f"{base_url}/api/schema", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
    return _schemas[base_url]


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def nothing_of(world: World):
    """A schemathesis check: the answer holds none of B's names, codes or numbers."""
    texts, values = world.secrets()

    def no_data_of_the_sibling_unit(ctx, response, case):
        body = response.content.decode(response.encoding or "utf-8", errors="replace")
        try:
            parsed = json.loads(body)
        except ValueError:  # the .ics calendar
            strings = set(body.split())
        else:
            body = json.dumps(parsed, ensure_ascii=False)  # Vietnamese as written, not as \u escapes
            strings = set(_json_strings(parsed))
        leaked = [text for text in texts if text in body] + sorted(values & strings)
        assert not leaked, f"{case.method} {case.formatted_path} answered data of base committee B: {leaked}"
        return True

    return no_data_of_the_sibling_unit


def _with_real_ids(case, data, pools):
    """Swap generated ids, in the path, the query and the body, for real ids of the world about half the time."""
    containers = [case.path_parameters, case.query]
    if isinstance(case.body, dict):
        containers.append(case.body)
    for container in containers:
        if not container:
            continue
        for name in sorted(container):
            if name in pools and data.draw(st.booleans(), label=f"real {name}"):
                container[name] = data.draw(st.sampled_from(pools[name]), label=name)
    if case.query and "quarter" in case.query and data.draw(st.booleans(), label="real quarter"):
        case.query["quarter"] = "2022-Q2"
    if isinstance(case.body, dict) and "quarter" in case.body and data.draw(st.booleans(), label="real quarter"):
        case.body["quarter"] = "2022-Q2"
    return case


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("method", "path"), _operations())
def test_operation_answers_by_its_schema_and_keeps_to_the_callers_scope(live_server, method, path):
    world = World()
    schema = live_schema(live_server.url, world.token)
    operation = schema[path][method]
    pools = world.pools()
    headers = {"Authorization": f"Bearer {world.token}", "Accept-Language": "vi"}
    checks = [
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
        content_type_conformance,
        nothing_of(world),
    ]

    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), data=st.data())
    def answers_well(case, data):
        case = _with_real_ids(case, data, pools)
        case.call_and_validate(base_url=live_server.url, headers=headers, checks=checks, timeout=30)

    answers_well()


# What the fuzzing found, pinned down: each of these once answered 500.

HUGE = 2**63 + 5


@pytest.fixture
def world() -> World:
    return World()


def _client(world: World) -> Client:
    return Client(raise_request_exception=False, headers={"authorization": f"Bearer {world.token}"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/meetings/compliance", {"year": 19972}, "year"),
        ("/api/meetings/compliance", {"year": -1}, "year"),
        ("/api/awards/badges", {"year": 0}, "year"),
        ("/api/awards/badges", {"year": HUGE}, "year"),
        ("/api/awards/badges/candidates", {"occasion": "0001-01-01"}, "occasion"),
        ("/api/tracking/rollup", {"quarter": "9999-Q4"}, "quarter"),
        ("/api/tracking/assignments", {"quarter": "9999-Q4"}, "quarter"),
    ],
)
def test_a_year_out_of_range_is_refused_in_vietnamese(world, url, params, field):
    response = _client(world).get(url, params)
    assert response.status_code == 422, response.content
    message = vietnamese("The year must be between %(first)s and %(last)s.") % {"first": 1930, "last": 2100}
    assert response.json()["detail"] == [{"loc": ["query", field], "msg": message}]


@pytest.mark.django_db
def test_a_report_for_a_quarter_out_of_range_is_refused(world):
    response = _client(world).post(
        f"/api/tracking/assignments/{world.to_a1.pk}/reports",
        {"quarter": "9999-Q4", "percent": 10},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "quarter"]


@pytest.mark.django_db
def test_award_candidates_for_a_year_out_of_range_are_refused(world):
    response = _client(world).get(f"/api/awards/types/{world.award_types[0].pk}/candidates", {"year": HUGE})
    assert response.status_code == 422, response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/units", {"offset": HUGE}),
        ("/api/tracking/assignments", {"task": HUGE}),
        ("/api/tracking/reports", {"assignment": -HUGE}),
        ("/api/awards", {"award_type": HUGE}),
        ("/api/awards/ratings", {"member": HUGE}),
    ],
)
def test_an_id_or_offset_beyond_any_table_finds_nothing(world, url, params):
    response = _client(world).get(url, params)
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []


@pytest.mark.django_db
def test_the_member_status_is_documented_as_the_members_own(world):
    response = _client(world).get("/api/members", {"unit": world.tree.a.pk})
    assert {row["status"] for row in response.json()["items"]} == {"full", "probationary"}
    schema = _client(world).get("/api/schema").json()
    member_status = schema["components"]["schemas"]["MemberOut"]["properties"]["status"]
    assert set(member_status["enum"]) >= {"full", "probationary"}
    assert "done_on_time" in schema["components"]["schemas"]["Status"]["enum"]


@pytest.mark.django_db
def test_the_leak_check_spots_the_sibling_units_data(world):
    """The check itself must catch B's names, codes and numbers (else the fuzzing above proves nothing)."""

    class Answer:
        encoding = "utf-8"

        def __init__(self, body: dict) -> None:
            self.content = json.dumps(body).encode()

    class Request:
        method = "GET"
        formatted_path = "/api/members"

    check = nothing_of(world)
    assert check(None, Answer({"items": [{"full_name": "Nguyễn Văn An", "unit_name": world.tree.a1.name}]}), Request())
    for leak in (
        {"items": [{"full_name": "Hoàng Bí Mật B1"}]},
        {"unit_name": "Chi bộ Phòng Ngân sách"},
        {"decision": "7392-QĐ/ĐU"},
        {"code": world.tree.b1.code},
        {"card_number": world.b_members[0].card_number},
    ):
        with pytest.raises(AssertionError, match="base committee B"):
            check(None, Answer(leak), Request())
