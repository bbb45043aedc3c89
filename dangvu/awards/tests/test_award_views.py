"""The award pages as users see them: scoping, candidates with evidence, granting with a new decision, downloads."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.awards.awarding import grant_awards, nominate
from dangvu.awards.models import Award, AwardType, Nomination, NominationStatus
from dangvu.awards.tests.test_eligibility import YEARS, decision, five_years, rate
from dangvu.documents.models import Document
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so that the tests read the messages as written in the code."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setting():
    tree = Tree()
    an, binh = make_member(tree.a1, "Nguyễn Văn An"), make_member(tree.b1, "Trần Thị Bình")
    rate(an, YEARS)
    rate(binh, YEARS)
    return tree, an, binh, five_years(tree.bloc)


def test_candidates_show_the_evidence_and_the_office_grants_registering_the_decision(client, setting):
    tree, an, binh, award_type = setting
    office = make_user("office", tree.bloc)
    client.force_login(office)
    url = reverse("award_candidates", args=[award_type.pk, 2021])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" in html
    assert html.count("decision-cited") == 10  # five decided ratings each, the decision named

    response = client.post(
        reverse("award_grant"),
        {
            "type": award_type.pk,
            "year": 2021,
            "from": "candidates",
            "pick": [f"m{an.pk}", f"m{binh.pk}"],
            "number": "123",
            "symbol": "QĐ/ĐUK",
            "issued_on": "05/04/2022",
            "subject": "khen thưởng 5 năm liền",
        },
    )
    qd = Document.objects.get(number="123", symbol="QĐ/ĐUK")
    assert response.status_code == 302 and response.url == reverse("award_decision", args=[qd.pk])
    assert qd.type == "decision" and qd.issuer_unit == tree.bloc
    assert sorted(Award.objects.values_list("certificate_number", flat=True)) == ["01", "02"]

    listing = client.get(reverse("award_list"), {"year": 2021}).content.decode()
    assert "2 member(s)" in listing and "Nguyễn Văn An" in listing

    again = client.get(url).content.decode()
    assert again.count('data-awarded="true"') == 2


def test_a_refused_grant_changes_nothing_and_says_why(client, setting):
    tree, an, _binh, award_type = setting
    client.force_login(make_user("office", tree.bloc))
    data = {"type": award_type.pk, "year": 2021, "from": "candidates", "pick": [f"m{an.pk}"]}
    missing = client.post(reverse("award_grant"), data)
    assert missing.status_code == 422
    assert "Pick a decision above or fill in the new decision." in missing.content.decode()
    grant_awards(None, award_type, 2021, decision(tree.bloc, 2021, number="7"), members=[an])
    duplicate = client.post(reverse("award_grant"), {**data, "number": "8", "issued_on": "01/05/2022"})
    assert duplicate.status_code == 422
    assert "Nguyễn Văn An already received" in duplicate.content.decode()
    assert not Document.objects.filter(number="8").exists()  # the decision registration rolled back too


def test_a_secretary_of_another_unit_gets_404_for_a_certificate(client, setting):
    tree, an, _binh, award_type = setting
    award = grant_awards(None, award_type, 2021, decision(tree.bloc, 2021), members=[an])[0]

    client.force_login(make_user("secretary", tree.b1))
    for name in ("award_certificate_docx", "award_certificate_pdf"):
        assert client.get(reverse(name, args=[award.pk])).status_code == 404
    assert client.get(reverse("award_decision", args=[award.decision_id])).status_code == 404

    client.force_login(make_user("secretary", tree.a1))
    response = client.get(reverse("award_certificate_pdf", args=[award.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    docx = client.get(reverse("award_certificate_docx", args=[award.pk]))
    assert docx.status_code == 200 and docx["Content-Disposition"].startswith("attachment;")


def test_the_decision_page_and_its_list_downloads(client, setting):
    tree, an, binh, award_type = setting
    award = grant_awards(None, award_type, 2021, decision(tree.bloc, 2021), members=[an, binh])[0]
    client.force_login(make_user("office", tree.bloc))
    page = client.get(reverse("award_decision", args=[award.decision_id])).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" in page
    for name in ("award_decision_docx", "award_decision_xlsx"):
        response = client.get(reverse(name, args=[award.decision_id]))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    export = client.get(reverse("award_export"), {"year": 2021})
    assert export.status_code == 200 and export["Content-Disposition"].startswith("attachment;")


def test_a_secretary_nominates_from_the_candidates_and_the_cell_votes(client, setting):
    tree, an, _binh, award_type = setting
    secretary = make_user("secretary", tree.a1)
    client.force_login(secretary)
    page = client.get(reverse("award_candidates", args=[award_type.pk, 2021])).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page  # only their own cell
    assert "grant-fieldset" not in page  # the secretary cannot grant

    response = client.post(
        reverse("nomination_create"),
        {"award_type": award_type.pk, "year": 2021, "proposing_unit": tree.a1.pk, "pick": [f"m{an.pk}"]},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.member == an and nomination.proposing_unit == tree.a1

    refused = client.post(
        reverse("nomination_review"),
        {f"for_{nomination.pk}": "9", f"against_{nomination.pk}": "1", f"voters_{nomination.pk}": "9"},
    )
    assert refused.status_code == 422 and "cannot exceed" in refused.content.decode()
    client.post(
        reverse("nomination_review"),
        {f"for_{nomination.pk}": "6", f"against_{nomination.pk}": "1", f"voters_{nomination.pk}": "7"},
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.REVIEWED and nomination.votes_for == 6
    assert "Nguyễn Văn An" in client.get(reverse("nomination_list")).content.decode()


def test_granting_reviewed_nominations_on_the_grant_page(client, setting):
    tree, an, binh, award_type = setting
    office = make_user("office", tree.bloc)
    nomination = nominate(office, award_type, 2021, tree.a1, member=an)
    qd = decision(tree.bloc, 2021, number="55")
    client.force_login(office)
    page = client.get(reverse("award_grant"), {"type": award_type.pk, "year": 2021}).content.decode()
    assert "Trần Thị Bình" in page  # a candidate not nominated
    client.post(reverse("award_grant"), {"type": award_type.pk, "year": 2021, "pick": [f"m{an.pk}"], "decision": qd.pk})
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.GRANTED and nomination.award.decision == qd


def test_award_types_are_managed_by_the_office_only(client, setting):
    tree, *_ = setting
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("award_type_list")).status_code == 404
    client.force_login(make_user("office", tree.bloc))
    assert client.get(reverse("award_type_list")).status_code == 200
    response = client.post(
        reverse("award_type_create"),
        {
            "name": "Cờ thi đua tổ chức đảng",
            "form": "emulation_flag",
            "grantor_unit": tree.bloc.pk,
            "grantor": "Ban Thường vụ Đảng ủy Khối",
            "recipients": "units",
            "criterion": "excellent_years",
            "criterion_years": 5,
        },
    )
    assert response.status_code == 302
    created = AwardType.objects.get(name="Cờ thi đua tổ chức đảng")
    assert client.get(reverse("award_type_edit", args=[created.pk])).status_code == 200


def test_the_list_counts_units_by_kind(client):
    tree = Tree()
    flag = five_years(tree.bloc, recipients="units", name="Cờ thi đua", form="emulation_flag")
    grant_awards(None, flag, 2021, decision(tree.bloc, 2021), units=[tree.a, tree.b, tree.c])
    client.force_login(make_user("office", tree.bloc))
    page = client.get(reverse("award_list"), {"year": 2021}).content.decode()
    assert "2 party committee(s), 1 cell(s)" in page
