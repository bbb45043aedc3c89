"""Party badge pages: candidates of an award day, awarding them by a decision, the badges awarded, the ceremony, a
grave illness and a disciplinary measure; scoping and the XLSX exports."""

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dangvu.access.tests.factories import make_user
from dangvu.awards import badges
from dangvu.awards.models import Discipline, HealthNote, PartyBadge
from dangvu.documents.models import Document
from dangvu.documents.tests.factories import make_document
from dangvu.members.operations import record_event
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 19)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings):
    """Pages in English, so that the assertions hold once the Vietnamese catalogue exists."""
    settings.LANGUAGE_CODE = "en"
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture
def people(tree):
    return {
        "an": make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19)),
        "hai": make_member(tree.a2, "Bùi Văn Hải", admitted_on=date(1985, 9, 2), confirmed_on=date(1986, 9, 2)),
        "lan": make_member(tree.b1, "Đỗ Thị Lan", admitted_on=date(1990, 3, 1), confirmed_on=date(1991, 3, 1)),
    }


def _decision(tree, number="9"):
    return make_document(
        type="decision",
        number=number,
        symbol="QĐ/TU",
        issuer_unit=tree.province,
        issuer_name="",
        term="",
        issued_on=date(2026, 5, 1),
        subject="về việc tặng Huy hiệu Đảng",
    )


def _page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("badge_candidates"), params)


def test_the_candidates_page_lists_members_due_per_milestone_within_scope(client, tree, people):
    secretary = make_user("secretary", tree.a)
    response = _page(client, secretary, unit=tree.a.pk, occasion="2026-05-19")
    assert response.status_code == 200
    html = response.content.decode()
    assert "30 years: 1; 40 years: 1" in html
    assert f'data-member="{people["an"].pk}"' in html and f'data-member="{people["hai"].pk}"' in html
    assert f'data-member="{people["lan"].pk}"' not in html  # in base committee B
    assert reverse("member_detail", args=[people["an"].pk]) in html
    assert 'id="award-decision"' in html  # the committee of A may award
    # Outside the user's scope: 404.
    assert _page(client, secretary, unit=tree.b.pk, occasion="2026-05-19").status_code == 404
    # Not an award day: 404.
    assert _page(client, secretary, unit=tree.a.pk, occasion="2026-05-20").status_code == 404


def test_the_default_award_day_is_the_next_one_and_four_are_offered(client, tree, people):
    response = _page(client, make_user("admin", tree.province), unit=tree.bloc.pk)
    upcoming = badges.upcoming_occasions()
    assert response.context["occasion"] == upcoming[0]
    html = response.content.decode()
    for day in upcoming:
        assert f'data-occasion="{day:%Y-%m-%d}"' in html
    assert len(upcoming) == 4


def test_a_cell_secretary_sees_the_candidates_but_cannot_award(client, tree, people):
    response = _page(client, make_user("secretary", tree.a1), unit=tree.a1.pk, occasion="2026-05-19")
    html = response.content.decode()
    assert f'data-member="{people["an"].pk}"' in html
    assert 'id="award-decision"' not in html and 'name="pick"' not in html


def test_the_candidates_export(client, tree, people):
    client.force_login(make_user("admin", tree.province))
    response = client.get(reverse("badge_candidates_export"), {"unit": tree.bloc.pk, "occasion": "2026-05-19"})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Milestone (years)", "Member", "Cell")
    assert {(row[0], row[1]) for row in rows[1:]} == {(30, "Nguyễn Văn An"), (40, "Bùi Văn Hải"), (30, "Đỗ Thị Lan")}
    client.force_login(make_user("secretary", tree.b))
    response = client.get(reverse("badge_candidates_export"), {"unit": tree.a.pk, "occasion": "2026-05-19"})
    assert response.status_code == 404


def _award_form(tree, members, **changes):
    data = {
        "unit": tree.a.pk,
        "occasion": "2026-05-19",
        "pick": [f"{m.pk}:{milestone}" for m, milestone in members],
        "number": "125",
        "symbol": "QĐ/TU",
        "issued_on": "10/05/2026",
        "subject": "về việc tặng Huy hiệu Đảng đợt 19-5-2026",
    }
    data.update(changes)
    return data


