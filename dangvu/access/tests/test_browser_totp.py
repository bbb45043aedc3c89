import time

import pyotp
import pytest

from dangvu.access import operations
from dangvu.access.models import TotpDevice
from dangvu.access.roles import Role
from dangvu.access.tests.factories import PASSWORD, make_user
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _enrol_through_the_page(page, live_server):
    page.goto(f"{live_server.url}/password/")
    page.click("a[href='/account/two-factor/']")
    page.wait_for_selector("svg.totp-qr")
    return page.get_by_test_id("totp-secret").inner_text().replace(" ", "")


def test_an_office_clerk_turns_on_two_factor_login(page, live_server, login, screenshot):
    clerk = make_user(Role.OFFICE, Tree().bloc, full_name="Nguyễn Thị Lan")
    login(page, clerk)
    secret = _enrol_through_the_page(page, live_server)
    screenshot(page, "totp-enrol")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=recovery-codes]")
    assert page.locator("[data-testid=recovery-codes] li").count() == 8
    assert TotpDevice.objects.get(user=clerk).secret == secret
    screenshot(page, "totp-recovery-codes")


def test_the_enrolment_page_fits_a_phone(phone_page, live_server, login, screenshot):
    login(phone_page, make_user(Role.OFFICE, Tree().bloc))
    _enrol_through_the_page(phone_page, live_server)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "totp-enrol-phone")


def _enrolled_clerk() -> tuple[object, pyotp.TOTP]:
    """An office clerk with two-factor login on, turned on with the previous step's code."""
    clerk = make_user(Role.OFFICE, Tree().bloc, full_name="Nguyễn Thị Lan")
    secret = operations.new_totp_secret()
    operations.enable_totp(clerk, secret=secret, code=pyotp.TOTP(secret).at(time.time() - 30))
    return clerk, pyotp.TOTP(TotpDevice.objects.get(user=clerk).secret)


def _password_step(page, live_server, user):
    page.goto(f"{live_server.url}/members/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/login/code/")


def test_the_second_step_of_the_login_asks_for_the_code(page, live_server, screenshot):
    clerk, totp = _enrolled_clerk()
    _password_step(page, live_server, clerk)
    screenshot(page, "totp-login-code", full_page=False)
    accepted = {totp.at(time.time() + offset) for offset in (-60, -30, 0, 30, 60)}
    page.fill("input[name=code]", next(c for c in ("000000", "111111", "222222") if c not in accepted))
    page.click("main button[type=submit]")
    page.wait_for_selector("#id_code_error")
    screenshot(page, "totp-login-code-wrong", full_page=False)
    page.fill("input[name=code]", totp.now())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/members/")


def test_the_second_step_fits_a_phone(phone_page, live_server, screenshot):
    clerk, _totp = _enrolled_clerk()
    _password_step(phone_page, live_server, clerk)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "totp-login-code-phone", full_page=False)
