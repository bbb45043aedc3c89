"""The implementation dashboard in a browser: charts drawn, a quarter chosen, a unit drilled into, the export
downloaded; on a desktop and on a phone."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from dangvu.access.tests.factories import make_user
from dangvu.core.periods import Quarter
from dangvu.tracking import operations
from dangvu.tracking.models import Assignment, Report
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.models import UnitKind
from dangvu.units.tests.factories import Tree, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Q1, Q2 = Quarter(2022, 1), Quarter(2022, 2)
COMMITTEES = [
    "Đảng bộ Sở Kế hoạch và Đầu tư",
    "Đảng bộ Sở Giáo dục và Đào tạo",
    "Đảng bộ Công ty Điện lực Tuyên Quang",
    "Đảng bộ Sở Y tế",
    "Đảng bộ Kho bạc Nhà nước tỉnh",
    "Đảng bộ Cục Thuế tỉnh",
]


def _report(assignment, quarter, percent, submitted: date, value=None, completed_on=None, accept=False):
    report = operations.submit_report(
        None, assignment, quarter, percent=percent, indicator_value=value, completed_on=completed_on
    )
    at = timezone.make_aware(datetime.combine(submitted, time(9)))
    Report.objects.filter(pk=report.pk).update(first_submitted_at=at, submitted_at=at)
    report.refresh_from_db()
    if accept:
        operations.review_report(None, report, accept=True)


@pytest.fixture
def world():
    """The bloc with eight base committees with cells, and a base cell, three tasks over two quarters, reports early and late."""
    tree = Tree()
    units = [tree.a, tree.b] + [make_unit(name, UnitKind.BASE_COMMITTEE, tree.bloc) for name in COMMITTEES]
    for n, unit in enumerate(units[2:]):
        make_unit(f"Chi bộ Văn phòng {n + 1}", UnitKind.CELL, unit)
    study = make_task(tree.bloc, "Học tập, quán triệt Kết luận số 21-KL/TW", deadline=date(2022, 3, 31))
    digital = make_task(tree.bloc, "Triển khai hội nghị trực tuyến đến các chi bộ", deadline=date(2022, 6, 15))
    money = make_task(
        tree.bloc,
        "Giải ngân vốn đầu tư công năm 2022",
        deadline=date(2022, 12, 31),
        indicator="Tỷ lệ giải ngân vốn đầu tư công",
        indicator_unit="%",
        indicator_target=Decimal(95),
    )
    for n, unit in enumerate(units):
        first = make_assignment(study, unit, deadline=date(2022, 3, 31), assigned_on=date(2022, 1, 10))
        done = date(2022, 3, 20) if n % 3 else date(2022, 4, 8)
        _report(first, Q1, 100, date(2022, 4, 2 + n), completed_on=done if done <= Q1.end else None, accept=True)
        if done > Q1.end:
            Assignment.objects.filter(pk=first.pk).update(completed_on=done)
        second = make_assignment(digital, unit, deadline=date(2022, 6, 15), assigned_on=date(2022, 4, 12))
        if n % 2 == 0:
            _report(second, Q2, 100, date(2022, 6, 25), completed_on=date(2022, 6, 10), accept=True)
        elif n % 3:
            _report(second, Q2, 60, date(2022, 7, 8))
        third = make_assignment(money, unit, deadline=date(2022, 12, 31), assigned_on=date(2022, 1, 10))
        _report(third, Q1, 15 + n, date(2022, 4, 3), value=Decimal(15 + n))
        if n != 3:
            _report(third, Q2, 40 + 4 * n, date(2022, 7, 4), value=Decimal(40 + 4 * n))
    operations.pass_on(
        None, Assignment.objects.get(task=digital, unit=tree.a), [tree.a1], assigned_on=date(2022, 4, 20)
    )
    operations.open_cycle(None, tree.bloc, Q1, reporting_deadline=date(2022, 4, 5))
    operations.open_cycle(None, tree.bloc, Q2, reporting_deadline=date(2022, 7, 5))
    return tree


# The screen position of a point in the first unit's band of the reporting-by-unit chart, a quarter of the way in.
_FIRST_BAR = """() => {
    const el = document.querySelector("#reporting-by-unit .chart");
    const chart = echarts.getInstanceByDom(el);
    const [x, y] = chart.convertToPixel("grid", [25, 0]);
    const box = el.getBoundingClientRect();
    return [box.left + x, box.top + y];
}"""


def _open(page, live_server, login, user):
    login(page, user)
    page.goto(f"{live_server.url}/tracking/dashboard/")
    page.wait_for_selector("#status-distribution .chart[data-rendered] svg")
    page.wait_for_selector("#reporting-by-unit .chart[data-rendered] svg")


def test_the_office_reads_the_bloc_dashboard_and_drills_into_a_unit(page, live_server, login, world, screenshot):
    office = make_user("office", world.bloc, full_name="Hoàng Thu Trang")
    _open(page, live_server, login, office)
    assert page.input_value("#id_quarter") == "2022-Q2"
    assert page.inner_text("[data-testid=assignments-total]") == "25"
    assert page.locator("#units-table tbody tr").count() == 8  # every base unit but the cell without tasks
    assert page.locator("#on-time-trend .chart svg").count() == 1
    assert page.locator("#indicators .chart svg").count() == 1
    screenshot(page, "tracking_dashboard_desktop")

    page.select_option("#id_quarter", "2022-Q1")
    page.click("#dashboard-show")
    page.wait_for_url("**quarter=2022-Q1**")
    page.wait_for_selector("#status-distribution .chart[data-rendered] svg")
    assert page.inner_text("[data-testid=assignments-total]") == "16"

    page.select_option("#id_quarter", "2022-Q2")
    page.click("#dashboard-show")
    page.wait_for_url("**quarter=2022-Q2**")
    page.wait_for_selector("#reporting-by-unit .chart[data-rendered] svg")
    # Clicking a unit's bar drills down like its row in the table.
    first_unit = page.locator("#units-table tbody tr").first.get_attribute("data-unit")
    page.locator("#reporting-by-unit .chart").scroll_into_view_if_needed()
    x, y = page.evaluate(_FIRST_BAR)
    page.mouse.click(x, y)
    page.wait_for_url(f"**unit={first_unit}**")
    page.go_back()
    page.wait_for_selector("#units-table")
    page.click(f"#units-table tr[data-unit='{world.a.pk}'] a")
    page.wait_for_url(f"**unit={world.a.pk}**")
    page.wait_for_selector("#status-distribution .chart[data-rendered] svg")
    assert page.inner_text("[data-testid=assignments-total]") == "4"
    assert page.locator("#units-table tbody tr").count() == 1
    screenshot(page, "tracking_dashboard_drilled_desktop")

    with page.expect_download() as download:
        page.click("#dashboard-export")
    assert download.value.suggested_filename == f"theo-doi-{world.a.pk}-2022-Q2.xlsx"

    page.click(f"main .page-head .actions a[href$='/units/{world.a.pk}/']")
    page.wait_for_selector("#rating-inputs tr[data-period='2022']")
    page.locator("#rating-inputs").scroll_into_view_if_needed()
    screenshot(page, "tracking_rating_inputs_unit_desktop", full_page=False)


def test_the_dashboard_fits_a_phone(phone_page, live_server, login, world, screenshot):
    leader = make_user("leader", world.bloc, full_name="Nguyễn Văn Sơn")
    _open(phone_page, live_server, login, leader)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "tracking_dashboard_phone")
    for part in ("status-distribution", "reporting-by-unit"):
        phone_page.locator(f"#{part}").scroll_into_view_if_needed()
        screenshot(phone_page, f"tracking_dashboard_phone_{part}", full_page=False)
