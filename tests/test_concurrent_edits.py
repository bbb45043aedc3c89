"""Two people edit the same record: the second save is refused with a message, nothing is silently overwritten.

Each edit form carries the record's state (`audit.state_token`) as it was rendered; the operation compares it with
the record under a row lock. The JSON API does the same with `ETag` / `If-Match`.
"""

import re
import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from dangvu.access import audit
from dangvu.access.models import AuditEntry
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.api.tests.clients import token_client
from dangvu.documents.models import Document
from dangvu.documents.tests.factories import make_document
from dangvu.meetings.models import Meeting
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members import operations as member_operations
from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.tracking.models import Task
from dangvu.tracking.tests.factories import make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

REFUSAL = "This record has just been changed by someone else"


@pytest.fixture
def tree():
    return Tree()


def clerk(role: str, unit) -> Client:
    user = make_user(role, unit)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.user = user
    return client


def form_data(response) -> dict:
    """What the browser would send back for the form as it was rendered (hidden state included)."""
    assert response.status_code == 200
    data = {}
    for field in response.context["form"]:
        value = field.value()
        if isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [getattr(v, "pk", v) for v in value]
        else:
            data[field.html_name] = field.field.widget.format_value(value) or ""
    return data


def audit_count(obj) -> int:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).count()


EDITS = {
    # form: (url name, role, unit attribute of the tree, make the record, the field both clerks change)
    "member": ("member_edit", Role.OFFICE, "bloc", lambda tree: make_member(tree.a1, "Nguyễn Văn An"), "workplace"),
    "document": ("document_edit", Role.OFFICE, "bloc", lambda tree: make_document(), "subject"),
    "task": ("task_edit", Role.OFFICE, "bloc", lambda tree: make_task(tree.bloc), "title"),
    "meeting": (
        "meeting_edit",
        Role.SECRETARY,
        "a1",
        lambda tree: make_meeting(tree.a1, at(2022, 4, 5, 14)),
        "title",
    ),
}
MODELS = {"member": Member, "document": Document, "task": Task, "meeting": Meeting}


@pytest.mark.parametrize("kind", list(EDITS))
def test_the_second_of_two_clerks_editing_the_same_record_is_refused(tree, kind):
    url_name, role, unit, make, field = EDITS[kind]
    record = make(tree)
    url = reverse(url_name, args=[record.pk])
    first, second = clerk(role, getattr(tree, unit)), clerk(role, getattr(tree, unit))
    first_form, second_form = form_data(first.get(url)), form_data(second.get(url))
    assert first_form["state"] == second_form["state"] == audit.state_token(MODELS[kind].objects.get(pk=record.pk))
    entries = audit_count(record)

    assert first.post(url, {**first_form, field: "Bản của người thứ nhất"}).status_code == 302
    response = second.post(url, {**second_form, field: "Bản của người thứ hai"})

    assert response.status_code == 422
    text = response.text
    assert REFUSAL in text
    assert f"by {first.user}" in text
    assert re.search(r"at \d{2}:\d{2} \d{2}/\d{2}/\d{4}", text)
    assert response.context["form"][field].value() == "Bản của người thứ hai"  # the second clerk's input is kept
    assert getattr(MODELS[kind].objects.get(pk=record.pk), field) == "Bản của người thứ nhất"
    assert audit_count(record) == entries + 1


@pytest.mark.parametrize("kind", list(EDITS))
def test_after_reloading_the_second_clerk_saves(tree, kind):
    url_name, role, unit, make, field = EDITS[kind]
    record = make(tree)
    url = reverse(url_name, args=[record.pk])
    first, second = clerk(role, getattr(tree, unit)), clerk(role, getattr(tree, unit))
    first_form, stale_form = form_data(first.get(url)), form_data(second.get(url))
    first.post(url, {**first_form, field: "Bản của người thứ nhất"})
    assert second.post(url, {**stale_form, field: "Bản của người thứ hai"}).status_code == 422

    reloaded = form_data(second.get(url))
    assert reloaded[field] == "Bản của người thứ nhất"
    assert second.post(url, {**reloaded, field: "Bản của người thứ hai"}).status_code == 302
    assert getattr(MODELS[kind].objects.get(pk=record.pk), field) == "Bản của người thứ hai"


