"""CSRF on every state change: a POST without the token is refused by every endpoint, web and API, and writes nothing.

The endpoints come from the URL configuration (`test_access_proof.endpoints`), so a new one is covered as soon as it
exists. The client enforces CSRF checks like a browser's cross-site form would meet them: logged in (the session
cookie travels with a cross-site POST), but without the token. The ids in the paths name no object: the refusal has
to come before the view looks anything up. A bearer token is the one way into the API without the CSRF token, and
a cross-site page cannot send one.
"""

import re

import pytest
from django.test import Client

from dangvu.access.models import AuditEntry, User
from tests.test_access_proof import VALUE_PARAMS, endpoints

pytestmark = pytest.mark.django_db

_PARAM = re.compile(r"<(?:[^>:]+:)?([^>]+)>|\(\?P<([^>]+)>[^)]*\)")


def _path(route: str) -> str:
    path = _PARAM.sub(lambda m: VALUE_PARAMS.get(m.group(1) or m.group(2), "1"), route)
    return "/" + path.lstrip("^").rstrip("$")


def test_every_post_without_the_csrf_token_is_refused_and_writes_nothing():
    user = User.objects.create_superuser("quantri", password="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = AuditEntry.objects.count()
    accepted, found = [], endpoints()
    assert len(found) > 150  # every app's pages and the API
    for endpoint in found:
        path = _path(endpoint.route)
        response = client.post(path, {"name": "Chi bộ giả mạo", "confirm": "1"})
        if response.status_code not in (403, 405):
            accepted.append(f"{path} ({endpoint.name}): {response.status_code}")
    assert not accepted, "answered a POST without the CSRF token:\n" + "\n".join(accepted)
    assert AuditEntry.objects.count() == before


def test_the_same_post_with_the_token_reaches_the_view():
    """The refusals above are the CSRF check, not something else: with the token, the password form's view runs."""
    user = User.objects.create_superuser("quantri", password="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/password/", {"old_password": "sai"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200  # the form again, with its error: the view ran
