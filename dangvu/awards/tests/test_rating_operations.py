"""Quality-rating operations: self-assessment → proposal by the cell → decision of the base organisation."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.awards import operations, queries
from dangvu.awards.models import Rating
from dangvu.awards.operations import HistoricRating, ProposalRow, UnitProposalRow
from dangvu.awards.tests.factories import make_decision, rated
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

E, G, C, N = "excellent", "good", "completed", "not_completed"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return Tree()


def _members(cell, n, prefix="Đảng viên"):
    return [make_member(cell, f"{prefix} {i}") for i in range(n)]


def _rows(members, levels, **extra):
    return [ProposalRow(member=m, level=lv, **extra) for m, lv in zip(members, levels, strict=True)]


def test_a_quota_break_names_the_rule_and_the_excess_and_saves_nothing(tree):
    secretary = make_user("secretary", tree.a1)
    members = _members(tree.a1, 6)
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows(members, [E, E, G, G, G, G]))
    message = refused.value.messages[0]
    assert "132-QĐ/TW" in message
    assert "4 HTTNV allow 0 HTXSNV; there would be 2, 2 too many" in message
    assert tree.a.name in message
    assert not Rating.objects.exists()
    assert not AuditEntry.objects.filter(action="propose_rating").exists()

    saved = operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows(members, [E, G, G, G, G, G]))
    assert len(saved) == 6
    assert {r.rule for r in saved} == {"132-QĐ/TW"}
    assert all(r.proposed_by == secretary and r.proposed_at for r in saved)
    assert AuditEntry.objects.filter(action="propose_rating").count() == 6


def test_the_quota_counts_the_other_cells_of_the_base_organisation(tree):
    secretary_a1 = make_user("secretary", tree.a1)
    secretary_a2 = make_user("secretary", tree.a2)
    first = _members(tree.a1, 6, "Chi bộ 1")
    second = _members(tree.a2, 6, "Chi bộ 2")
    operations.propose_ratings(secretary_a1, tree.a1, 2021, 0, _rows(first, [E, G, G, G, G, G]))
    # 9 HTTNV over the base organisation allow 1: a second HTXSNV in the other cell breaks it.
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary_a2, tree.a2, 2021, 0, _rows(second, [E, G, G, G, C, C]))
    assert "8 HTTNV allow 1 HTXSNV; there would be 2, 1 too many" in refused.value.messages[0]
    operations.propose_ratings(secretary_a2, tree.a2, 2021, 0, _rows(second, [G, G, G, G, C, C]))
    # Another base organisation has its own quota.
    third = _members(tree.b1, 6, "Chi bộ 3")
    operations.propose_ratings(make_user("secretary", tree.b1), tree.b1, 2021, 0, _rows(third, [E, G, G, G, G, G]))


def test_the_rule_in_force_for_the_period_applies(tree):
    secretary = make_user("secretary", tree.a1)
    members = _members(tree.a1, 5)
    # 2021: Quy định 132-QĐ/TW, no points, yearly only.
    old = operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows(members, [G, G, G, G, C]))
    assert {r.rule for r in old} == {"132-QĐ/TW"} and old[0].points is None
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2021, 1, _rows(members, [G] * 5))
    assert "132-QĐ/TW rates by year only" in refused.value.messages[0]
    # 2026: Quy định 366-QĐ/TW, 100 points, quarters allowed.
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2026, 0, _rows(members, [G] * 5))
    assert "366-QĐ/TW: the points (0-100) are required." in refused.value.messages[-1]
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2026, 1, [ProposalRow(members[0], G, points=Decimal("69.5"))])
    assert "69.5 points give at most HTNV, not HTTNV" in refused.value.messages[0]
    new = operations.propose_ratings(
        secretary, tree.a1, 2026, 1, [ProposalRow(m, G, points=Decimal(80)) for m in members]
    )
    assert {r.rule for r in new} == {"366-QĐ/TW"}
    assert new[0].points == Decimal(80) and new[0].quarter == 1


def test_a_cell_secretary_proposes_and_only_the_base_committee_decides(tree):
    secretary = make_user("secretary", tree.a1)
    committee = make_user("office", tree.a)
    members = _members(tree.a1, 6)
    operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows(members, [E, G, G, G, G, G]))
    decision = make_decision(tree.a)
    with pytest.raises(PermissionDenied):
        operations.decide_ratings(secretary, tree.a, 2021, 0, decision)
    with pytest.raises(PermissionDenied):
        operations.propose_ratings(make_user("secretary", tree.a2), tree.a1, 2021, 0, _rows(members, [G] * 6))
    with pytest.raises(ValidationError):
        operations.decide_ratings(committee, tree.a1, 2021, 0, decision)  # a cell is not a base organisation

    decided = operations.decide_ratings(
        committee, tree.a, 2021, 0, decision, levels={members[0].pk: G, members[1].pk: C}
    )
    assert decided == 6
    ratings = {r.member_id: r for r in Rating.objects.all()}
    assert ratings[members[0].pk].level == G and ratings[members[0].pk].proposed_level == E
    assert ratings[members[0].pk].decision == decision
    assert ratings[members[1].pk].level == C and ratings[members[1].pk].proposed_level == G
    assert all(r.decided_by == committee and r.decided_at for r in ratings.values())
    assert AuditEntry.objects.filter(action="decide_rating", actor=committee).count() == 6


def test_the_decision_rechecks_the_quota_on_the_final_levels(tree):
    secretary = make_user("secretary", tree.a1)
    committee = make_user("office", tree.a)
    members = _members(tree.a1, 6)
    operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows(members, [E, G, G, G, G, G]))
    with pytest.raises(ValidationError) as refused:
        operations.decide_ratings(committee, tree.a, 2021, 0, make_decision(tree.a), levels={members[1].pk: E})
    assert "there would be 2, 2 too many" in refused.value.messages[0]
    assert not Rating.objects.exclude(level="").exists()


def test_decided_ratings_are_locked(tree):
    secretary = make_user("secretary", tree.a1)
    members = _members(tree.a1, 5)
    operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows(members, [G] * 5))
    operations.decide_ratings(make_user("office", tree.a), tree.a, 2021, 0, make_decision(tree.a))
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows(members[:1], [C]))
    assert "already decided" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        operations.self_assess(None, members[0], 2021, 0, C)
    with pytest.raises(ValidationError, match="No proposed rating awaits"):
        operations.decide_ratings(None, tree.a, 2021, 0, make_decision(tree.a))


def test_a_disciplined_member_can_only_be_rated_not_completed(tree):
    secretary = make_user("secretary", tree.a1)
    member, other = _members(tree.a1, 2)
    operations.record_discipline(secretary, member, "reprimand", date(2021, 6, 1), decision="05-QĐ/ĐU")
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows([member, other], [C, G]))
    assert refused.value.messages == [
        f"{member}: 132-QĐ/TW: a member disciplined in the period rated can only be rated KHTNV."
    ]
    operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows([member, other], [N, G]))
    # The next year is not affected.
    operations.propose_ratings(secretary, tree.a1, 2022, 0, _rows([member], [G]))


def test_only_the_members_of_the_cell_at_the_period_end_are_rated(tree):
    secretary = make_user("secretary", tree.a1)
    member = make_member(tree.a1, "Lê Văn Bình")
    newcomer = make_member(tree.a1, "Trần Thị Cúc", admitted_on=date(2023, 3, 2), confirmed_on=None)
    elsewhere = make_member(tree.a2, "Phạm Văn Dũng")
    assert list(queries.members_to_rate(tree.a1, 2021)) == [member]
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2021, 0, _rows([member, newcomer, elsewhere], [G, G, G]))
    assert len(refused.value.messages) == 2
    assert all("is not a member of" in m for m in refused.value.messages)


def test_the_member_self_assesses_and_the_cell_sees_it(tree):
    member = make_member(tree.a1, "Nguyễn Thị Thu")
    user = make_user(None, member=member)
    stranger = make_user("secretary", tree.b1)
    with pytest.raises(PermissionDenied):
        operations.self_assess(stranger, member, 2026, 0, G, points=80)
    with pytest.raises(ValidationError, match="give at most HTTNV"):
        operations.self_assess(user, member, 2026, 0, E, points=Decimal("89.99"))
    rating = operations.self_assess(user, member, 2026, 0, E, points=92, note="Hoàn thành vượt tiến độ")
    assert rating.self_level == E and rating.self_points == 92 and rating.rule == "366-QĐ/TW"
    row = queries.cell_sheet(tree.a1, 2026, 0, date(2026, 11, 1))[0]
    assert row.member == member and row.rating.self_note == "Hoàn thành vượt tiến độ"


def test_import_checks_each_years_rule_and_quota(tree):
    members = _members(tree.a1, 5)
    rows = [HistoricRating(year=2019, level=lv, member=m) for m, lv in zip(members, [E, E, G, G, G], strict=True)]
    with pytest.raises(ValidationError) as refused:
        operations.import_ratings(None, rows)
    assert "2, 2 too many" in " ".join(refused.value.messages)
    assert not Rating.objects.exists()
    # 2017 (Hướng dẫn 27-HD/BTCTW) set no cap.
    assert operations.import_ratings(None, [HistoricRating(year=2017, level=E, member_id=m.pk) for m in members]) == 5
    assert set(Rating.objects.values_list("rule", flat=True)) == {"27-HD/BTCTW"}
    with pytest.raises(ValidationError, match="already has a rating"):
        rated(members[0], 2017, G)


def test_distribution_counts_decided_levels_per_year(tree):
    members = _members(tree.a1, 6)
    for member, level in zip(members, [E, G, G, G, G, G], strict=True):
        rated(member, 2020, level)
    rated(members[0], 2021, C)
    years = queries.distribution(tree.bloc, [2019, 2020, 2021])
    assert [y.total for y in years] == [0, 6, 1]
    assert years[1].counts == {E: 1, G: 5}
    assert queries.distribution(tree.b, [2020])[0].total == 0
    assert rated(members[1], 2025, E).points == 95  # the test helper gives fitting points under 366-QĐ/TW


def test_unit_ratings_are_decided_by_the_level_above(tree):
    secretary = make_user("secretary", tree.a1)
    committee = make_user("office", tree.a)
    operations.propose_unit_ratings(secretary, 2021, 0, [UnitProposalRow(tree.a1, E)])
    with pytest.raises(PermissionDenied):
        operations.decide_unit_ratings(secretary, tree.a, 2021, 0, make_decision(tree.a))
    decided = operations.decide_unit_ratings(committee, tree.a, 2021, 0, make_decision(tree.a), levels={tree.a2.pk: G})
    assert decided == 2
    levels = dict(Rating.objects.of_units().values_list("unit_id", "level"))
    assert levels == {tree.a1.pk: E, tree.a2.pk: G}
    with pytest.raises(ValidationError, match="directly below"):
        operations.decide_unit_ratings(committee, tree.a, 2022, 0, make_decision(tree.a), levels={tree.b1.pk: G})
    assert queries.unit_distribution(tree.a, [2021])[0].counts == {E: 1, G: 1}


def test_under_366_the_task_figures_of_tracking_bound_the_level(tree):
    from dangvu.tracking import ratings as tracking_ratings
    from dangvu.tracking.tests.factories import make_assignment, make_task

    secretary = make_user("secretary", tree.a1)
    member = make_member(tree.a1, "Lê Văn Bình")
    task = make_task(tree.bloc, "Giải ngân vốn đầu tư công", person=member, deadline=date(2026, 6, 30))
    make_assignment(task, tree.a, deadline=date(2026, 6, 30), assigned_on=date(2026, 1, 15))
    today = date(2026, 11, 1)
    # The batch read agrees with tracking.ratings.for_person.
    assert queries.person_inputs([member.pk], 2026, today)[member.pk] == tracking_ratings.for_person(
        member, 2026, today
    )
    with pytest.raises(ValidationError) as refused:
        operations.propose_ratings(secretary, tree.a1, 2026, 0, [ProposalRow(member, G, points=Decimal(80))])
    assert "366-QĐ/TW: HTTNV needs 100% of tasks done on time; 0 of 1 are." in refused.value.messages[0]
    row = queries.cell_sheet(tree.a1, 2026, 0, today)[0]
    assert (row.figures.due, row.figures.overdue) == (1, 1)
    operations.propose_ratings(secretary, tree.a1, 2026, 0, [ProposalRow(member, N, points=Decimal(45))])
