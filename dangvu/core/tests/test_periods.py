from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from dangvu.core.periods import Quarter


def test_quarter_round_trips_through_its_code_form():
    assert str(Quarter.parse("2022-Q2")) == "2022-Q2"


def test_quarter_bounds():
    q = Quarter(2022, 1)
    assert (q.start, q.end) == (date(2022, 1, 1), date(2022, 3, 31))
    assert Quarter(2022, 4).next() == Quarter(2023, 1)
    assert Quarter(2023, 1).previous() == Quarter(2022, 4)


def test_bad_quarter_text_is_refused():
    with pytest.raises(ValueError):
        Quarter.parse("2022-Q5")


def test_quarter_label_in_vietnamese():
    with translation.override("vi"):
        assert Quarter(2022, 2).label == "quý II-2022"


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_lies_in_its_quarter(day):
    q = Quarter.containing(day)
    assert q.start <= day <= q.end
