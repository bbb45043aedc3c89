"""Cell-meeting compliance and quorum: pure rules."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dangvu.core.periods import Quarter
from dangvu.meetings.rules import REGULAR, THEMATIC, compliance, has_quorum, months


def test_a_cell_that_skipped_may_and_held_no_thematic_meeting_in_q2():
    held = [(REGULAR, date(2022, 4, 5)), (REGULAR, date(2022, 6, 3)), (THEMATIC, date(2022, 3, 20))]
    found = compliance(held, date(2022, 1, 1), date(2022, 6, 30), today=date(2022, 7, 10))
    assert found.missed_months == [(2022, 1), (2022, 2), (2022, 3), (2022, 5)]
    assert found.missed_quarters == [Quarter(2022, 2)]
    assert (found.months_due, found.quarters_due) == (6, 2)


def test_the_running_month_and_quarter_are_not_missed_yet():
    found = compliance([], date(2022, 4, 1), date(2022, 6, 30), today=date(2022, 5, 15))
    assert found.missed_months == [(2022, 4)] and found.missed_quarters == []


@given(st.lists(st.dates(min_value=date(2021, 1, 1), max_value=date(2023, 12, 31)), max_size=40))
def test_a_month_is_missed_exactly_when_no_regular_meeting_fell_in_it(days):
    found = compliance([(REGULAR, d) for d in days], date(2021, 1, 1), date(2023, 12, 31), today=date(2024, 1, 1))
    held = {(d.year, d.month) for d in days}
    assert set(found.missed_months) == set(months(date(2021, 1, 1), date(2023, 12, 31))) - held
    assert found.months_due == 36


@given(st.integers(0, 200), st.integers(0, 200))
def test_quorum_is_more_than_half(present, expected):
    assert has_quorum(present, expected) == (expected > 0 and present > expected / 2)
