"""The rating scenario of issue 6, clicked through: a cell secretary proposes, the quota refuses one proposal with its
reason, the secretary corrects it; the base committee decides, registering its decision; the results show it; the
year's commendation list is generated from the decided ratings and a certificate printed."""

from pathlib import Path

import pytest

from dangvu.access.tests.factories import make_user
from dangvu.awards import awarding
from dangvu.awards.models import Award, AwardForm, Criterion, Rating, Recipients
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Nguyễn Thị Thu", "Lê Văn Bình", "Trần Thị Cúc", "Phạm Văn Dũng", "Hoàng Thị Lan", "Vũ Văn Hải"]


def _as(page, user, login):
    page.context.clear_cookies()
    login(page, user)


def _fill(page, member, level, points):
    row = page.locator(f"#proposal tr[data-member='{member.pk}']")
    row.locator(f"select[name=level_{member.pk}]").select_option(level)
    row.locator(f"input[name=points_{member.pk}]").fill(points)


def test_a_cell_proposes_the_quota_refuses_the_committee_decides(page, phone_page, live_server, login, screenshot):
    tree = Tree()
    members = [make_member(tree.a1, name) for name in NAMES]
    secretary = make_user("secretary", tree.a1, username="bithu_a1")
    committee = make_user("office", tree.a, username="vanphong_a")
    own = make_user(None, username="thu", member=members[0])

    # A member self-assesses on a phone.
    _as(phone_page, own, login)
    phone_page.click("details.menu summary")
    phone_page.click("details.menu #nav-awards")
    phone_page.wait_for_selector("#self-form")
    phone_page.select_option("select[name=level]", "excellent")
    phone_page.fill("input[name=points]", "95")
    phone_page.fill("textarea[name=note]", "Hoàn thành vượt tiến độ các nhiệm vụ được giao")
    phone_page.click("#self-submit")
    phone_page.wait_for_selector(".message")
    screenshot(phone_page, "ratings-self-phone")
    assert Rating.objects.get(member=members[0]).self_level == "excellent"

    # The cell secretary opens the ratings and the cell's page for this year (Quy định 366-QĐ/TW: points).
    _as(page, secretary, login)
    page.click("#nav-awards")
    page.click(f"#cells tr[data-cell='{tree.a1.pk}'] a")
    page.wait_for_selector("#proposal-form")
    assert "95" in page.inner_text(f"#proposal tr[data-member='{members[0].pk}'] [data-testid=self-assessment]")
    assert "366-QĐ/TW" in page.inner_text("#rule-in-force")
    _fill(page, members[0], "excellent", "95")
    _fill(page, members[1], "excellent", "92,5")
    for member in members[2:]:
        _fill(page, member, "good", "80")
    page.click("#proposal-submit")
    # Two HTXSNV against five... four HTTNV: the quota of the base organisation refuses, nothing is saved.
    errors = page.locator("#proposal-errors")
    errors.wait_for()
    assert "366-QĐ/TW" in errors.inner_text() and tree.a.name in errors.inner_text()
    assert "2" in errors.inner_text()
    assert not Rating.objects.exclude(proposed_level="").exists()
    screenshot(page, "ratings-proposal-refused")

    # The secretary lowers the second to HTTNV: 5 HTTNV allow 1 HTXSNV.
    page.locator(f"select[name=level_{members[1].pk}]").select_option("good")
    page.click("#proposal-submit")
    page.wait_for_selector(".message:not(.error)")
    assert page.locator("#proposal-errors").count() == 0
    assert Rating.objects.filter(proposed_level="good").count() == 5
    assert Rating.objects.get(member=members[0]).proposed_level == "excellent"
    screenshot(page, "ratings-proposal-saved")

    # The same page on a phone.
    _as(phone_page, secretary, login)
    phone_page.goto(f"{live_server.url}/awards/ratings/unit/{tree.a1.pk}/2026/")
    phone_page.wait_for_selector("#proposal")
    screenshot(phone_page, "ratings-proposal-phone")

    # The base committee decides, registering its decision in the same form.
    _as(page, committee, login)
    page.goto(f"{live_server.url}/awards/ratings/?unit={tree.a.pk}&year=2026")
    page.click(f"#organisations a[data-decide='{tree.a.pk}']")
    page.wait_for_selector("#decide-form")
    page.fill("input[name=number]", "37")
    page.fill("input[name=symbol]", "QĐ/ĐU")
    page.fill("input[name=issued_on]", "20/11/2026")
    page.fill("input[name=subject]", "về xếp loại chất lượng đảng viên năm 2026")
    screenshot(page, "ratings-decide")
    page.click("#decide-submit")
    page.wait_for_selector("#decide tr[data-stage='decided']")
    decided = Rating.objects.exclude(level="")
    assert decided.count() == 6
    assert {(r.decision.number, r.decided_by_id) for r in decided} == {("37", committee.pk)}

    # The results show the distribution of the year.
    page.goto(f"{live_server.url}/awards/ratings/?unit={tree.a.pk}&year=2026")
    row = page.locator("#distribution tr[data-year='2026']")
    assert row.get_attribute("data-total") == "6"
    assert row.locator("td[data-level='excellent']").get_attribute("data-count") == "1"
    assert row.locator("td[data-level='good']").get_attribute("data-count") == "5"
    screenshot(page, "ratings-results")
    _as(phone_page, committee, login)
    phone_page.goto(f"{live_server.url}/awards/ratings/?unit={tree.a.pk}&year=2026")
    screenshot(phone_page, "ratings-results-phone")

    # The year's commendation: the engine lists the member decided HTXSNV; the committee grants by a decision.
    commendation = awarding.create_award_type(
        None,
        name="Giấy khen của Ban Thường vụ Đảng ủy: đảng viên hoàn thành xuất sắc nhiệm vụ năm",
        form=AwardForm.CERTIFICATE_OF_COMMENDATION,
        grantor="Ban Thường vụ Đảng ủy Văn phòng Tỉnh ủy",
        grantor_unit=tree.a,
        recipients=Recipients.MEMBERS,
        criterion=Criterion.EXCELLENT_YEARS,
        criterion_years=1,
    )
    page.goto(f"{live_server.url}/awards/types/{commendation.pk}/2026/candidates/")
    candidates = page.locator("#candidates tbody tr[data-candidate]")
    assert candidates.count() == 1
    assert NAMES[0] in candidates.first.inner_text()
    page.fill("input[name=number]", "41")
    page.fill("input[name=symbol]", "QĐ/ĐU")
    page.fill("input[name=issued_on]", "25/11/2026")
    page.fill("input[name=subject]", "về việc tặng Giấy khen đảng viên hoàn thành xuất sắc nhiệm vụ năm 2026")
    page.click("#grant-submit")
    page.wait_for_url("**/awards/decision/*/")
    page.goto(f"{live_server.url}/awards/?year=2026")
    assert page.locator("#awards tbody tr[data-award]").count() == 1
    screenshot(page, "ratings-commendation-list")
    with page.expect_download() as download_info:
        page.locator("#awards tr[data-award] .certificate-pdf").first.click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF")
    assert Award.objects.get().member == members[0]
