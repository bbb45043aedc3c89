"""Two-factor login with an authenticator app: turning it on and off, and the second step of the login."""

import time

import pyotp
import pytest

from dangvu.access import operations
from dangvu.access.models import AuditEntry, TotpDevice
from dangvu.access.roles import Role
from dangvu.access.tests.factories import PASSWORD, make_user
from dangvu.access.totp_views import PENDING_KEY, PENDING_SECONDS
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_user(Role.OFFICE, Tree().bloc, username="vanphong")


def _enrol(user) -> tuple[str, list[str]]:
    """Turn two-factor login on with the previous step's code, so that the current one is still unused."""
    secret = operations.new_totp_secret()
    codes = operations.enable_totp(user, secret=secret, code=pyotp.TOTP(secret).at(time.time() - 30))
    return secret, codes


def _wrong_code(secret: str) -> str:
    """Six digits that are not the code of any step the server accepts now."""
    totp, now = pyotp.TOTP(secret), time.time()
    accepted = {totp.at(now + offset) for offset in (-60, -30, 0, 30, 60)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in accepted)


def _password_step(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Turning it on -------------------------------------------------------------------------------------------------------


def test_the_account_page_offers_two_factor_login_to_an_office(client, office):
    client.force_login(office)
    page = client.get("/password/").content.decode()
    assert 'href="/account/two-factor/"' in page


@pytest.mark.parametrize("role", [Role.MEMBER, Role.SECRETARY, Role.LEADER])
def test_two_factor_login_is_not_offered_to_other_roles(client, role):
    tree = Tree()
    member = make_member(tree.a1, "Trần Thị Hoa")
    client.force_login(make_user(role, tree.a1, member=member))
    assert "/account/two-factor/" not in client.get("/password/").content.decode()
    assert client.get("/account/two-factor/").status_code == 404


def test_a_superuser_is_offered_two_factor_login(client):
    client.force_login(make_user(is_superuser=True))
    assert client.get("/account/two-factor/").status_code == 200


def test_the_enrolment_page_shows_the_key_as_a_qr_code_and_as_text(client, office):
    client.force_login(office)
    page = client.get("/account/two-factor/").content.decode()
    secret = client.session["dangvu_totp_enrol_secret"]
    assert '<svg width="' in page and 'class="totp-qr"' in page
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert ' style="' not in page


def test_enrolment_refuses_a_wrong_code_in_vietnamese(client, office):
    client.force_login(office)
    client.get("/account/two-factor/")
    secret = client.session["dangvu_totp_enrol_secret"]
    response = client.post("/account/two-factor/", {"code": _wrong_code(secret)})
    assert response.status_code == 422
    assert 'lang="vi"' in response.content.decode()
    assert not TotpDevice.objects.filter(user=office).exists()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/account/two-factor/", {"code": _wrong_code(secret)})
    assert "The code is wrong or has expired" in response.content.decode()


def test_enrolment_with_the_right_code_turns_it_on_and_shows_the_recovery_codes_once(client, office):
    client.force_login(office)
    client.get("/account/two-factor/")
    secret = client.session["dangvu_totp_enrol_secret"]
    response = client.post("/account/two-factor/", {"code": pyotp.TOTP(secret).now()}, follow=True)
    page = response.content.decode()
    assert TotpDevice.objects.filter(user=office).exists()
    assert page.count("<li><code>") == operations.RECOVERY_CODE_COUNT
    again = client.get("/account/two-factor/").content.decode()
    assert "<li><code>" not in again
    assert secret[:4] not in again and "<svg" not in again


def test_the_audit_log_records_the_enrolment_without_the_secret_or_the_codes(office):
    secret, codes = _enrol(office)
    entry = AuditEntry.objects.get(action="enable_totp")
    assert entry.actor == office
    logged = str(entry.before) + str(entry.after) + entry.object_repr
    assert secret not in logged and not any(code in logged for code in codes)


# The second step of the login ----------------------------------------------------------------------------------------


def test_without_two_factor_the_password_logs_in(client, office):
    response = _password_step(client, office)
    assert response["Location"] == "/"
    assert _logged_in(client)


def test_with_two_factor_the_password_alone_does_not_log_in(client, office):
    _enrol(office)
    response = _password_step(client, office, "/members/")
    assert response.status_code == 302
    assert response["Location"] == "/login/code/"
    assert not _logged_in(client)
    assert client.get("/").status_code == 302


def test_the_right_code_logs_in_and_follows_next(client, office):
    secret, _codes = _enrol(office)
    _password_step(client, office, "/members/")
    response = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response["Location"] == "/members/"
    assert _logged_in(client)
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused(client, office):
    secret, _codes = _enrol(office)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    _password_step(client, office)
    response = client.post("/login/code/", {"code": _wrong_code(secret)})
    assert response.status_code == 422
    assert "The code is wrong or has already been used." in response.content.decode()
    assert not _logged_in(client)


def test_a_code_already_used_is_refused(client, office):
    secret, _codes = _enrol(office)
    code = pyotp.TOTP(secret).now()
    _password_step(client, office)
    client.post("/login/code/", {"code": code})
    client.post("/logout/")
    _password_step(client, office)
    response = client.post("/login/code/", {"code": code})
    assert response.status_code == 422
    assert not _logged_in(client)


def test_a_recovery_code_logs_in_once(client, office):
    _secret, codes = _enrol(office)
    _password_step(client, office)
    assert client.post("/login/code/", {"code": codes[0].upper()})["Location"] == "/"
    assert _logged_in(client)
    assert AuditEntry.objects.filter(action="use_recovery_code", actor=office).count() == 1
    client.post("/logout/")
    _password_step(client, office)
    assert client.post("/login/code/", {"code": codes[0]}).status_code == 422
    assert not _logged_in(client)


def test_the_code_step_expires_after_five_minutes(client, office):
    secret, _codes = _enrol(office)
    _password_step(client, office, "/members/")
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": session[PENDING_KEY]["at"] - PENDING_SECONDS - 1}
    session.save()
    response = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fmembers%2F"
    assert not _logged_in(client)
    assert client.get("/login/code/")["Location"] == "/login/"


def test_the_code_step_needs_the_password_first(client, office):
    secret, _codes = _enrol(office)
    response = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/login/"
    assert not _logged_in(client)


def test_five_wrong_codes_lock_the_account_even_for_the_right_code(client, office):
    secret, _codes = _enrol(office)
    _password_step(client, office)
    for _ in range(5):
        client.post("/login/code/", {"code": _wrong_code(secret)})
    response = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert "15 phút" in response.content.decode()
    assert not _logged_in(client)


def test_entering_the_password_again_does_not_reset_the_count_of_wrong_codes(client, office):
    secret, _codes = _enrol(office)
    for _ in range(2):
        _password_step(client, office)
        for _ in range(3):
            client.post("/login/code/", {"code": _wrong_code(secret)})
    response = _password_step(client, office)
    assert "15 phút" in response.content.decode()
    assert not _logged_in(client)


# Turning it off ------------------------------------------------------------------------------------------------------


def test_turning_off_needs_a_code(client, office):
    secret, _codes = _enrol(office)
    client.force_login(office)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/account/two-factor/disable/", {"password": PASSWORD, "code": _wrong_code(secret)})
    assert response.status_code == 422
    assert "The code is wrong or has expired" in response.content.decode()
    assert TotpDevice.objects.filter(user=office).exists()


def test_turning_off_needs_the_password(client, office):
    secret, _codes = _enrol(office)
    client.force_login(office)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/account/two-factor/disable/", {"password": "sai", "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 422
    assert "The password is wrong." in response.content.decode()
    assert TotpDevice.objects.filter(user=office).exists()


def test_turning_off_with_the_password_and_a_recovery_code(client, office):
    _secret, codes = _enrol(office)
    client.force_login(office)
    response = client.post("/account/two-factor/disable/", {"password": PASSWORD, "code": codes[3]})
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user=office).exists()
    assert AuditEntry.objects.filter(action="disable_totp", actor=office).exists()
    client.post("/logout/")
    _password_step(client, office)
    assert _logged_in(client)
