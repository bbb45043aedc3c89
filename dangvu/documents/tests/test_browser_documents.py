import pytest

from dangvu.access.tests.factories import make_user
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register(page, live_server) -> None:
    page.goto(f"{live_server.url}/documents/")
    page.click("text=Đăng ký văn bản")
    page.select_option("select[name=type]", "resolution")
    page.fill("input[name=number]", "48")
    page.fill("input[name=symbol]", "NQ/TU")
    page.fill("input[name=issuer_name]", "Ban Chấp hành Đảng bộ tỉnh Tuyên Quang")
    page.fill("input[name=term]", "XVII")
    page.fill("input[name=issued_on]", "15/11/2021")
    page.fill("textarea[name=subject]", "về chuyển đổi số tỉnh Tuyên Quang đến năm 2025, định hướng đến năm 2030")
    page.click("main button[type=submit]:has-text('Lưu')")
    page.wait_for_url("**/documents/*/")


def test_a_clerk_registers_a_document_and_finds_it_without_diacritics(page, phone_page, live_server, login, screenshot):
    office = make_user("office", Tree().bloc)
    login(page, office)
    _register(page, live_server)
    assert page.locator("h1").inner_text().startswith("Nghị quyết 48-NQ/TU")
    assert "15/11/2021" in page.content()
    screenshot(page, "document-detail")
    page.goto(f"{live_server.url}/documents/?q=chuyen+doi+so")
    assert page.locator("#document-results tbody tr").count() == 1
    assert page.locator("#document-results mark").all_inner_texts() == ["chuyển", "đổi", "số"]
    screenshot(page, "document-list")
    login(phone_page, office)
    phone_page.goto(f"{live_server.url}/documents/?q=chuyen+doi+so")
    phone_page.click("text=Nghị quyết 48-NQ/TU")
    screenshot(phone_page, "document-detail-phone")
    phone_page.goto(f"{live_server.url}/documents/")
    screenshot(phone_page, "document-list-phone")


def test_a_clerk_registers_a_document_then_follows_a_citation_of_it(page, live_server, login, screenshot):
    from datetime import date

    from dangvu.documents.tests.factories import make_document

    make_document(
        number="12",
        symbol="CTr/ĐUK",
        type="programme",
        issuer_name="Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh",
        term="",
        issued_on=date(2022, 1, 10),
        subject="Chương trình hành động thực hiện Nghị quyết 48 về chuyển đổi số",
        text="Thực hiện Nghị quyết số 48-NQ/TU, ngày 15-11-2021 của BCH Đảng bộ tỉnh (khóa XVII) về chuyển đổi số.",
    )
    login(page, make_user("office", Tree().bloc))
    _register(page, live_server)
    registered = page.url
    page.goto(f"{live_server.url}/documents/?q=CTr")
    page.click("text=Chương trình 12-CTr/ĐUK")
    page.click("a.citation:has-text('Nghị quyết số 48-NQ/TU')")
    page.wait_for_url(registered)
    assert page.locator("h1").inner_text().startswith("Nghị quyết 48-NQ/TU")
    # The programme was written before 48-NQ/TU was registered; it is listed as citing it all the same.
    assert "Chương trình 12-CTr/ĐUK" in page.locator("#cited-by").inner_text()
    screenshot(page, "document-followed-citation")
