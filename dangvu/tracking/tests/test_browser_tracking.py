"""The acceptance scenario of issue 4, clicked through as the clerk and the secretaries would."""

from datetime import date

import pytest

from dangvu.access.tests.factories import make_user
from dangvu.core.periods import Quarter
from dangvu.documents.tests.factories import make_document
from dangvu.tracking import operations
from dangvu.tracking.models import Assignment, Report, ReviewCycle, Task
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user, login):
    page.context.clear_cookies()
    login(page, user)


def _figure(page, name: str) -> str:
    return page.locator(f"#live-figures [data-figure={name}]").inner_text()


def _register_programme(page, live_server, tree, resolution) -> None:
    page.goto(f"{live_server.url}/documents/new/")
    page.select_option("select[name=type]", "programme")
    page.fill("input[name=number]", "16")
    page.fill("input[name=symbol]", "CTr/ĐUK")
    page.select_option("select[name=issuer_unit]", str(tree.bloc.pk))
    page.fill("input[name=issued_on]", "15/02/2022")
    page.fill("textarea[name=subject]", "hành động thực hiện Nghị quyết số 48-NQ/TU về chuyển đổi số")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/documents/*/")
    relation = page.locator("form[action$='/relations/']")
    page.click("details:has(form[action$='/relations/']) > summary")
    relation.locator("select[name=kind]").select_option("implements")
    relation.locator("select[name=target]").select_option(str(resolution.pk))
    relation.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_programme_goes_down_the_tree_and_its_reports_come_back_up_until_the_quarter_closes(
    page, phone_page, live_server, login, screenshot
):
    tree = Tree()
    resolution = make_document(
        type="resolution",
        number="48",
        symbol="NQ/TU",
        issuer_name="Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
        term="XVII",
        issued_on=date(2021, 11, 15),
        subject="về chuyển đổi số tỉnh Tuyên Quang đến năm 2025, định hướng đến năm 2030",
    )
    clerk = make_user("office", tree.bloc)
    secretary = make_user("secretary", tree.a)
    cell_secretary = make_user("secretary", tree.a1)
    cycle = operations.open_cycle(clerk, tree.bloc, Quarter(2022, 2), reporting_deadline=date(2022, 7, 5))

    # The clerk registers the bloc's programme implementing 48-NQ/TU and gives a task of it to every base committee.
    _as(page, clerk, login)
    _register_programme(page, live_server, tree, resolution)
    page.click("a[href*='/tracking/tasks/new/?document=']")
    page.fill("textarea[name=title]", "Tổ chức hội nghị trực tuyến đến các chi bộ trực thuộc")
    page.fill("textarea[name=description]", "Thực hiện Nghị quyết số 48-NQ/TU, ngày 15-11-2021 về chuyển đổi số.")
    page.fill("input[name=deadline]", "30/06/2022")
    screenshot(page, "tracking-task-form")
    page.click("#task-form button[type=submit]")
    page.wait_for_url("**/tracking/tasks/*/")
    task = Task.objects.get()
    assert task.document.number_symbol == "16-CTr/ĐUK"
    assert page.locator("a.citation").first.get_attribute("href") == f"/documents/{resolution.pk}/"
    page.check("#assign-form input[name=kinds][value=base_committee]")
    page.fill("#assign-form input[name=assigned_on]", "15/04/2022")
    assert page.input_value("#assign-form input[name=deadline]") == "30/06/2022"
    page.click("#assign-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#assignments tbody tr").count() == 2
    screenshot(page, "tracking-task-detail")
    page.goto(f"{live_server.url}/tracking/")
    assert page.locator(f"tr[data-task='{task.pk}']").count() == 1
    screenshot(page, "tracking-task-list")
    page.goto(f"{live_server.url}/tracking/reviews/{cycle.pk}/")
    assert (_figure(page, "reports"), _figure(page, "assignments")) == ("0", "2")
    before = _figure(page, "reporting-rate")

    # The secretary of base committee A passes it on to cells A1 and A2.
    _as(page, secretary, login)
    page.goto(f"{live_server.url}/tracking/assignments/?quarter=2022-Q2")
    screenshot(page, "tracking-inbox")
    assert page.locator("#my-units tbody tr[data-assignment]").count() == 1
    page.click("#my-units .pass-on-link")
    page.check(f"#pass-on-form input[name=units][value='{tree.a1.pk}']")
    page.check(f"#pass-on-form input[name=units][value='{tree.a2.pk}']")
    page.fill("#pass-on-form input[name=assigned_on]", "20/04/2022")
    page.click("#pass-on-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#pass-on tbody tr").count() == 2

    # The secretary of cell A1 reports for the second quarter of 2022.
    _as(page, cell_secretary, login)
    page.goto(f"{live_server.url}/tracking/assignments/?quarter=2022-Q2")
    page.click("#my-units .report-link")
    page.fill("#report-form input[name=percent]", "100")
    page.fill("#report-form input[name=completed_on]", "25/06/2022")
    page.fill("#report-form textarea[name=narrative]", "Chi bộ đã họp trực tuyến với 100% đảng viên tham dự.")
    screenshot(page, "tracking-report-form")
    page.click("#report-form button[type=submit]")
    page.wait_for_url("**/tracking/assignments/*/")
    assert page.locator("#reports article[data-state=submitted]").count() == 1

    # The base committee accepts it.
    _as(page, secretary, login)
    page.goto(f"{live_server.url}/tracking/assignments/?quarter=2022-Q2")
    page.click("#to-review a[role=button]")
    screenshot(page, "tracking-assignment-detail")
    page.click(".review-form button[name=decision][value=accept]")
    page.wait_for_load_state()
    assert page.locator("#reports article[data-state=accepted]").count() == 1

    # The clerk sees the figures move, then closes the quarter.
    _as(page, clerk, login)
    page.goto(f"{live_server.url}/tracking/reviews/")
    page.click("tr[data-quarter='2022-Q2'] a")
    assert _figure(page, "reports") == "1"
    assert _figure(page, "assignments") == "4"
    assert _figure(page, "reporting-rate") != before
    assert page.locator("#live-figures tr[data-status=done_on_time] td").nth(1).inner_text() == "1"
    screenshot(page, "tracking-review")
    page.click("#close-step > summary")
    page.check("#close-form input[name=confirm]")
    page.click("#close-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#cycle-state").get_attribute("data-state") == "closed"
    assert page.locator("#snapshot-figures").count() == 1
    screenshot(page, "tracking-review-closed")

    # A late edit of the cell's report for the closed quarter is refused, and the report stays as it was.
    cell_assignment = Assignment.objects.get(unit=tree.a1)
    report = Report.objects.get(assignment=cell_assignment)
    _as(page, cell_secretary, login)
    page.goto(f"{live_server.url}/tracking/assignments/{cell_assignment.pk}/report/?quarter=2022-Q2")
    assert page.locator("#quarter-locked").is_visible()
    page.fill("#report-form textarea[name=narrative]", "Sửa lại sau khi quý đã đóng.")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    refusal = page.locator("#report-form .errorlist").inner_text()
    assert tree.bloc.name in refusal
    screenshot(page, "tracking-report-locked")
    unchanged = Report.objects.get(pk=report.pk)
    assert (unchanged.narrative, unchanged.percent, unchanged.completed_on, unchanged.submitted_at) == (
        report.narrative,
        100,
        date(2022, 6, 25),
        report.submitted_at,
    )
    assert ReviewCycle.objects.get(pk=cycle.pk).is_closed

    # The same pages on a phone.
    login(phone_page, cell_secretary)
    phone_page.goto(f"{live_server.url}/tracking/assignments/?quarter=2022-Q2")
    screenshot(phone_page, "tracking-inbox-phone")
    phone_page.goto(f"{live_server.url}/tracking/assignments/{cell_assignment.pk}/")
    screenshot(phone_page, "tracking-assignment-phone")
    login(phone_page, clerk)
    phone_page.goto(f"{live_server.url}/tracking/reviews/{cycle.pk}/")
    screenshot(phone_page, "tracking-review-phone")
    phone_page.goto(f"{live_server.url}/tracking/tasks/{task.pk}/")
    screenshot(phone_page, "tracking-task-detail-phone")
