"""The demo is loaded once for this package (it takes seconds) inside a transaction that is rolled back at the end;
each test runs in a savepoint inside it. Only the demo's own tests live here, so no other test sees its data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