def test_a_lifecycle_event_recorded_meanwhile_also_refuses_a_stale_profile_edit(tree):
    member = make_member(tree.a1, "Nguyễn Văn An")
    office = clerk(Role.OFFICE, tree.bloc)
    url = reverse("member_edit", args=[member.pk])
    stale = form_data(office.get(url))
    member_operations.record_event(None, member, kind="transfer_permanent", occurred_on=date(2020, 3, 1), unit=tree.b1)

    response = office.post(url, {**stale, "workplace": "Sở Tài chính"})

    assert response.status_code == 422
    assert REFUSAL in response.text
    member.refresh_from_db()
    assert (member.unit, member.workplace) == (tree.b1, "")  # the transfer stands; the stale edit wrote nothing


def test_a_save_without_a_state_is_not_checked(tree):
    """Scripts, imports and older clients send no state: their save goes through as before."""
    member = make_member(tree.a1, "Nguyễn Văn An")
    member_operations.update_member(None, member, workplace="Sở Tài chính")
    member_operations.update_member(None, Member.objects.get(pk=member.pk), workplace="Sở Nội vụ")
    assert Member.objects.get(pk=member.pk).workplace == "Sở Nội vụ"


# The JSON API ------------------------------------------------------------------------------------------------------


def test_api_member_detail_carries_the_state_as_etag(tree):
    member = make_member(tree.a1, "Nguyễn Văn An")
    response = token_client(make_user(Role.OFFICE, tree.bloc)).get(f"/api/members/{member.pk}")
    assert response.status_code == 200
    assert response["ETag"] == f'"{audit.state_token(member)}"'


def test_api_patch_with_a_stale_if_match_is_412_and_changes_nothing(tree):
    member = make_member(tree.a1, "Nguyễn Văn An")
    first = token_client(make_user(Role.OFFICE, tree.bloc), HTTP_ACCEPT_LANGUAGE="en")
    second = token_client(make_user(Role.OFFICE, tree.bloc), HTTP_ACCEPT_LANGUAGE="en")
    url = f"/api/members/{member.pk}"
    etag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == etag
    entries = audit_count(member)

    saved = first.patch(url, {"phone": "0911111111"}, content_type="application/json", headers={"if-match": etag})
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] != etag
    refused = second.patch(url, {"phone": "0922222222"}, content_type="application/json", headers={"if-match": etag})

    assert refused.status_code == 412
    assert refused.json()["detail"].startswith(REFUSAL)
    assert Member.objects.get(pk=member.pk).phone == "0911111111"
    assert audit_count(member) == entries + 1

    fresh = second.get(url)["ETag"]
    retried = second.patch(url, {"phone": "0922222222"}, content_type="application/json", headers={"if-match": fresh})
    assert retried.status_code == 200
    assert Member.objects.get(pk=member.pk).phone == "0922222222"


def test_api_reader_with_a_stale_if_match_is_refused_without_learning_who_changed_the_record(tree):
    member = make_member(tree.a1, "Nguyễn Văn An")
    member_operations.update_member(make_user(Role.OFFICE, tree.bloc), member, workplace="Sở Tài chính")
    reader = token_client(make_user(Role.LEADER, tree.bloc), HTTP_ACCEPT_LANGUAGE="en")
    response = reader.patch(
        f"/api/members/{member.pk}",
        {"phone": "0911111111"},
        content_type="application/json",
        headers={"if-match": '"0"'},
    )
    assert response.status_code == 403
    assert REFUSAL not in response.json()["detail"]


def test_api_patch_without_if_match_is_unconditional(tree):
    member = make_member(tree.a1, "Nguyễn Văn An")
    client = token_client(make_user(Role.OFFICE, tree.bloc))
    response = client.patch(f"/api/members/{member.pk}", {"phone": "0911111111"}, content_type="application/json")
    assert response.status_code == 200
    assert Member.objects.get(pk=member.pk).phone == "0911111111"


# Two transactions at once (PostgreSQL: the row lock makes the second wait, then see the first's change) -----------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; no row locks to prove")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_state_let_exactly_one_through():
    tree = Tree()
    member = make_member(tree.a1, "Nguyễn Văn An")
    token = audit.state_token(member)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(workplace: str) -> None:
        try:
            record = Member.objects.get(pk=member.pk)
            barrier.wait()
            with transaction.atomic():
                member_operations.update_member(None, record, expected_state=token, workplace=workplace)
            outcomes.append("saved")
        except audit.StaleState:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(place,)) for place in ("Sở Tài chính", "Sở Nội vụ")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "saved"]
    assert audit_count(member) == 2  # the admission and the one update that went through
