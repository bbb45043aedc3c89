"""Issue 7's browser scenario: an office user drafts the bulletin from the review conference, edits the lead, adds a
photo and publishes; an anonymous visitor on a phone finds it through "Xem tin theo ngày" and reads it."""

from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image

from dangvu.access.tests.factories import make_user
from dangvu.publishing.models import NewsArticle, NewsState
from dangvu.publishing.tests.test_news_facts import Scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_LEAD = (
    "Ngày 13-4, Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh đã tổ chức Hội nghị Ban Chấp hành Đảng bộ lần thứ 2 "
    "đánh giá kết quả thực hiện nhiệm vụ quý I, triển khai nhiệm vụ quý II năm 2022, với sự tham dự của các đồng chí "
    "Ủy viên Ban Chấp hành Đảng bộ Khối."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo(path) -> str:
    image = Image.new("RGB", (800, 500), (180, 20, 30))
    for x in range(300, 500):
        for y in range(150, 350):
            image.putpixel((x, y), (250, 200, 0))
    out = BytesIO()
    image.save(out, "JPEG")
    file = path / "hoi-nghi.jpg"
    file.write_bytes(out.getvalue())
    return str(file)


def test_the_bulletin_is_drafted_edited_published_and_found_by_date(
    phone_page, live_server, login, screenshot, tmp_path
):
    scene = Scene()
    office = make_user("office", scene.tree.bloc)
    page = phone_page
    login(page, office)

    # Draft from the meeting.
    page.goto(f"{live_server.url}/publishing/news/")
    page.click("#news-new")
    page.select_option("select[name=meeting]", str(scene.meeting.pk))
    page.click("#news-draft")
    page.wait_for_url("**/publishing/news/*/")
    article = NewsArticle.objects.get(meeting=scene.meeting)
    assert page.locator("textarea[name=lead]").input_value().startswith("Ngày 13-4, Đảng ủy Khối")
    assert "21-KL/TW" in page.locator("#facts-documents").inner_text()
    screenshot(page, "news-1-draft-phone")

    # Edit the lead, add a photo with the suggested caption.
    page.fill("textarea[name=lead]", NEW_LEAD)
    page.click("#news-save")
    page.wait_for_selector(".message.success")
    page.set_input_files("#photo-form input[name=image]", _photo(tmp_path))
    page.click("#photo-add")
    page.wait_for_selector("#news-photos figure")
    screenshot(page, "news-2-edited-phone")
    page.click("#news-preview-link")
    page.wait_for_selector("#news-preview")
    assert NEW_LEAD in page.locator("#news-preview .lead").inner_text()
    page.go_back()

    # Publish.
    page.click("#news-publish")
    page.wait_for_selector("#news-state[data-state=published]")
    article.refresh_from_db()
    assert article.state == NewsState.PUBLISHED and article.lead == NEW_LEAD

    # An anonymous visitor: the latest news, then the date archive, then the article.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tin-tuc/")
    assert page.locator(".news-item h2").first.inner_text() == article.headline
    screenshot(page, "news-3-public-index-phone")
    page.click("#public-archive-link")
    today = timezone.localdate()
    assert page.locator(f"#news-calendar a[data-day='{today:%Y-%m-%d}']").count() == 1
    screenshot(page, "news-4-archive-phone")
    page.fill("#id_ngay", today.isoformat())
    page.click("#day-picker-go")
    page.wait_for_url(f"**/tin-tuc/ngay/{today:%Y-%m-%d}/")
    page.click(f".news-item[data-article='{article.pk}'] h2 a")
    page.wait_for_selector(f"#article-{article.pk}")
    assert NEW_LEAD in page.locator(".article .lead").inner_text()
    assert "Cờ thi đua" in page.locator(".article").inner_text()
    assert page.locator(".photo img").evaluate("img => img.naturalWidth") == 800
    # Readable on a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "news-5-article-phone")
