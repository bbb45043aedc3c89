"""Party badges from members' real records: gaps from events, the candidates of an award day, and the operations."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.awards import badges
from dangvu.awards.models import BadgeBasis, Discipline, HealthNote, PartyBadge
from dangvu.awards.rules import Gap
from dangvu.core import budgets
from dangvu.documents.tests.factories import make_document
from dangvu.members.models import Member
from dangvu.members.operations import record_event
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 19)  # an award day


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return Tree()


def _decision(tree, number="15"):
    return make_document(
        type="decision",
        number=number,
        symbol="QĐ/TU",
        issuer_unit=tree.province,
        issuer_name="",
        term="",
        issued_on=date(2026, 5, 10),
        subject="về việc tặng Huy hiệu Đảng đợt 19-5",
    )


def _discipline(member, kind, on):
    return Discipline.objects.create(member=member, kind=kind, decided_on=on)


def _readmit(member, cell, on, confirmed_on):
    """Readmission and confirmation, recorded as a clerk records them."""
    record_event(None, member, kind="admission", occurred_on=on, unit=cell)
    record_event(None, member, kind="confirmation", occurred_on=confirmed_on)


def _candidates(tree, occasion=DAY, within=None, user=None):
    user = user or make_user("admin", tree.province)
    return {c.member.pk: c for c in badges.badge_candidates(occasion, within or tree.bloc, user)}


# Gaps from events --------------------------------------------------------------------------------------------------


def test_a_transfer_out_then_in_later_is_a_gap(tree):
    member = make_member(tree.a1, "Lê Văn Bình", admitted_on=date(1990, 1, 1), confirmed_on=date(1991, 1, 1))
    record_event(None, member, kind="transfer_out", occurred_on=date(2000, 1, 1), destination="Tỉnh khác")
    record_event(None, member, kind="transfer_in", occurred_on=date(2001, 1, 1), unit=tree.a2)
    assert badges.gaps(member) == [Gap(date(2000, 1, 1), date(2001, 1, 1))]
    # The 30-year badge comes one year (366 days: 2000 was a leap year) after the 30th anniversary.
    assert member.pk not in _candidates(tree, date(2020, 11, 7))
    later = _candidates(tree, date(2021, 2, 3))
    assert later[member.pk].milestone == 30
    assert later[member.pk].reached_on == date(2021, 1, 1)
    assert [(g.start, g.end) for g in later[member.pk].shown_gaps] == [(date(2000, 1, 1), date(2001, 1, 1))]


def test_struck_off_and_readmitted_counts_from_the_first_admission_less_the_gap(tree):
    member = make_member(tree.a1, "Trần Văn Cường", admitted_on=date(1990, 1, 1), confirmed_on=date(1991, 1, 1))
    record_event(None, member, kind="striking_off", occurred_on=date(2000, 1, 1))
    _readmit(member, tree.a1, date(2003, 1, 1), date(2004, 1, 1))
    member.refresh_from_db()
    assert member.admitted_on == date(2003, 1, 1)  # the cached date is the latest admission
    assert badges.gaps(member) == [Gap(date(2000, 1, 1), date(2003, 1, 1))]
    row = _candidates(tree)[member.pk]
    assert (row.milestone, row.reached_on, row.first_admission) == (30, date(2023, 1, 1), date(1990, 1, 1))
    assert (row.age_years, row.age_months) == (33, 4)


def test_a_member_transferred_out_for_good_has_an_open_gap_and_is_not_listed(tree):
    member = make_member(tree.a1, "Phạm Văn Dũng", admitted_on=date(1980, 1, 1), confirmed_on=date(1981, 1, 1))
    record_event(None, member, kind="transfer_out", occurred_on=date(2020, 1, 1), destination="Hà Nội")
    assert badges.gaps(member) == [Gap(date(2020, 1, 1), None)]
    assert member.pk not in _candidates(tree)


# Candidates -----------------------------------------------------------------------------------------------------


def test_candidates_of_an_award_day(tree):
    on_time = make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19))
    received = make_member(tree.a1, "Hoàng Văn Em", admitted_on=date(1990, 1, 1), confirmed_on=date(1991, 1, 1))
    PartyBadge.objects.create(member=received, milestone=30, occasion=date(2020, 2, 3))
    too_young = make_member(tree.a2, "Đỗ Thị Lan", admitted_on=date(1997, 6, 1), confirmed_on=date(1998, 6, 1))
    forty = make_member(tree.b1, "Bùi Văn Hải", admitted_on=date(1985, 9, 2), confirmed_on=date(1986, 9, 2))
    found = _candidates(tree)
    assert found[on_time.pk].milestone == 30 and found[on_time.pk].basis == BadgeBasis.ON_TIME
    assert (found[on_time.pk].age_years, found[on_time.pk].age_months) == (30, 0)
    assert received.pk not in found  # already has the 30-year badge, 40 not yet reached
    assert too_young.pk not in found
    assert found[forty.pk].milestone == 40
    assert badges.milestone_counts(found.values()) == [(30, 1), (40, 1)]
    # Scoping: a secretary of base committee A sees only A's members.
    secretary = make_user("secretary", tree.a)
    assert set(_candidates(tree, within=tree.bloc, user=secretary)) == {on_time.pk}


def test_a_disciplined_member_waits_until_the_measure_clears(tree):
    member = make_member(tree.a1, "Vũ Văn Khánh", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19))
    _discipline(member, "warning", date(2026, 1, 10))  # 9 months: clears on 10/10/2026
    assert member.pk not in _candidates(tree, DAY)
    assert member.pk not in _candidates(tree, date(2026, 9, 2))
    assert _candidates(tree, date(2026, 11, 7))[member.pk].milestone == 30
    expelled_once = make_member(tree.a2, "Hồ Văn Minh", admitted_on=date(1980, 1, 1), confirmed_on=date(1981, 1, 1))
    _discipline(expelled_once, "expulsion", date(1999, 1, 1))
    assert expelled_once.pk not in _candidates(tree, date(2030, 2, 3))


def test_a_gravely_ill_member_is_listed_up_to_twelve_months_early(tree):
    member = make_member(tree.a1, "Lê Thị Hoa", admitted_on=date(1997, 3, 1), confirmed_on=date(1998, 3, 1))
    assert member.pk not in _candidates(tree)  # 30 years on 01/03/2027
    HealthNote.objects.create(member=member, gravely_ill_since=date(2026, 1, 5))
    row = _candidates(tree)[member.pk]
    assert (row.milestone, row.basis, row.reached_on) == (30, BadgeBasis.GRAVELY_ILL, date(2027, 3, 1))
    assert member.pk not in _candidates(tree, date(2026, 2, 3))  # 12 months before is 01/03/2026
    # Recorded ill only after that award day: not early then.
    assert member.pk not in _candidates(tree, date(2025, 11, 7))


def test_a_member_who_died_is_listed_for_a_posthumous_badge(tree):
    member = make_member(tree.a1, "Trần Văn Phúc", admitted_on=date(1996, 12, 1), confirmed_on=date(1997, 12, 1))
    record_event(None, member, kind="death", occurred_on=date(2026, 4, 1))
    row = _candidates(tree)[member.pk]
    assert (row.milestone, row.basis, row.died_on) == (30, BadgeBasis.POSTHUMOUS, date(2026, 4, 1))
    assert (row.age_years, row.age_months) == (29, 4)  # at death
    assert row.shown_gaps == []
    # More than 12 months after the death, no longer proposed.
    assert member.pk not in _candidates(tree, date(2027, 5, 19))


def test_candidates_are_loaded_in_a_fixed_number_of_queries(tree, django_assert_max_num_queries):
    for index in range(30):
        make_member(
            tree.a1, f"Nguyễn Văn Số {index}", admitted_on=date(1990, 1, 1 + index % 28), confirmed_on=date(1991, 2, 1)
        )
    user = make_user("admin", tree.province)
    badges.badge_candidates(DAY, tree.bloc, user)  # warms the user's grants
    with django_assert_max_num_queries(budgets.BADGE_CANDIDATES):
        found = badges.badge_candidates(DAY, tree.bloc, user)
    assert len(found) == 30


# Operations -----------------------------------------------------------------------------------------------------


def test_award_badges_needs_rate_on_the_base_organisation(tree):
    member = make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19))
    decision = _decision(tree)
    cell_secretary = make_user("secretary", tree.a1)
    with pytest.raises(PermissionDenied):
        badges.award_badges(cell_secretary, DAY, decision, [(member, 30, None)])
    other = make_user("secretary", tree.b)
    with pytest.raises(PermissionDenied):
        badges.award_badges(other, DAY, decision, [(member, 30, None)])
    committee = make_user("secretary", tree.a)
    [badge] = badges.award_badges(committee, DAY, decision, [(member, 30, None)])
    assert (badge.milestone, badge.occasion, badge.decision, badge.basis) == (30, DAY, decision, BadgeBasis.ON_TIME)
    assert AuditEntry.objects.filter(action="award_badge", object_id=str(badge.pk)).exists()
    assert member.pk not in _candidates(tree)


def test_award_badges_refuses_duplicates_and_members_not_due(tree):
    member = make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19))
    young = make_member(tree.a1, "Lê Văn Bình", admitted_on=date(2000, 1, 1), confirmed_on=date(2001, 1, 1))
    decision = _decision(tree)
    badges.award_badges(None, DAY, decision, [(member, 30, None)])
    with pytest.raises(ValidationError, match="already received the 30-year badge"):
        badges.award_badges(None, date(2026, 9, 2), decision, [(member, 30, None)])
    with pytest.raises(ValidationError, match="not due the 30-year badge"):
        badges.award_badges(None, DAY, decision, [(young, 30, None)])
    with pytest.raises(ValidationError, match="not an award day"):
        badges.award_badges(None, date(2026, 5, 20), decision, [(member, 30, None)])
    _discipline(young, "reprimand", date(2026, 1, 1))
    assert PartyBadge.objects.count() == 1


def test_award_badges_is_all_or_nothing(tree):
    due = make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19))
    young = make_member(tree.a1, "Lê Văn Bình", admitted_on=date(2000, 1, 1), confirmed_on=date(2001, 1, 1))
    with pytest.raises(ValidationError):
        badges.award_badges(None, DAY, _decision(tree), [(due, 30, None), (young, 30, None)])
    assert not PartyBadge.objects.exists()


def test_record_ceremony_and_health_note(tree):
    member = make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(1996, 5, 19), confirmed_on=date(1997, 5, 19))
    [badge] = badges.award_badges(None, DAY, _decision(tree), [(member, 30, None)])
    committee = make_user("secretary", tree.a)
    assert badges.record_ceremony(committee, [badge], date(2026, 5, 20), "Hội trường Tỉnh ủy") == 1
    badge.refresh_from_db()
    assert (badge.ceremony_on, badge.ceremony_place) == (date(2026, 5, 20), "Hội trường Tỉnh ủy")
    with pytest.raises(PermissionDenied):
        badges.record_ceremony(make_user("secretary", tree.a1), [badge], date(2026, 5, 21), "")
    ill = make_member(tree.a2, "Lê Thị Hoa", admitted_on=date(1997, 3, 1), confirmed_on=date(1998, 3, 1))
    note = badges.record_health_note(committee, ill, date(2026, 1, 5), "Điều trị dài ngày")
    assert note.gravely_ill_since == date(2026, 1, 5)
    badges.record_health_note(committee, ill, date(2025, 12, 1), "")
    assert HealthNote.objects.get(member=ill).gravely_ill_since == date(2025, 12, 1)
    assert AuditEntry.objects.filter(action="health_note").count() == 2
    with pytest.raises(ValidationError):
        badges.record_health_note(committee, ill, date(2099, 1, 1), "")
    with pytest.raises(PermissionDenied):
        badges.record_health_note(make_user("secretary", tree.b), ill, date(2026, 1, 5), "")


# The register of past badges ---------------------------------------------------------------------------------------


def test_history_gives_each_milestone_on_the_first_award_day_after_it_and_imports_it(tree):
    old = make_member(tree.a1, "Đỗ Văn Lâm", admitted_on=date(1975, 6, 1), confirmed_on=date(1976, 6, 1))
    gap = make_member(tree.a2, "Vũ Thị Mai", admitted_on=date(1990, 1, 1), confirmed_on=date(1991, 1, 1))
    record_event(None, gap, kind="transfer_out", occurred_on=date(2000, 1, 1), destination="Tỉnh khác")
    record_event(None, gap, kind="transfer_in", occurred_on=date(2001, 1, 1), unit=tree.a2)

    history = badges.due_history(Member.objects.all(), until=date(2025, 11, 7))
    assert [(r.member_id, r.milestone, r.occasion) for r in history] == [
        (old.pk, 30, date(2005, 9, 2)),
        (old.pk, 40, date(2015, 9, 2)),
        (old.pk, 45, date(2020, 9, 2)),
        (old.pk, 50, date(2025, 9, 2)),
        (gap.pk, 30, date(2021, 2, 3)),  # a year later: the transfer gap
    ]
    assert badges.import_badges(None, history) == 5
    assert _candidates(tree, date(2025, 11, 7)) == {}
    with pytest.raises(ValidationError, match="received the 30-year badge twice"):
        badges.import_badges(None, history[:1])


def test_importing_a_badge_before_its_milestone_is_refused_and_saves_nothing(tree):
    member = make_member(tree.a1, "Đỗ Văn Lâm", admitted_on=date(1995, 6, 1), confirmed_on=date(1996, 6, 1))
    rows = [
        badges.HistoricBadge(member.pk, 30, date(2025, 9, 2)),
        badges.HistoricBadge(member.pk, 40, date(2025, 11, 7)),
    ]
    with pytest.raises(ValidationError, match="had not reached 40 years of party age on 07/11/2025"):
        badges.import_badges(None, rows)
    with pytest.raises(ValidationError, match="is not an award day"):
        badges.import_badges(None, [badges.HistoricBadge(member.pk, 30, date(2025, 9, 3))])
    assert not PartyBadge.objects.exists()
    with pytest.raises(PermissionDenied):
        badges.import_badges(make_user("secretary", tree.b1), rows[:1])
