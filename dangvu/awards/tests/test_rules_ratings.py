"""Property tests of the rating rules: the HTXSNV quota and the 100-point bands of Quy định 366-QĐ/TW."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from dangvu.awards import rules
from dangvu.awards.rules import Level, Proposal, TaskFigures

RULE_132 = rules.rule_for(date(2021, 12, 31))
RULE_366 = rules.rule_for(date(2026, 12, 31))
SHARE = Decimal("0.20")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("good", "limit"), [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3), (100, 20)])
def test_quota_limit_at_its_boundaries(good, limit):
    assert rules.quota_limit(good, SHARE) == limit


@given(good=st.integers(0, 2000))
def test_quota_limit_is_the_floor_of_a_fifth(good):
    limit = rules.quota_limit(good, SHARE)
    assert 5 * limit <= good < 5 * (limit + 1)


@given(good=st.integers(0, 500), excellent=st.integers(0, 200))
def test_quota_error_exactly_when_excellent_exceeds_the_limit(good, excellent):
    message = rules.quota_error(RULE_132, excellent, good, "Đảng bộ A")
    limit = rules.quota_limit(good, SHARE)
    assert (message is None) == (excellent <= limit)
    if message:
        assert "132-QĐ/TW" in message
        assert f"{excellent - limit} too many" in message


@given(excellent=st.integers(0, 50), good=st.integers(0, 50))
def test_a_rule_without_a_quota_never_refuses(excellent, good):
    assert rules.quota_error(rules.rule_for(date(2016, 12, 31)), excellent, good, "A") is None


@pytest.mark.parametrize(
    ("points", "level"),
    [
        ("100", Level.EXCELLENT),
        ("90", Level.EXCELLENT),
        ("89.99", Level.GOOD),
        ("70", Level.GOOD),
        ("69.99", Level.COMPLETED),
        ("50", Level.COMPLETED),
        ("49.99", Level.NOT_COMPLETED),
        ("0", Level.NOT_COMPLETED),
    ],
)
def test_the_bands_of_366(points, level):
    assert rules.level_for_points(Decimal(points)) == level


@given(points=st.decimals(0, 100, places=2))
def test_no_level_above_the_band_of_the_points(points):
    banded = rules.level_for_points(points)
    for level in Level:
        errors = rules.proposal_errors(RULE_366, Proposal(level=level, points=points))
        assert bool(errors) == (level.rank < banded.rank)


def test_the_rule_in_force_by_period_end():
    assert rules.rule_for(date(2017, 12, 31)).code == "27-HD/BTCTW"
    assert rules.rule_for(date(2021, 12, 31)).code == "132-QĐ/TW"
    assert rules.rule_for(date(2023, 12, 31)).code == "124-QĐ/TW"
    assert rules.rule_for(date(2025, 12, 31)) == RULE_366 and RULE_366.points and RULE_366.quarterly
    assert not RULE_132.points and not RULE_132.quarterly


def _errors(level, due, on_time, exceeding, behind):
    tasks = TaskFigures(due=due, done_on_time=on_time, exceeding=exceeding, behind=behind)
    return rules.proposal_errors(RULE_366, Proposal(level=Level(level), points=Decimal(95), tasks=tasks))


def test_task_conditions_of_366():
    # HTXSNV: 100% on time and at least 30% exceeding requirements (3 of 10).
    assert _errors("excellent", 10, 10, 3, 0) == []
    assert "at least 30%" in _errors("excellent", 10, 10, 2, 0)[0]
    assert "100% of tasks done on time; 9 of 10" in _errors("excellent", 10, 9, 3, 1)[0]
    # HTTNV: 100% on time.
    assert _errors("good", 10, 10, 0, 0) == []
    assert _errors("good", 10, 9, 0, 1)
    # HTNV: every task done, at most 20% behind.
    assert _errors("completed", 10, 8, 0, 2) == []
    assert "20%" in _errors("completed", 10, 7, 0, 3)[0]
    assert _errors("completed", 10, 8, 0, 1)  # one still pending
    assert _errors("not_completed", 10, 0, 0, 10) == []


@given(due=st.integers(1, 40), data=st.data())
def test_excellent_needs_a_ceiling_of_30_percent_exceeding(due, data):
    exceeding = data.draw(st.integers(0, due))
    ok = not _errors("excellent", due, due, exceeding, 0)
    assert ok == (10 * exceeding >= 3 * due)


@given(due=st.integers(1, 40), data=st.data())
def test_completed_allows_at_most_20_percent_behind(due, data):
    behind = data.draw(st.integers(0, due))
    ok = not _errors("completed", due, due - behind, 0, behind)
    assert ok == (5 * behind <= due)


def test_disciplined_means_not_completed_under_every_rule():
    for rule in rules.RULES:
        for level in Level:
            errors = rules.proposal_errors(rule, Proposal(level=level, points=Decimal(40), disciplined=True))
            assert any("disciplined" in e for e in errors) == (level != Level.NOT_COMPLETED)
