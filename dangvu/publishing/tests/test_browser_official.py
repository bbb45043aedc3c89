"""The office drafts the Q1-2022 report from the data, writes a narrative section, previews, issues and downloads it."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as Docx

from dangvu.core.periods import Quarter
from dangvu.publishing.models import DraftState, OfficialDraft
from dangvu.publishing.tests.factories import Tree, office_of
from dangvu.tracking.operations import open_cycle
from dangvu.tracking.tests.factories import make_assignment, make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_drafts_edits_previews_issues_and_downloads_the_quarterly_report(
    page, phone_page, live_server, login, screenshot, tmp_path
):
    tree = Tree()
    open_cycle(None, tree.bloc, Quarter(2022, 1), date(2022, 4, 10))
    task = make_task(tree.bloc, "Quán triệt Kết luận 21-KL/TW")
    make_assignment(task, tree.a, deadline=date(2022, 3, 15), assigned_on=date(2022, 1, 10))
    due = make_task(tree.bloc, "Sơ kết 6 tháng đầu năm 2022")
    make_assignment(due, tree.b, deadline=date(2022, 6, 30), assigned_on=date(2022, 2, 1))
    office = office_of(tree.bloc)

    login(page, office)
    page.goto(f"{live_server.url}/publishing/documents/")
    page.click("#new-quarterly-report")
    page.select_option("select[name=unit]", str(tree.bloc.pk))
    page.select_option("select[name=quarter]", "2022-Q1")
    page.click("#quarterly-draft")
    page.wait_for_url("**/publishing/documents/*/edit/")
    draft = OfficialDraft.objects.get()
    # The next quarter's task due is already in the directions; the clerk writes the limits.
    assert "Sơ kết 6 tháng đầu năm 2022" in page.input_value("textarea[name=section_directions]")
    page.fill("textarea[name=section_limits]", "Một số tổ chức đảng còn chậm gửi báo cáo tiến độ.")
    screenshot(page, "official-edit-desktop")
    page.click("#draft-save-preview")
    page.wait_for_url(f"**/publishing/documents/{draft.pk}/")
    paper = page.locator("#party-paper")
    assert "Một số tổ chức đảng còn chậm gửi báo cáo tiến độ." in paper.inner_text()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in paper.inner_text()
    screenshot(page, "official-preview-desktop")

    page.fill("input[name=issued_on]", "14/04/2022")
    page.click("#official-issue")
    page.wait_for_selector("#issued-number")
    assert "1-BC/ĐUK" in page.inner_text("#issued-number")
    assert "Số 1-BC/ĐUK" in page.inner_text("[data-testid=number-line]")
    assert "Tuyên Quang, ngày 14 tháng 4 năm 2022" in paper.inner_text()
    draft.refresh_from_db()
    assert draft.state == DraftState.ISSUED
    screenshot(page, "official-issued-desktop")

    with page.expect_download() as download_info:
        page.click("#official-docx")
    saved = Path(tmp_path) / "report.docx"
    download_info.value.save_as(saved)
    docx = Docx(BytesIO(saved.read_bytes()))
    assert "Số 1-BC/ĐUK" in [p.text for p in docx.tables[0].rows[0].cells[0].paragraphs]
    assert any("chậm gửi báo cáo tiến độ" in p.text for p in docx.paragraphs)

    login(phone_page, office)
    phone_page.goto(f"{live_server.url}/publishing/documents/{draft.pk}/")
    phone_page.wait_for_selector("#party-paper")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # the paper reflows on a phone, no sideways scrolling
    screenshot(phone_page, "official-preview-phone")
    phone_page.goto(f"{live_server.url}/publishing/documents/")
    screenshot(phone_page, "official-list-phone")
