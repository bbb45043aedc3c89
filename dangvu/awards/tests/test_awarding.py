"""Award types, nominations, the review of nominations and granting: permissions, duplicates, the vote majority."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangvu.access.audit import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.awards.awarding import (
    create_award_type,
    grant_awards,
    nominate,
    review_nominations,
    update_award_type,
)
from dangvu.awards.models import Award, AwardForm, Criterion, NominationStatus, Recipients
from dangvu.awards.tests.test_eligibility import YEARS, decision, five_years, rate
from dangvu.documents.tests.factories import make_document
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_office_creates_and_edits_award_types_of_its_unit_only():
    tree = Tree()
    office = make_user("office", tree.bloc)
    secretary = make_user("secretary", tree.a1)
    fields = {
        "name": "Bằng khen 5 năm liền",
        "form": AwardForm.CERTIFICATE_OF_MERIT,
        "grantor": "Ban Thường vụ Đảng ủy Khối",
        "grantor_unit": tree.bloc,
        "recipients": Recipients.MEMBERS,
        "criterion": Criterion.EXCELLENT_YEARS,
        "criterion_years": 5,
    }
    award_type = create_award_type(office, **fields)
    assert AuditEntry.objects.filter(action="create", object_id=str(award_type.pk)).exists()
    with pytest.raises(PermissionDenied):
        create_award_type(secretary, **fields)
    with pytest.raises(PermissionDenied):
        create_award_type(office, **{**fields, "grantor_unit": tree.province})
    with pytest.raises(ValidationError) as refused:
        create_award_type(office, **{**fields, "name": " "})
    assert "name" in refused.value.message_dict
    update_award_type(office, award_type, criterion_years=3)
    award_type.refresh_from_db()
    assert award_type.criterion_years == 3


def test_a_cell_nominates_its_own_members_once():
    tree = Tree()
    secretary = make_user("secretary", tree.a1)
    mine, other = make_member(tree.a1, "Nguyễn Văn An"), make_member(tree.a2, "Lê Thị Bình")
    award_type = five_years(tree.bloc)

    nomination = nominate(secretary, award_type, 2021, tree.a1, member=mine, achievements="5 năm liền HTXSNV")
    assert nomination.status == NominationStatus.PROPOSED
    with pytest.raises(ValidationError, match="already nominated"):
        nominate(secretary, award_type, 2021, tree.a1, member=mine)
    with pytest.raises(ValidationError, match="not a member under"):
        nominate(secretary, award_type, 2021, tree.a1, member=other)
    with pytest.raises(PermissionDenied):
        nominate(secretary, award_type, 2021, tree.a2, member=other)
    with pytest.raises(ValidationError, match="awarded to members"):
        nominate(secretary, award_type, 2021, tree.a1, unit=tree.a1)


def test_a_nomination_passes_with_more_than_half_of_the_voters():
    tree = Tree()
    secretary = make_user("secretary", tree.a)
    members = [make_member(tree.a1, f"Trần Văn {n}") for n in ("An", "Bình", "Cường")]
    award_type = five_years(tree.bloc)
    noms = [nominate(secretary, award_type, 2021, tree.a, member=m) for m in members]

    review_nominations(secretary, noms, {noms[0].pk: (5, 4, 9), noms[1].pk: (4, 4, 8), noms[2].pk: (3, 0, 7)})

    statuses = [type(n).objects.get(pk=n.pk).status for n in noms]
    assert statuses == [NominationStatus.REVIEWED, NominationStatus.NOT_GRANTED, NominationStatus.NOT_GRANTED]
    with pytest.raises(ValidationError, match="cannot exceed"):
        review_nominations(secretary, noms[:1], {noms[0].pk: (6, 4, 9)})
    with pytest.raises(PermissionDenied):
        review_nominations(make_user("secretary", tree.b), noms[:1], {noms[0].pk: (9, 0, 9)})


def test_granting_numbers_certificates_links_nominations_and_refuses_duplicates():
    tree = Tree()
    office = make_user("office", tree.bloc)
    members = [make_member(tree.a1, f"Phạm Văn {n}") for n in ("An", "Bình", "Cường")]
    for member in members:
        rate(member, YEARS)
    award_type = five_years(tree.bloc)
    nomination = nominate(office, award_type, 2021, tree.a1, member=members[0])
    review_nominations(office, [nomination], {nomination.pk: (7, 0, 7)})
    qd = decision(tree.bloc, 2021, number="123")

    awards = grant_awards(office, award_type, 2021, qd, members=members[:2])

    assert [a.certificate_number for a in awards] == ["01", "02"]
    assert awards[0].citation == "Đã có thành tích hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021)"
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.GRANTED and nomination.award == awards[0]
    assert AuditEntry.objects.filter(action="grant").count() == 2

    with pytest.raises(ValidationError) as refused:
        grant_awards(office, award_type, 2021, qd, members=members)
    assert "Phạm Văn An already received" in str(refused.value)
    assert "123-QĐ/ĐU" in str(refused.value)
    assert Award.objects.count() == 2  # nothing saved

    third = grant_awards(office, award_type, 2021, qd, members=[members[2]])
    assert third[0].certificate_number == "03"


def test_granting_needs_rate_on_the_grantor_and_a_registered_decision():
    tree = Tree()
    member = make_member(tree.a1)
    award_type = five_years(tree.bloc)
    qd = decision(tree.bloc, 2021)
    with pytest.raises(PermissionDenied):
        grant_awards(make_user("secretary", tree.a), award_type, 2021, qd, members=[member])
    with pytest.raises(PermissionDenied):
        grant_awards(make_user("leader", tree.bloc), award_type, 2021, qd, members=[member])
    not_a_decision = make_document(
        type="plan", number="7", symbol="KH/ĐUK", issuer_unit=tree.bloc, issuer_name="", term=""
    )
    with pytest.raises(ValidationError, match="registered decision"):
        grant_awards(make_user("office", tree.bloc), award_type, 2021, not_a_decision, members=[member])
    # The office of the province (above the grantor) may grant.
    assert grant_awards(make_user("office", tree.province), award_type, 2021, qd, members=[member])
