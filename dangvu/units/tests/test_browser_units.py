from datetime import date

import pytest

from dangvu.access.tests.factories import make_user
from dangvu.members.tests.factories import make_member
from dangvu.units.operations import appoint, open_term
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    tree = Tree()
    secretary = make_member(tree.a1, "Trần Thị Hoa", gender="female")
    make_member(tree.a1, "Nguyễn Văn An")
    make_member(tree.a2, "Lê Văn Bình")
    make_member(tree.b1, "Đỗ Minh Đức")
    term = open_term(None, tree.a, name="2020-2025", starts_on=date(2020, 8, 1))
    appoint(None, term, secretary, role="secretary", starts_on=date(2020, 8, 1))
    return tree


def _expand_search_and_open(page, live_server, login, world, screenshot, name: str) -> None:
    login(page, make_user("office", world.bloc, full_name="Hoàng Thu Trang"))
    page.goto(f"{live_server.url}/units/")
    page.wait_for_selector("text=Đảng bộ Văn phòng Tỉnh ủy")
    assert "Chi bộ Phòng Tổng hợp" not in page.inner_text("main")
    page.click(f"#children-{world.a.pk} >> xpath=preceding-sibling::button")
    page.wait_for_selector(f"#children-{world.a.pk} >> text=Chi bộ Phòng Tổng hợp")
    assert "Chi bộ Phòng Hành chính" in page.inner_text(f"#children-{world.a.pk}")
    screenshot(page, f"units_tree_{name}")
    page.fill("input[name=q]", "van phong")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=van+phong**")
    results = page.locator(".search-results li")
    results.first.wait_for()
    assert results.count() == 1
    assert "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh" in results.first.inner_text()
    results.first.locator("a").click()
    page.wait_for_selector("h1:has-text('Đảng bộ Văn phòng Tỉnh ủy')")
    assert "Trần Thị Hoa" in page.inner_text("main")
    screenshot(page, f"units_detail_{name}")


def test_office_expands_the_tree_searches_and_opens_a_unit_on_desktop(page, live_server, login, world, screenshot):
    _expand_search_and_open(page, live_server, login, world, screenshot, "desktop")


def test_office_expands_the_tree_searches_and_opens_a_unit_on_a_phone(
    phone_page, live_server, login, world, screenshot
):
    _expand_search_and_open(phone_page, live_server, login, world, screenshot, "phone")


def test_office_previews_then_confirms_a_merge(page, live_server, login, world, screenshot):
    login(page, make_user("office", world.bloc, full_name="Hoàng Thu Trang"))
    page.goto(f"{live_server.url}/units/{world.a.pk}/merge/")
    page.check(f"input[name=sources][value='{world.b.pk}']")
    page.fill("input[name=new_name]", "Đảng bộ các cơ quan Đảng tỉnh")
    page.fill("input[name=new_code]", "CQD")
    page.fill("input[name=effective_on]", "01/07/2022")
    page.click("button:has-text('Xem trước')")
    page.wait_for_selector("text=Những gì sẽ thay đổi")
    assert "Đỗ Minh Đức" in page.text_content("main")  # in the folded list of members who move
    screenshot(page, "units_merge_preview_desktop")
    page.click("button:has-text('Xác nhận')")
    page.wait_for_selector("text=Đã sáp nhập các tổ chức.")
    assert "Đảng bộ các cơ quan Đảng tỉnh" in page.inner_text("main")
