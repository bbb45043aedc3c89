"""The demo's ratings 2017-2021 and the awards of the bloc's 8th conference (13-4-2022), checked against the seed
article: "Cờ Thi đua của Ban Thường vụ Tỉnh ủy tặng 2 đảng bộ và 1 chi bộ; tặng Bằng khen cho 2 Đảng bộ, 2 chi bộ
và 3 cá nhân có thành tích xuất sắc tiêu biểu năm 2021 … Giấy khen cho 6 đảng viên hoàn thành xuất sắc nhiệm vụ 5
năm liền (2017-2021)".

The demo is loaded once for the package (`conftest.demo_output`).
"""

from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Max
from django.utils import timezone

from dangvu.access.models import User
from dangvu.awards import badges, eligibility
from dangvu.awards.models import Award, AwardForm, AwardType, BadgeBasis, Criterion, Discipline, PartyBadge, Rating
from dangvu.awards.organisations import base_organisation
from dangvu.awards.rules import Level, consecutive_years, next_occasion, quota_limit
from dangvu.meetings.models import Meeting, MeetingKind
from dangvu.members.models import Member
from dangvu.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

YEARS = range(2017, 2022)


@pytest.fixture
def bloc(demo_output) -> Unit:
    return Unit.objects.get(code="DBK")


@pytest.fixture
def five_years(bloc) -> AwardType:
    return AwardType.objects.get(criterion=Criterion.EXCELLENT_YEARS, criterion_years=5)


def test_the_engine_finds_exactly_six_members_rated_htxsnv_each_year_2017_2021(bloc, five_years):
    found = eligibility.candidates(five_years, 2021, within=bloc)

    assert len(found) == 6
    for candidate in found:
        years = sorted(r.year for r in candidate.evidence)
        assert years == list(YEARS)
        assert {r.level for r in candidate.evidence} == {Level.EXCELLENT}


def test_nobody_else_has_five_excellent_years_in_a_row(bloc, five_years):
    levels: dict[int, dict[int, Level]] = defaultdict(dict)
    for member, year, level in Rating.objects.filter(member__isnull=False, quarter=0).values_list(
        "member_id", "year", "level"
    ):
        levels[member][year] = Level(level)
    streaks = {m for m, years in levels.items() if consecutive_years(years, Level.EXCELLENT, 2021, 5)}
    found = {c.member.pk for c in eligibility.candidates(five_years, 2021, within=bloc)}
    assert streaks == found


def test_every_year_keeps_the_htxsnv_quota_of_each_base_organisation(demo_output):
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    cells = {u.pk: u for u in Unit.objects.all()}
    base_of = {}
    for cell_id, year, level in Rating.objects.filter(member__isnull=False).values_list("cell_id", "year", "level"):
        if cell_id not in base_of:
            base_of[cell_id] = base_organisation(cells[cell_id]).pk
        counts[(base_of[cell_id], year)][level] += 1
    assert len({year for _, year in counts}) == 5
    for count in counts.values():
        assert count[Level.EXCELLENT] <= quota_limit(count[Level.GOOD], Decimal("0.20"))


def test_the_8th_conference_presents_the_awards_counted_in_the_article(bloc):
    eighth = Meeting.objects.get(unit=bloc, kind=MeetingKind.EXECUTIVE_CONFERENCE, number=8)
    awards = Award.objects.filter(presented_at=eighth, year=2021).select_related("award_type", "unit")

    def count(form, kind=None, members=False):
        found = [a for a in awards if a.award_type.form == form]
        if members:
            return sum(1 for a in found if a.member_id)
        return sum(1 for a in found if a.unit_id and a.unit.kind in kind)

    committees = {UnitKind.BASE_COMMITTEE}
    cells = {UnitKind.CELL, UnitKind.BASE_CELL}
    assert count(AwardForm.EMULATION_FLAG, committees) == 2
    assert count(AwardForm.EMULATION_FLAG, cells) == 1
    assert count(AwardForm.EMULATION_FLAG, members=True) == 0
    assert count(AwardForm.CERTIFICATE_OF_MERIT, committees) == 2
    assert count(AwardForm.CERTIFICATE_OF_MERIT, cells) == 2
    assert count(AwardForm.CERTIFICATE_OF_MERIT, members=True) == 3
    assert count(AwardForm.CERTIFICATE_OF_COMMENDATION, members=True) == 6
    assert len(awards) == 16


def test_the_six_commendations_are_the_engine_result_granted_by_a_bloc_decision(bloc, five_years):
    granted = Award.objects.filter(award_type=five_years, year=2021).select_related("decision", "nomination")
    found = eligibility.candidates(five_years, 2021, within=bloc)

    assert {a.member_id for a in granted} == {c.member.pk for c in found}
    assert all(c.awarded is not None for c in found)
    assert {a.decision.issuer_unit_id for a in granted} == {bloc.pk}
    assert {a.decision.type for a in granted} == {"decision"}
    assert all(a.nomination is not None and a.nomination.votes_for for a in granted)


def test_flags_and_merits_go_to_units_rated_htxsnv_in_2021(bloc):
    for award in Award.objects.filter(year=2021, unit__isnull=False):
        assert Rating.objects.get(unit=award.unit, year=2021, quarter=0).level == Level.EXCELLENT
        assert award.decision.issuer_unit.kind == UnitKind.PROVINCE
    # As in the article's photo: the flag of the Provincial Standing Committee for Đảng bộ Văn phòng Tỉnh ủy.
    assert Award.objects.filter(year=2021, unit__code="VPTU", award_type__form=AwardForm.EMULATION_FLAG).exists()


def test_badges_up_to_the_last_award_day_and_the_cases_of_the_next_one(bloc):
    today = timezone.localdate()
    upcoming = next_occasion(today)
    last = PartyBadge.objects.aggregate(last=Max("occasion"))["last"]
    batch = PartyBadge.objects.filter(occasion=last)

    assert last < today and next_occasion(last + timedelta(days=1)) >= today
    assert batch.exists() and not batch.filter(decision__isnull=True).exists()
    assert not batch.filter(ceremony_on__isnull=True).exists()
    # Nobody is left owed a badge from an earlier award day.
    assert [c for c in badges._candidates_of(Member.objects.all(), last) if c.basis == BadgeBasis.ON_TIME] == []

    office = User.objects.get(username="vanphong")
    found = badges.badge_candidates(upcoming, bloc, office)
    disciplined = Discipline.objects.get()
    assert [c.basis for c in found].count(BadgeBasis.GRAVELY_ILL) == 1
    assert disciplined.member_id not in {c.member.pk for c in found}