def test_awarding_the_ticked_candidates_registers_the_decision(client, tree, people):
    client.force_login(make_user("office", tree.a))  # the office registers documents
    response = client.post(reverse("badge_award"), _award_form(tree, [(people["an"], 30), (people["hai"], 40)]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("badge_list"))
    decision = Document.objects.get(number="125")
    assert decision.issuer_unit == tree.a
    assert set(PartyBadge.objects.values_list("member__full_name", "milestone", "decision")) == {
        ("Nguyễn Văn An", 30, decision.pk),
        ("Bùi Văn Hải", 40, decision.pk),
    }
    # They are no longer candidates.
    assert (
        "30 years"
        not in _page(client, make_user("admin", tree.province), unit=tree.a.pk, occasion="2026-05-19").content.decode()
    )


def test_awarding_without_a_decision_or_twice_is_refused_and_changes_nothing(client, tree, people):
    client.force_login(make_user("office", tree.a))
    response = client.post(reverse("badge_award"), _award_form(tree, [(people["an"], 30)], number="", issued_on=""))
    assert response.status_code == 422
    assert "Pick a decision above or fill in the new decision." in response.content.decode()
    assert not PartyBadge.objects.exists()
    client.post(reverse("badge_award"), _award_form(tree, [(people["an"], 30)]))
    response = client.post(reverse("badge_award"), _award_form(tree, [(people["an"], 30)], number="126"))
    assert response.status_code == 422
    assert "already received the 30-year badge" in response.content.decode()
    assert PartyBadge.objects.count() == 1 and not Document.objects.filter(number="126").exists()
    # Picking a member out of scope awards nothing.
    response = client.post(reverse("badge_award"), _award_form(tree, [(people["lan"], 30)], number="127"))
    assert response.status_code == 422 and PartyBadge.objects.count() == 1


def test_a_secretary_awards_by_a_registered_decision(client, tree, people):
    decision = _decision(tree)
    client.force_login(make_user("secretary", tree.a))
    page = client.get(reverse("badge_candidates"), {"unit": tree.a.pk, "occasion": "2026-05-19"})
    assert f'value="{decision.pk}"' in page.content.decode()
    response = client.post(
        reverse("badge_award"), _award_form(tree, [(people["an"], 30)], decision=decision.pk, number="", issued_on="")
    )
    assert response.status_code == 302
    assert PartyBadge.objects.get().decision == decision


def test_the_list_of_badges_awarded_by_batch_and_its_export(client, tree, people):
    decision = _decision(tree)
    badges.award_badges(None, DAY, decision, [(people["an"], 30, None), (people["hai"], 40, None)])
    badges.award_badges(None, DAY, decision, [(people["lan"], 30, None)])
    record_event(None, people["an"], kind="death", occurred_on=date(2026, 10, 1))
    client.force_login(make_user("secretary", tree.a))
    response = client.get(reverse("badge_list"), {"unit": tree.a.pk, "year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-occasion="2026-05-19" data-total="2"' in html
    assert "30 years: 1; 40 years: 1" in html
    assert "Batch 19-5 (2026)" in html
    assert f'data-member="{people["lan"].pk}"' not in html
    response = client.get(reverse("badge_list_export"), {"unit": tree.a.pk})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(row[1], row[2]) for row in rows[1:]] == [(30, "Nguyễn Văn An"), (40, "Bùi Văn Hải")]


def test_the_list_opens_on_the_year_of_the_latest_award_day_and_can_show_every_year(client, tree, people):
    decision = _decision(tree)
    badges.award_badges(None, DAY, decision, [(people["an"], 30, None), (people["hai"], 40, None)])
    PartyBadge.objects.filter(member=people["hai"]).update(occasion=date(2025, 9, 2))
    client.force_login(make_user("secretary", tree.a))
    response = client.get(reverse("badge_list"), {"unit": tree.a.pk})
    assert response.context["found"].year == 2026
    assert [b.member for b in response.context["badges"]] == [people["an"]]
    response = client.get(reverse("badge_list"), {"unit": tree.a.pk, "year": ""})
    assert {b.member for b in response.context["badges"]} == {people["an"], people["hai"]}
    assert [batch["total"] for batch in response.context["batches"]] == [1, 1]


def test_recording_the_ceremony_of_a_decision(client, tree, people):
    decision = _decision(tree)
    first, second = badges.award_badges(None, DAY, decision, [(people["an"], 30, None), (people["hai"], 40, None)])
    client.force_login(make_user("secretary", tree.a))
    url = reverse("badge_ceremony", args=[first.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"on": "20/05/2026", "place": "Hội trường Tỉnh ủy", "badge": [first.pk, second.pk]})
    assert response.status_code == 302
    assert set(PartyBadge.objects.values_list("ceremony_on", "ceremony_place")) == {
        (date(2026, 5, 20), "Hội trường Tỉnh ủy")
    }
    client.force_login(make_user("secretary", tree.b))
    assert client.get(url).status_code == 404


def test_recording_a_grave_illness_and_a_disciplinary_measure(client, tree, people):
    member = people["an"]
    client.force_login(make_user("secretary", tree.a))
    response = client.post(reverse("badge_health_note", args=[member.pk]), {"since": "05/01/2026", "note": "Ung thư"})
    assert response.status_code == 302 and response["Location"] == reverse("member_detail", args=[member.pk])
    assert HealthNote.objects.get(member=member).gravely_ill_since == date(2026, 1, 5)
    url = reverse("discipline_record", args=[member.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "warning", "decided_on": "10/01/2026", "decision": "Quyết định 12-QĐ/UBKT", "reason": "Vi phạm"}
    )
    assert response.status_code == 302
    assert Discipline.objects.get(member=member).kind == "warning"
    assert member.pk not in {
        c.member.pk for c in badges.badge_candidates(DAY, tree.a, make_user("admin", tree.province))
    }
    # Another committee: 404.
    client.force_login(make_user("secretary", tree.b))
    assert client.get(url).status_code == 404
    assert client.get(reverse("badge_health_note", args=[member.pk])).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_committee_awards_the_badges_of_an_award_day(page, phone_page, live_server, login, screenshot):
    tree = Tree()
    due = [
        make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19)),
        make_member(tree.a2, "Bùi Văn Hải", admitted_on=date(1985, 9, 2), confirmed_on=date(1986, 9, 2)),
        make_member(tree.a1, "Trần Thị Cúc", admitted_on=date(1976, 2, 3), confirmed_on=date(1977, 2, 3)),
    ]
    moved = make_member(tree.a2, "Lê Văn Bình", admitted_on=date(1995, 1, 1), confirmed_on=date(1996, 1, 1))
    record_event(None, moved, kind="transfer_out", occurred_on=date(2000, 1, 1), destination="Tỉnh Hà Giang")
    record_event(None, moved, kind="transfer_in", occurred_on=date(2000, 6, 1), unit=tree.a2)
    ill = make_member(tree.a1, "Lê Thị Hoa", admitted_on=date(1997, 3, 1), confirmed_on=date(1998, 3, 1))
    HealthNote.objects.create(member=ill, gravely_ill_since=date(2026, 1, 5))
    decision = _decision(tree)
    secretary = make_user("secretary", tree.a)

    login(page, secretary)
    page.goto(f"{live_server.url}{reverse('badge_candidates')}?unit={tree.a.pk}&occasion=2026-05-19")
    assert page.locator("#milestone-counts").inner_text().strip() != ""
    assert page.locator("tr[data-member]").count() == 5
    assert page.locator(f"tr[data-member='{ill.pk}']").get_attribute("data-basis") == "gravely_ill"
    screenshot(page, "badges-desktop-candidates")
    login(phone_page, secretary)
    phone_page.goto(f"{live_server.url}{reverse('badge_candidates')}?unit={tree.a.pk}&occasion=2026-05-19")
    screenshot(phone_page, "badges-phone-candidates")

    page.select_option("#id_decision", str(decision.pk))
    page.click("#award-submit")
    page.wait_for_selector("#batches")
    assert PartyBadge.objects.count() == 5
    screenshot(page, "badges-desktop-list")
    phone_page.goto(f"{live_server.url}{reverse('badge_list')}?unit={tree.a.pk}")
    screenshot(phone_page, "badges-phone-list")
    assert set(PartyBadge.objects.values_list("member_id", flat=True)) == {m.pk for m in [*due, moved, ill]}

    # The ceremony of the whole decision, from a phone.
    phone_page.click(".ceremony-link >> nth=0")
    phone_page.fill("input[name=on]", "20/05/2026")
    phone_page.fill("input[name=place]", "Hội trường Tỉnh ủy")
    screenshot(phone_page, "badges-phone-ceremony")
    phone_page.click("#ceremony-save")
    phone_page.wait_for_selector("#batches")
    assert set(PartyBadge.objects.values_list("ceremony_on", flat=True)) == {date(2026, 5, 20)}
    phone_page.goto(f"{live_server.url}{reverse('discipline_record', args=[moved.pk])}")
    screenshot(phone_page, "badges-phone-discipline")
