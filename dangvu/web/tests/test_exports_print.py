"""Printing a list page: the content only, black on white, whole tables (site.css `@media print`)."""

from datetime import date

import pytest

from dangvu.access.tests.factories import make_user
from dangvu.documents.tests.factories import make_document
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_list_pages_print_their_title_and_table_without_the_site_chrome(page, login, live_server, screenshot):
    tree = Tree()
    for number in range(1, 8):
        make_document(
            number=str(number),
            symbol="KL/TW",
            issued_on=date(2021, 1, number),
            subject=f"về nội dung số {number} của Ban Chấp hành Trung ương khóa XIII, một trích yếu dài",
        )
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    make_assignment(task, tree.a)
    login(page, make_user("office", tree.bloc))
    for name, path in (("print-documents", "/documents/"), ("print-tasks", "/tracking/"), ("print-audit", "/audit/")):
        page.goto(live_server.url + path)
        assert page.locator("form.filters").is_visible()
        assert page.locator("a[download][href*='export.xlsx']").is_visible()
        screenshot(page, name.replace("print", "screen"))
        page.emulate_media(media="print")
        for hidden in (".site-header", ".site-footer", "form.filters", ".actions", "[role=button]"):
            assert not page.locator(hidden).first.is_visible(), hidden
        assert page.locator("h1").is_visible()
        assert page.locator(".table-wrap").first.evaluate("e => getComputedStyle(e).overflowX") == "visible"
        cell = page.locator("table td").first
        assert cell.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
        assert cell.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
        links = page.locator("table td a")
        if links.count():
            assert links.first.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
        screenshot(page, name)
        page.emulate_media(media="screen")
