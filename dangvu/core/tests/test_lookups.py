"""`__any_of` finds exactly what `__in` finds, for lists longer than any database's parameter limit."""

import pytest

from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


def test_any_of_matches_in_and_accepts_more_ids_than_a_statement_may_bind():
    tree = Tree()
    members = [make_member(tree.a1, f"Lê Văn Số {n}") for n in range(3)]
    wanted = [members[0].pk, members[2].pk]
    assert set(Member.objects.filter(pk__any_of=wanted)) == set(Member.objects.filter(pk__in=wanted))
    assert list(Member.objects.filter(unit_id__any_of=[tree.a1.pk]).order_by("pk")) == members
    huge = [*range(10_000_000, 10_070_000), members[1].pk]  # over PostgreSQL's 65,535 and SQLite's 32,766
    assert list(Member.objects.filter(pk__any_of=huge)) == [members[1]]
    assert not Member.objects.filter(pk__any_of=[]).exists()
