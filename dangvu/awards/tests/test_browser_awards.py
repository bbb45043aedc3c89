"""Issue 6 §4, clicked through: the office finds the members rated HTXSNV five years in a row (2017-2021) from the
ratings on record, grants the "5 năm liền" certificate of commendation by a decision registered on the spot, sees
the year's commendation list and downloads a certificate."""

from pathlib import Path

import pytest

from dangvu.access.tests.factories import make_user
from dangvu.awards.models import Award
from dangvu.awards.tests.test_eligibility import YEARS, five_years, rate
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_grants_the_five_year_commendation_from_the_ratings(
    page, phone_page, live_server, login, screenshot
):
    tree = Tree()
    an = make_member(tree.a1, "Nguyễn Văn An")
    cuc = make_member(tree.a2, "Trần Thị Cúc")
    dung = make_member(tree.b1, "Phạm Văn Dũng")
    broken = make_member(tree.b1, "Lê Thị Hoa")
    rate(an, YEARS)
    rate(cuc, [2017, 2018], cell=tree.b1)  # moved from Sở Tài chính to Văn phòng Tỉnh ủy in 2019
    rate(cuc, [2019, 2020, 2021])
    rate(dung, YEARS)
    rate(broken, [2017, 2018, 2019, 2021])
    rate(broken, [2020], level="good")
    award_type = five_years(tree.bloc)
    office = make_user("office", tree.bloc)

    login(page, office)
    page.goto(f"{live_server.url}/awards/types/{award_type.pk}/2021/candidates/")
    rows = page.locator("#candidates tbody tr[data-candidate]")
    assert rows.count() == 3
    assert page.get_by_test_id("candidates-total").inner_text() == "3"
    assert page.locator(f"tr[data-candidate='m{broken.pk}']").count() == 0
    cuc_row = page.locator(f"tr[data-candidate='m{cuc.pk}']")
    assert cuc_row.locator(".evidence [data-year]").count() == 5
    assert cuc_row.locator(".decision-cited").count() == 5
    assert "Chi bộ Phòng Ngân sách" in cuc_row.inner_text()  # the 2017-2018 ratings made in her former cell
    screenshot(page, "awards-candidates")

    page.fill("input[name=number]", "123")
    page.fill("input[name=symbol]", "QĐ/ĐUK")
    page.fill("input[name=issued_on]", "05/04/2022")
    page.fill("input[name=subject]", "về việc tặng Giấy khen đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền")
    page.click("#grant-submit")
    page.wait_for_url("**/awards/decision/*/")
    assert page.locator("#decision-awards tbody tr").count() == 3
    assert Award.objects.filter(year=2021, award_type=award_type).count() == 3
    screenshot(page, "awards-decision")

    page.goto(f"{live_server.url}/awards/?year=2021")
    assert page.locator("#awards tbody tr[data-award]").count() == 3
    summary = page.locator(f"#award-summary [data-award-type='{award_type.pk}']")
    assert "3" in summary.inner_text()
    screenshot(page, "awards-list")

    with page.expect_download() as download_info:
        page.locator("#awards tr[data-award] .certificate-pdf").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as docx_info:
        page.locator("#awards tr[data-award] .certificate-docx").first.click()
    assert docx_info.value.suggested_filename.endswith(".docx")

    login(phone_page, office)
    phone_page.goto(f"{live_server.url}/awards/?year=2021")
    assert phone_page.locator("#awards tbody tr[data-award]").count() == 3
    screenshot(phone_page, "awards-list-phone")
    phone_page.goto(f"{live_server.url}/awards/types/{award_type.pk}/2021/candidates/")
    screenshot(phone_page, "awards-candidates-phone")
