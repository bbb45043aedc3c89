from datetime import date

import pytest
from playwright.sync_api import expect

from dangvu.access.tests.factories import make_user
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.members.tests.factories import import_row, make_member, member_workbook
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    tree = Tree()
    make_member(tree.a1, "Trần Thị Hoa", gender="female", birth_date=date(1984, 3, 8), citizen_id="008084001234")
    make_member(tree.a1, "Trần Thị Ánh", gender="female", birth_date=date(1990, 9, 2))
    make_member(tree.a2, "Lê Văn Bình", birth_date=date(1975, 1, 20))
    make_member(tree.b1, "Đỗ Minh Đức", birth_date=date(1968, 6, 30))
    make_member(tree.c, "Nguyễn Văn An", birth_date=date(1995, 12, 1), confirmed_on=None, admitted_on=date(2025, 2, 3))
    return tree


def _search(page, live_server, login, user) -> None:
    login(page, user)
    page.goto(f"{live_server.url}/members/")
    page.fill("input[name=q]", "tran thi")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=tran+thi**")
    rows = page.locator("#member-results tbody tr")
    rows.first.wait_for()
    page.wait_for_function("!document.querySelector('#member-results').textContent.includes('Lê Văn Bình')")
    assert "Trần Thị Hoa" in page.inner_text("#member-results")
    assert "Đỗ Minh Đức" not in page.inner_text("#member-results")


def test_search_tran_thi_finds_tran_thi_on_desktop(page, live_server, login, world, screenshot):
    office = make_user("office", world.bloc, full_name="Hoàng Thu Trang")
    _search(page, live_server, login, office)
    assert page.locator("#member-results tbody tr").count() == 2
    screenshot(page, "members_list_search_desktop")
    page.click("text=Trần Thị Hoa")
    page.wait_for_selector("h1:has-text('Trần Thị Hoa')")
    screenshot(page, "members_detail_desktop")


def test_the_unit_filter_walks_down_the_tree(page, live_server, login, world, screenshot):
    login(page, make_user("office", world.bloc, full_name="Hoàng Thu Trang"))
    page.goto(f"{live_server.url}/members/")
    options = page.locator("#id_unit option")
    assert "Chi bộ Phòng Tổng hợp" not in options.all_inner_texts()[-1]
    page.select_option("#id_unit", label="\u2003Đảng bộ Văn phòng Tỉnh ủy")
    page.wait_for_url("**unit=**")
    expect(page.locator("#id_unit option", has_text="Chi bộ Phòng Tổng hợp")).to_have_count(1)
    labels = [label.strip() for label in options.all_inner_texts()]
    assert "Chi bộ Phòng Hành chính" in labels and "Chi bộ Phòng Ngân sách" not in labels
    assert page.locator("#id_unit option:checked").inner_text().strip() == "Đảng bộ Văn phòng Tỉnh ủy"
    expect(page.locator("#member-results")).not_to_contain_text("Đỗ Minh Đức")
    assert "Lê Văn Bình" in page.inner_text("#member-results")
    page.select_option("#id_unit", label="\u2003\u2003Chi bộ Phòng Tổng hợp")
    expect(page.locator("#member-results")).not_to_contain_text("Lê Văn Bình")
    assert "Trần Thị Hoa" in page.inner_text("#member-results")
    screenshot(page, "members_list_unit_walk")


def test_search_tran_thi_finds_tran_thi_on_a_phone(phone_page, live_server, login, world, screenshot):
    secretary = make_user("secretary", world.a1, full_name="Phạm Thị Nhung")
    _search(phone_page, live_server, login, secretary)
    screenshot(phone_page, "members_list_search_phone")
    phone_page.click("text=Trần Thị Hoa")
    phone_page.wait_for_selector("h1:has-text('Trần Thị Hoa')")
    assert "008084001234" not in phone_page.content()
    screenshot(phone_page, "members_detail_phone")


def test_import_with_errors_shows_the_error_table(page, live_server, login, world, settings, tmp_path, screenshot):
    settings.MEDIA_ROOT = tmp_path
    office = make_user("office", world.bloc, full_name="Hoàng Thu Trang")
    rows = [import_row(world.a1.code, i) for i in range(101, 111)]
    rows[2]["Giới tính"] = "Không rõ"
    rows[5]["Số CCCD"] = "12345"
    rows[8]["Mã chi bộ"] = "KHONGCO"
    login(page, office)
    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "dang-vien.xlsx", "mimeType": XLSX_CONTENT_TYPE, "buffer": member_workbook(rows).getvalue()}],
    )
    page.click("button[name=check]")
    table = page.locator("table.import-errors tbody tr")
    table.first.wait_for()
    assert table.count() == 3
    assert "Ghi Nam hoặc Nữ." in page.inner_text("table.import-errors")
    assert page.locator("button[name=confirm]").count() == 0
    screenshot(page, "members_import_errors_desktop")
