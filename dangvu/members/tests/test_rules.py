from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangvu.members.rules import EventFact, EventKind, LifecycleError, Status, build_history, party_age_years

A, B = 1, 2


def _history(*events):
    return build_history([EventFact(EventKind(k), d, u) for k, d, u in events])


def test_admission_starts_probation_in_the_cell():
    h = _history(("admission", date(2020, 5, 19), A))
    assert h.status_on(date(2020, 6, 1)) == Status.PROBATIONARY
    assert h.unit_on(date(2020, 6, 1)) == A
    assert h.status_on(date(2020, 5, 18)) is None


def test_confirmation_makes_a_full_member():
    h = _history(("admission", date(2020, 5, 19), A), ("confirmation", date(2021, 5, 19), None))
    assert h.status_on(date(2021, 5, 18)) == Status.PROBATIONARY
    assert h.status_on(date(2021, 5, 19)) == Status.FULL


def test_permanent_transfer_closes_one_affiliation_and_opens_the_next():
    h = _history(("admission", date(2010, 1, 1), A), ("transfer_permanent", date(2015, 3, 1), B))
    assert h.unit_on(date(2015, 2, 28)) == A
    assert h.unit_on(date(2015, 3, 1)) == B
    assert [p.value for p in h.official] == [A, B]


def test_temporary_transfer_keeps_the_official_cell():
    h = _history(
        ("admission", date(2010, 1, 1), A),
        ("transfer_temporary", date(2016, 1, 1), B),
        ("temporary_end", date(2016, 7, 1), None),
    )
    assert h.unit_on(date(2016, 3, 1)) == A
    assert [(p.value, p.start, p.end) for p in h.temporary] == [(B, date(2016, 1, 1), date(2016, 7, 1))]


def test_death_ends_membership_and_affiliations():
    h = _history(
        ("admission", date(1970, 1, 1), A), ("confirmation", date(1971, 1, 1), None), ("death", date(2020, 1, 1), None)
    )
    assert h.status_on(date(2020, 1, 1)) == Status.DECEASED
    assert h.unit_on(date(2020, 1, 1)) is None
    assert h.last_unit == A


@pytest.mark.parametrize(
    "events",
    [
        [("confirmation", date(2020, 1, 1), None)],
        [("admission", date(2020, 1, 1), A), ("admission", date(2020, 6, 1), A)],
        [("admission", date(2020, 1, 1), A), ("exemption", date(2020, 6, 1), None)],
        [
            ("admission", date(2020, 1, 1), A),
            ("death", date(2021, 1, 1), None),
            ("transfer_permanent", date(2022, 1, 1), B),
        ],
        [("admission", date(2020, 1, 1), None)],
    ],
)
def test_impossible_sequences_are_refused(events):
    with pytest.raises(LifecycleError):
        _history(*events)


def test_party_age_excludes_the_time_outside_the_party():
    h = _history(
        ("admission", date(1980, 1, 1), A),
        ("confirmation", date(1981, 1, 1), None),
        ("striking_off", date(1990, 1, 1), None),
        ("admission", date(2000, 1, 1), A),
    )
    assert party_age_years(h, date(2020, 1, 2)) == 30


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 1, 1)),
    st.lists(st.integers(min_value=1, max_value=2000), max_size=6),
)
def test_transfers_always_leave_exactly_one_official_cell_at_a_time(start, gaps):
    events = [EventFact(EventKind.ADMISSION, start, 1)]
    day = start
    for index, gap in enumerate(gaps):
        day += timedelta(days=gap)
        events.append(EventFact(EventKind.TRANSFER_PERMANENT, day, 2 + index))
    h = build_history(events)
    for previous, following in zip(h.official, h.official[1:], strict=False):
        assert previous.end == following.start
    assert h.official[-1].end is None
