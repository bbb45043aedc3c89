"""The production settings pass Django's deployment checks, pages carry the security headers, sessions expire, and no
template holds what the Content Security Policy would make a browser refuse."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from dangvu.access.roles import Role
from dangvu.access.tests.factories import PASSWORD, make_user
from dangvu.units.tests.factories import Tree

REPO = Path(__file__).resolve().parents[3]
TEMPLATES = sorted((REPO / "dangvu").glob("*/templates/**/*.html"))


def _production_environment() -> dict[str, str]:
    # Not the test run's own variables (DJANGO_ALLOW_ASYNC_UNSAFE is for Playwright only).
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DANGVU_", "DJANGO_"))}
    env.update(
        DANGVU_DEBUG="0",
        DANGVU_SECRET_KEY=secrets.token_urlsafe(60),
        DANGVU_ALLOWED_HOSTS="dangvu.example.gov.vn",
        DJANGO_SETTINGS_MODULE="dangvu.settings",
    )
    return env


def test_the_production_settings_pass_the_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_settings_send_browsers_to_https():
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=REPO,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["True", "31536000", "True", "True"], result.stderr


@pytest.mark.django_db
def test_a_page_carries_the_security_headers(client):
    tree = Tree()
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get("/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_session_cookie_is_hidden_from_scripts_and_other_sites(client):
    user = make_user()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # Ends with the browser: no lasting expiry date on the cookie.
    assert not cookie["expires"] and not cookie["max-age"]


def _age_session(client, *, left: timedelta) -> None:
    """Make the client's session as old as SESSION_COOKIE_AGE minus `left` (negative: that much past it)."""
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now() + left)


@pytest.mark.django_db
def test_a_session_older_than_the_cookie_age_is_logged_out(client):
    tree = Tree()
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    _age_session(client, left=-timedelta(minutes=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_a_session_younger_than_the_cookie_age_stays_logged_in(client):
    tree = Tree()
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    _age_session(client, left=timedelta(minutes=1))
    assert client.get("/").status_code == 200


# What script-src 'self' 'nonce-…' and style-src 'self' make a browser refuse.
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
# Data blocks are never run, so the policy does not apply to them.
_DATA_BLOCK = re.compile(r"""\btype=["']application/(ld\+)?json["']""", re.IGNORECASE)
_CSP_VIOLATIONS = {
    "style attribute": re.compile(r"""\sstyle=["']""", re.IGNORECASE),
    "inline event handler": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _violations(text: str, name: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name}:{number}"
        for tag in _SCRIPT_TAG.finditer(line):
            attrs = tag.group(1)
            if "nonce=" not in attrs and "src=" not in attrs and not _DATA_BLOCK.search(attrs):
                found.append(f"{where} inline script without a nonce")
        found.extend(f"{where} {name}" for name, pattern in _CSP_VIOLATIONS.items() if pattern.search(line))
    return found


def test_the_template_scan_finds_what_the_policy_refuses():
    bad = (
        '<script>alert(1)</script>\n<p style="color: red">x</p>\n<button onclick="go()">x</button>\n'
        '<a href="javascript:go()">x</a>\n<script nonce="{{ csp_nonce }}">ok()</script>\n'
        '<script src="/static/web/site.js"></script>\n<script type="application/json">{}</script>\n'
    )
    assert _violations(bad, "bad.html") == [
        "bad.html:1 inline script without a nonce",
        "bad.html:2 style attribute",
        "bad.html:3 inline event handler",
        "bad.html:4 javascript: URL",
    ]


def test_no_template_holds_what_the_content_security_policy_refuses():
    assert TEMPLATES, "no templates found"
    violations = [
        v for path in TEMPLATES for v in _violations(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    ]
    assert violations == []
