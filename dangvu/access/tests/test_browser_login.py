import pytest

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_logs_in_and_sees_the_dashboard_of_the_bloc(page, live_server, login, screenshot):
    tree = Tree()
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.b1, "Phạm Minh Châu")
    clerk = make_user(Role.OFFICE, tree.bloc, full_name="Nguyễn Thị Lan")
    page.goto(f"{live_server.url}/members/")
    assert "/login/" in page.url
    screenshot(page, "login", full_page=False)
    login(page, clerk)
    assert page.locator("h1").inner_text() == tree.bloc.name
    assert page.get_by_test_id("active-members").inner_text() == "2"
    page.wait_for_selector("[data-chart=admissions-data] svg")
    screenshot(page, "dashboard")


def test_a_wrong_password_is_refused_in_vietnamese(page, live_server):
    user = make_user()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("main button[type=submit]")
    assert "mật khẩu" in page.locator("[role=alert]").inner_text().lower()


def test_the_language_switch_shows_english_and_back(page, live_server, login):
    tree = Tree()
    login(page, make_user(Role.LEADER, tree.bloc))
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("text=Admissions per year")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_selector("text=Kết nạp đảng viên theo năm")


def test_the_dashboard_fits_a_phone(phone_page, live_server, login, screenshot):
    tree = Tree()
    make_member(tree.a1, "Trần Thị Hoa")
    login(phone_page, make_user(Role.OFFICE, tree.bloc))
    phone_page.wait_for_selector("[data-chart=admissions-data] svg")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "dashboard-phone")
    phone_page.click("summary")
    screenshot(phone_page, "menu-phone", full_page=False)
