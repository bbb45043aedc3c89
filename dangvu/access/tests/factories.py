from datetime import date
from itertools import count

from dangvu.access.models import Grant, User

PASSWORD = "Mat-khau-2022!"
_names = count(1)


def make_user(role: str | None = None, unit=None, *, username: str | None = None, member=None, **fields) -> User:
    """A user holding `role` over `unit` (from 2000) — or no grant at all when role is None."""
    user = User.objects.create_user(
        username=username or f"user{next(_names)}", password=PASSWORD, member=member, **fields
    )
    if role is not None:
        Grant.objects.create(user=user, role=role, unit=unit, starts_on=date(2000, 1, 1))
    return user
