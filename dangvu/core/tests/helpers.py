"""Helpers shared by the property-based tests that write to the database."""

from django.db import transaction


class _Rollback(Exception):
    pass


def in_rollback(check) -> None:
    """Run `check` inside a savepoint that is always rolled back, so each hypothesis example starts from the tables
    as they were (pytest-django's transaction covers the whole test, not each example)."""
    try:
        with transaction.atomic():
            check()
            raise _Rollback
    except _Rollback:
        pass
