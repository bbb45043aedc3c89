"""The citation index: texts that cite a document appear under "Cited by", whenever either was written."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.documents.models import Mention
from dangvu.documents.operations import update_document
from dangvu.documents.tests.factories import make_document
from dangvu.members.operations import record_event
from dangvu.members.tests.factories import make_member
from dangvu.units.operations import rename_unit
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

PROGRAMME_TEXT = (
    "Thực hiện Nghị quyết số 48-NQ/TU, ngày 15-11-2021 của BCH Đảng bộ tỉnh (khóa XVII) về chuyển đổi số, "
    "Ban Thường vụ Đảng ủy Khối xây dựng Chương trình hành động."
)


def _resolution_48():
    return make_document(
        type="resolution",
        number="48",
        symbol="NQ/TU",
        issuer_name="Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
        term="XVII",
        issued_on=date(2021, 11, 15),
        subject="về chuyển đổi số tỉnh Tuyên Quang đến năm 2025, định hướng đến năm 2030",
    )


def _programme(**fields):
    values = {
        "type": "programme",
        "number": "15",
        "symbol": "CTr/ĐUK",
        "issuer_name": "Đảng ủy Khối",
        "term": "",
        "issued_on": date(2022, 1, 10),
        "subject": "thực hiện Nghị quyết số 48-NQ/TU về chuyển đổi số",
        "text": PROGRAMME_TEXT,
    }
    values.update(fields)
    return make_document(**values)


def _cited_by(client, document) -> list[str]:
    response = client.get(reverse("document_detail", args=[document.pk]))
    return [citing.label for citing in response.context["cited_by"]]


@pytest.fixture
def tree():
    return Tree()


def test_a_text_written_before_its_document_was_registered_is_linked_once_it_is(client, tree):
    programme = _programme()
    assert Mention.objects.filter(document__isnull=True).count() == 2  # the subject and the text
    resolution = _resolution_48()
    assert Mention.objects.filter(document=resolution).count() == 2
    client.force_login(make_user(Role.LEADER, tree.bloc))
    assert _cited_by(client, resolution) == [str(programme)]
    page = client.get(reverse("document_detail", args=[resolution.pk])).text
    assert "Nghị quyết số 48-NQ/TU, ngày 15-11-2021 của BCH Đảng bộ tỉnh (khóa XVII)" in page


def test_a_document_does_not_cite_itself_and_shows_a_clear_empty_state(client, tree):
    resolution = _resolution_48()
    update_document(None, resolution, **{**_fields(resolution), "text": "Nghị quyết số 48-NQ/TU nhấn mạnh..."})
    client.force_login(make_user(Role.LEADER, tree.bloc))
    assert _cited_by(client, resolution) == []
    assert (
        "Chưa có văn bản nào trong hệ thống trích dẫn văn bản này."
        in client.get(reverse("document_detail", args=[resolution.pk])).content.decode()
    )


def _fields(document) -> dict:
    names = ("type", "number", "symbol", "issuer_unit", "issuer_name", "term", "issued_on", "subject", "text")
    return {name: getattr(document, name) for name in names} | {"validity": document.validity}


def test_editing_the_text_replaces_its_citations(tree):
    resolution = _resolution_48()
    programme = _programme()
    update_document(None, programme, **{**_fields(programme), "subject": "", "text": "Không còn trích dẫn."})
    assert not Mention.objects.filter(document=resolution).exists()


def test_renumbering_a_document_lets_go_of_mentions_of_its_old_number(tree):
    resolution = _resolution_48()
    _programme()
    update_document(None, resolution, **{**_fields(resolution), "number": "49"})
    assert not Mention.objects.filter(document=resolution).exists()
    assert Mention.objects.filter(number_key="48", document__isnull=True).count() == 2


def test_without_a_date_a_citation_of_a_number_shared_by_two_documents_stays_unresolved(tree):
    _resolution_48()
    make_document(type="resolution", number="48", symbol="NQ/TU", issuer_name="Tỉnh ủy Hà Giang", term="XVI")
    _programme(text="Thực hiện Nghị quyết số 48-NQ/TU, ngày 15-11-2021.", subject="theo Nghị quyết 48-NQ/TU")
    dated, undated = Mention.objects.order_by("-start")
    assert dated.document is not None and dated.document.issued_on == date(2021, 11, 15)
    assert undated.document is None


def test_member_events_citing_a_decision_appear_only_to_those_who_may_read_the_member(client, tree):
    decision = make_document(
        type="decision", number="112", symbol="QĐ/ĐUK", issuer_name="Đảng ủy Khối", issued_on=date(2022, 3, 1)
    )
    member = make_member(tree.a1, "Trần Thị Hoa")
    record_event(
        None,
        member,
        kind="transfer_permanent",
        occurred_on=date(2022, 3, 15),
        unit=tree.b1,
        note="Chuyển sinh hoạt theo Quyết định số 112-QĐ/ĐUK ngày 01/3/2022.",
    )
    client.force_login(make_user(Role.SECRETARY, tree.b))
    (label,) = _cited_by(client, decision)
    assert label.startswith("Trần Thị Hoa: ")
    member_page = client.get(reverse("member_detail", args=[member.pk])).text
    assert (
        f'<a class="citation" href="/documents/{decision.pk}/">Quyết định số 112-QĐ/ĐUK ngày 01/3/2022</a>'
        in member_page
    )
    client.force_login(make_user(Role.SECRETARY, tree.c))
    assert _cited_by(client, decision) == []


def test_a_restructuring_decision_links_from_the_unit_history_and_is_listed_as_citing(client, tree):
    decision = make_document(
        type="decision", number="15", symbol="QĐ/TU", issuer_name="Tỉnh ủy Tuyên Quang", issued_on=date(2022, 6, 20)
    )
    rename_unit(
        None,
        tree.a,
        name="Đảng bộ Văn phòng Tỉnh ủy Tuyên Quang",
        effective_on=date(2022, 7, 1),
        decision="Quyết định số 15-QĐ/TU ngày 20/6/2022 của Ban Thường vụ Tỉnh ủy",
    )
    client.force_login(make_user(Role.LEADER, tree.bloc))
    (label,) = _cited_by(client, decision)
    assert "Đảng bộ Văn phòng Tỉnh ủy Tuyên Quang" in label
    unit_page = client.get(reverse("unit_detail", args=[tree.a.pk])).text
    assert f'<a class="citation" href="/documents/{decision.pk}/">Quyết định số 15-QĐ/TU' in unit_page


def test_relink_rebuilds_the_index_and_can_run_twice(tree):
    resolution = _resolution_48()
    _programme()
    expected = sorted(Mention.objects.values_list("source_id", "field", "start", "end", "document_id"))
    Mention.objects.all().delete()
    call_command("relink_citations", verbosity=0)
    call_command("relink_citations", verbosity=0)
    assert sorted(Mention.objects.values_list("source_id", "field", "start", "end", "document_id")) == expected
    assert Mention.objects.filter(document=resolution).count() == 2


def test_the_cited_by_list_costs_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    resolution = _resolution_48()
    for number in range(20):
        _programme(number=str(100 + number))
    for index in range(5):
        member = make_member(tree.a1, f"Nguyễn Văn Bình {index}")
        record_event(None, member, kind="exemption", occurred_on=date(2022, 5, 1), note="Theo Nghị quyết 48-NQ/TU.")
    client.force_login(make_user(Role.LEADER, tree.bloc))
    with django_assert_max_num_queries(20):
        assert len(_cited_by(client, resolution)) == 25


def test_the_document_page_lists_the_tasks_of_the_programmes_implementing_it(client, tree):
    from dangvu.documents.operations import relate_documents
    from dangvu.tracking.tests.factories import make_assignment, make_task

    resolution = _resolution_48()
    programme = _programme()
    relate_documents(None, programme, "implements", resolution)
    task = make_task(tree.bloc, title="Số hóa hồ sơ đảng viên", document=programme)
    make_assignment(task, tree.b)
    make_task(tree.bloc, title="Nhiệm vụ chỉ giao cho Đảng bộ A", document=programme)
    make_task(tree.a, title="Nhiệm vụ của Đảng bộ A", document=programme)
    client.force_login(make_user(Role.SECRETARY, tree.b))
    page = client.get(reverse("document_detail", args=[resolution.pk]))
    assert [t.title for t in page.context["tasks"]] == ["Số hóa hồ sơ đảng viên"]  # only what concerns base committee b
    assert (page.context["tasks"][0].assigned, page.context["tasks"][0].done) == (1, 0)
