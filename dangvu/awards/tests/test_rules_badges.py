"""Party age, milestones, early windows, award days and discipline waits (rules.md §4, research.md §4.2-4.3)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from dangvu.awards import rules
from dangvu.awards.badges import party_age, timeline_from
from dangvu.awards.rules import (
    MILESTONES,
    Gap,
    date_reached,
    discipline_clears,
    early_months,
    milestone_due,
    next_occasion,
    occasions_between,
    party_age_days,
    reaches,
)

admissions = st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31))
days_after = st.integers(min_value=0, max_value=365 * 70)
gap_lengths = st.integers(min_value=1, max_value=3 * 365)


@given(admitted=admissions, later=days_after)
def test_without_gaps_party_age_is_the_calendar_difference(admitted, later):
    on = admitted + timedelta(days=later)
    assert party_age_days(admitted, [], on) == (on - admitted).days
    age = party_age(admitted, [], on)
    assert age == relativedelta(on, admitted) or on == admitted
    for years in (30, 40):
        assert reaches(admitted, [], years, on) == (on >= admitted + relativedelta(years=years))


@given(admitted=admissions, offset=st.integers(min_value=0, max_value=365 * 25), length=gap_lengths)
def test_each_gap_day_takes_one_day_off(admitted, offset, length):
    start = admitted + timedelta(days=offset)
    gap = Gap(start, start + timedelta(days=length))
    on = gap.end + timedelta(days=10)
    assert party_age_days(admitted, [gap], on) == (on - admitted).days - length
    # The milestone moves later by exactly the days out, when the gap comes before it.
    anniversary = admitted + relativedelta(years=30)
    assert date_reached(admitted, [gap], 30) == anniversary + timedelta(days=length)


@given(admitted=admissions, after=st.integers(min_value=0, max_value=3000), length=gap_lengths)
def test_a_gap_after_the_milestone_does_not_move_it(admitted, after, length):
    anniversary = admitted + relativedelta(years=30)
    start = anniversary + timedelta(days=after)
    assert date_reached(admitted, [Gap(start, start + timedelta(days=length))], 30) == anniversary
    assert date_reached(admitted, [Gap(start, None)], 30) == anniversary


def test_an_open_gap_before_the_milestone_puts_it_out_of_reach():
    assert date_reached(date(1990, 1, 1), [Gap(date(2000, 1, 1), None)], 30) == date.max


def test_the_research_example_a_one_year_transfer_gap_delays_thirty_years():
    # research.md §4.3: admitted 01/10/1989 with a one-year transfer gap → not yet 30 years on 01/10/2019.
    admitted = date(1989, 10, 1)
    gap = Gap(date(1995, 3, 1), date(1996, 3, 1))
    assert not reaches(admitted, [gap], 30, date(2019, 10, 1))
    assert reaches(admitted, [], 30, date(2019, 10, 1))
    assert date_reached(admitted, [gap], 30) == date(2020, 10, 1)  # 366 days: 1996 was a leap year


@given(
    admitted=admissions,
    later=st.integers(min_value=0, max_value=365 * 95),
    received=st.sets(st.sampled_from(MILESTONES)),
)
def test_milestone_due_is_the_highest_reached_and_not_received_never_35(admitted, later, received):
    occasion = admitted + timedelta(days=later)
    due = milestone_due(admitted, [], occasion, received)
    reached = [m for m in MILESTONES if admitted + relativedelta(years=m) <= occasion]
    if due is None:
        assert not reached or max(reached) in received or any(m in received for m in MILESTONES if m > max(reached))
        return
    milestone, early = due
    assert milestone != 35 and milestone in MILESTONES and milestone not in received
    assert not early
    assert milestone == max(m for m in reached if m not in received)


def test_milestone_due_supersedes_missed_lower_ones_and_refuses_after_a_higher_one():
    admitted = date(1975, 1, 1)
    assert milestone_due(admitted, [], date(2026, 2, 3), set()) == (50, False)
    assert milestone_due(admitted, [], date(2026, 2, 3), {50}) is None
    assert milestone_due(admitted, [], date(2016, 2, 3), {30}) == (40, False)


@given(milestone=st.sampled_from(MILESTONES), admitted=st.dates(min_value=date(1930, 1, 1), max_value=date(1995, 1, 1)))
def test_early_windows_are_twelve_months_to_65_and_twenty_four_from_70(milestone, admitted):
    months = 24 if milestone >= 70 else 12
    assert early_months(milestone, gravely_ill=True) == months
    reached = admitted + relativedelta(years=milestone)
    boundary = reached - relativedelta(months=months)
    lower = {m for m in MILESTONES if m < milestone}  # received already, so only this milestone is in question
    assert milestone_due(admitted, [], boundary, lower, gravely_ill=True) == (milestone, True)
    before = milestone_due(admitted, [], boundary - timedelta(days=1), lower, gravely_ill=True)
    assert before is None or before[0] != milestone
    # Without the illness, not before the milestone itself.
    assert milestone_due(admitted, [], reached - timedelta(days=1), lower) is None
    assert milestone_due(admitted, [], reached, lower) == (milestone, False)


def test_posthumous_window_is_twelve_months():
    assert early_months(30, posthumous=True) == 12
    assert early_months(80, posthumous=True) == 12
    assert early_months(80, posthumous=True, gravely_ill=True) == 24
    assert early_months(30) == 0


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_award_days_are_only_3_2_19_5_2_9_7_11(day):
    found = next_occasion(day)
    assert (found.day, found.month) in {(3, 2), (19, 5), (2, 9), (7, 11)}
    assert found >= day and (found - day).days < 130
    for between in occasions_between(day, found + timedelta(days=400)):
        assert (between.day, between.month) in {(3, 2), (19, 5), (2, 9), (7, 11)}


def test_occasions_of_a_year():
    assert occasions_between(date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 2, 3),
        date(2026, 5, 19),
        date(2026, 9, 2),
        date(2026, 11, 7),
    ]


@given(kind=st.sampled_from(["reprimand", "warning", "removal_from_post"]), decided=admissions)
def test_discipline_waits_6_9_12_months_boundary_inclusive(kind, decided):
    months = {"reprimand": 6, "warning": 9, "removal_from_post": 12}[kind]
    cleared = decided + relativedelta(months=months)
    assert discipline_clears(kind, decided, cleared)
    assert not discipline_clears(kind, decided, cleared - timedelta(days=1))
    assert not discipline_clears("expulsion", decided, decided + relativedelta(years=50))


# Gaps from status periods (pure part of awards.badges) -----------------------------------------------------------------


def test_transfer_out_then_in_is_a_gap_and_death_ends_the_count():
    line = timeline_from(
        date(1990, 1, 1),
        [
            ("probationary", date(1990, 1, 1), date(1991, 1, 1)),
            ("full", date(1991, 1, 1), date(2000, 1, 1)),
            ("transferred_out", date(2000, 1, 1), date(2001, 6, 1)),
            ("full", date(2001, 6, 1), date(2020, 1, 1)),
            ("deceased", date(2020, 1, 1), None),
        ],
    )
    assert line.gaps == (Gap(date(2000, 1, 1), date(2001, 6, 1)), Gap(date(2020, 1, 1), None))
    assert line.died_on == date(2020, 1, 1)
    assert line.gaps_alive == [Gap(date(2000, 1, 1), date(2001, 6, 1))]


def test_an_ended_status_without_return_is_an_open_gap():
    line = timeline_from(
        date(1990, 1, 1),
        [("full", date(1990, 1, 1), date(2005, 1, 1)), ("struck_off", date(2005, 1, 1), None)],
    )
    assert line.gaps == (Gap(date(2005, 1, 1), None),)
    assert line.died_on is None


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2100, 12, 31)), st.integers(min_value=-100, max_value=100))
def test_adding_years_is_relativedelta_without_its_cost(day, years):
    assert rules.add_years(day, years) == day + relativedelta(years=years)


@given(
    admitted=admissions,
    occasion=st.dates(min_value=date(1960, 1, 1), max_value=date(2100, 12, 31)),
    gap=st.tuples(st.integers(min_value=0, max_value=365 * 40), gap_lengths),
    received=st.sets(st.sampled_from(MILESTONES), max_size=4),
    gravely_ill=st.booleans(),
    posthumous=st.booleans(),
)
def test_nobody_is_due_a_badge_the_prefilter_of_the_candidates_leaves_out(
    admitted, occasion, gap, received, gravely_ill, posthumous
):
    """badges._candidates_of loads histories only for members holding less than `highest_reachable`: a member it
    leaves out must be due nothing, whatever the gaps, early windows and badges already received."""
    from dangvu.awards.badges import highest_reachable

    start = admitted + timedelta(days=gap[0])
    gaps = [Gap(start, start + timedelta(days=gap[1]))]
    due = milestone_due(admitted, gaps, occasion, received, gravely_ill=gravely_ill, posthumous=posthumous)
    if max(received, default=0) >= highest_reachable(admitted, occasion):
        assert due is None
