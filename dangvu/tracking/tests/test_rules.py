"""The derived status of an assignment: property tests of `rules.derive_status`."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dangvu.tracking.rules import DONE, Rollup, Status, derive_status, slippage_days

days = st.dates(min_value=date(2021, 1, 1), max_value=date(2023, 12, 31))
maybe = st.one_of(st.none(), days)


def _status(deadline, completed_on, cancelled_on, started_on, as_of) -> Status:
    return derive_status(
        deadline=deadline, completed_on=completed_on, cancelled_on=cancelled_on, started_on=started_on, as_of=as_of
    )


def test_the_six_statuses_on_a_task_due_30_june_2022():
    due = date(2022, 6, 30)
    assert _status(due, None, None, None, date(2022, 4, 1)) == Status.NOT_STARTED
    assert _status(due, None, None, date(2022, 4, 10), date(2022, 5, 1)) == Status.IN_PROGRESS
    assert _status(due, None, None, date(2022, 4, 10), date(2022, 7, 1)) == Status.OVERDUE
    assert _status(due, date(2022, 6, 30), None, None, date(2022, 7, 1)) == Status.DONE_ON_TIME
    assert _status(due, date(2022, 7, 2), None, None, date(2022, 7, 5)) == Status.DONE_LATE
    assert _status(due, None, date(2022, 5, 1), None, date(2022, 7, 1)) == Status.CANCELLED


@given(maybe, maybe, maybe, maybe, days)
def test_cancellation_known_by_then_decides_everything(deadline, completed_on, cancelled_on, started_on, as_of):
    status = _status(deadline, completed_on, cancelled_on, started_on, as_of)
    assert (status == Status.CANCELLED) == (cancelled_on is not None and cancelled_on <= as_of)


@given(maybe, maybe, maybe, maybe, days)
def test_nothing_after_the_day_looked_at_is_known(deadline, completed_on, cancelled_on, started_on, as_of):
    """Moving any event past `as_of` gives the status of a record without that event."""
    later = as_of + timedelta(days=1)
    status = _status(deadline, completed_on, cancelled_on, started_on, as_of)
    future = [None if d is None or d > as_of else d for d in (completed_on, cancelled_on, started_on)]
    assert status == _status(deadline, *future, as_of)
    assert status == _status(
        deadline, *[later if d is None or d > as_of else d for d in (completed_on, cancelled_on, started_on)], as_of
    )


@given(maybe, days, days)
def test_done_on_time_exactly_when_completed_by_the_deadline(deadline, completed_on, as_of):
    status = _status(deadline, completed_on, None, None, as_of)
    if completed_on > as_of:
        assert status not in DONE
    elif deadline is None or completed_on <= deadline:
        assert status == Status.DONE_ON_TIME
    else:
        assert status == Status.DONE_LATE


@given(maybe, maybe, days)
def test_overdue_exactly_when_unfinished_after_the_deadline(deadline, started_on, as_of):
    status = _status(deadline, None, None, started_on, as_of)
    assert (status == Status.OVERDUE) == (deadline is not None and as_of > deadline)


@given(maybe, maybe, maybe, maybe, days, days)
def test_a_status_only_moves_forward_in_time(deadline, completed_on, cancelled_on, started_on, first, second):
    """not started → in progress → overdue → done/cancelled: a later day never goes back."""
    order = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE]
    earlier, later = sorted([first, second])
    before = _status(deadline, completed_on, cancelled_on, started_on, earlier)
    after = _status(deadline, completed_on, cancelled_on, started_on, later)
    if before in (Status.CANCELLED, *DONE):
        assert after in (before, Status.CANCELLED)
    elif after in order:
        assert order.index(after) >= order.index(before)


@given(maybe, maybe)
def test_slippage_is_never_negative(baseline, deadline):
    slip = slippage_days(baseline, deadline)
    assert slip >= 0
    if baseline and deadline and deadline > baseline:
        assert slip == (deadline - baseline).days


def test_rates_are_none_when_there_is_nothing_to_measure():
    empty = Rollup()
    assert empty.on_time_rate is None and empty.reporting_rate is None and empty.indicator_average is None
