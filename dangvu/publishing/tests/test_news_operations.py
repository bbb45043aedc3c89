"""Drafting, editing, photos, publishing and withdrawing news: permissions, the version check, uploads; the pages."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import PASSWORD, make_user
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.publishing import news_operations as ops
from dangvu.publishing.models import NewsArticle, NewsState
from dangvu.publishing.tests.test_news_facts import Scene
from dangvu.units.tests.factories import Tree

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def meeting(tree):
    return make_meeting(tree.a1, at(2022, 4, 5, 14))


@pytest.fixture
def office(tree):
    return make_user("office", tree.bloc)


def test_drafting_needs_change_or_convene(tree, meeting):
    leader = make_user("leader", tree.bloc)
    with pytest.raises(PermissionDenied):
        ops.draft_from_meeting(leader, meeting)
    secretary = make_user("secretary", tree.a1)
    article = ops.draft_from_meeting(secretary, meeting)
    assert article.state == NewsState.DRAFT
    assert article.facts["meeting_id"] == meeting.pk
    assert AuditEntry.objects.filter(action="create", object_id=str(article.pk)).exists()
    # The secretary drafts but does not publish: that is the office's.
    with pytest.raises(PermissionDenied):
        ops.publish(secretary, article)


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(meeting, office):
    article = ops.draft_from_meeting(office, meeting)
    started_from = article.version
    ops.update_article(office, article, started_from, lead="Ngày 5-4-2022, chi bộ đã sinh hoạt.")
    with pytest.raises(ValidationError, match="Someone else saved"):
        ops.update_article(office, article, started_from, lead="Lời dẫn cũ ghi đè")
    article.refresh_from_db()
    assert article.lead == "Ngày 5-4-2022, chi bộ đã sinh hoạt."
    assert article.version == started_from + 1


def test_publish_and_withdraw(meeting, office):
    article = ops.draft_from_meeting(office, meeting)
    ops.publish(office, article)
    article.refresh_from_db()
    assert (article.state, article.published_by) == (NewsState.PUBLISHED, office)
    assert article.published_at is not None
    with pytest.raises(ValidationError):
        ops.publish(office, article)
    ops.withdraw(office, article, "Sai số liệu")
    assert NewsArticle.objects.published().count() == 0
    assert AuditEntry.objects.filter(action="withdraw", object_id=str(article.pk)).exists()


def test_only_jpeg_and_png_are_accepted_by_their_bytes(meeting, office):
    article = ops.draft_from_meeting(office, meeting)
    html = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="Only JPEG and PNG"):
        ops.add_photo(office, article, html, "Ảnh hội nghị")
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError, match="larger than 5 MB"):
        ops.add_photo(office, article, big, "Ảnh hội nghị")
    assert article.photos.count() == 0
    photo = ops.add_photo(office, article, SimpleUploadedFile("x.html", PNG), "Các đại biểu dự Hội nghị.")
    assert photo.image.name.endswith(".png")


def test_the_editor_pages(client, tree, meeting, office):
    client.login(username=office.username, password=PASSWORD)
    page = client.get(reverse("news_from_meeting"))
    assert page.status_code == 200
    assert meeting.title in page.content.decode()
    response = client.post(reverse("news_from_meeting_id", args=[meeting.pk]))
    article = NewsArticle.objects.get(meeting=meeting)
    assert response.status_code == 302 and response["Location"] == reverse("news_edit", args=[article.pk])
    edit = client.get(reverse("news_edit", args=[article.pk]))
    assert edit.status_code == 200 and 'id="facts-panel"' in edit.content.decode()
    data = {
        "headline": "Chi bộ Phòng Tổng hợp sinh hoạt thường kỳ",
        "dateline": "Tuyên Quang",
        "event_date": "2022-04-05",
        "lead": "Lời dẫn mới.",
        "body": "Đoạn một.\n\nĐoạn hai.",
        "byline": "",
        "source": "Chi bộ Phòng Tổng hợp",
        "version": article.version,
    }
    assert client.post(reverse("news_edit", args=[article.pk]), data).status_code == 302
    stale = client.post(reverse("news_edit", args=[article.pk]), {**data, "lead": "Cũ"})
    assert stale.status_code == 422 and "Someone else saved" in stale.content.decode()
    # A photo is served as an image, never sniffed as HTML.
    client.post(
        reverse("news_photo_add", args=[article.pk]),
        {"image": SimpleUploadedFile("a.jpg", JPEG), "caption": "Quang cảnh"},
    )
    photo = article.photos.get()
    served = client.get(reverse("news_photo", args=[article.pk, photo.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    refused = client.post(
        reverse("news_photo_add", args=[article.pk]),
        {"image": SimpleUploadedFile("b.jpg", b"<!doctype html><p>hi"), "caption": "x"},
    )
    assert refused.status_code == 422 and article.photos.count() == 1
    assert client.post(reverse("news_publish", args=[article.pk])).status_code == 302
    listing = client.get(reverse("news_list"))
    assert "Chi bộ Phòng Tổng hợp sinh hoạt thường kỳ" in listing.content.decode()
    export = client.get(reverse("news_export"))
    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][0] == data["headline"]


def test_articles_out_of_scope_are_404(client, tree, meeting, office):
    article = ops.draft_from_meeting(office, meeting)
    other = make_user("office", tree.b)
    client.login(username=other.username, password=PASSWORD)
    assert client.get(reverse("news_edit", args=[article.pk])).status_code == 404
    assert client.post(reverse("news_publish", args=[article.pk])).status_code == 404


def test_drafting_the_review_conference_page(client, db):
    scene = Scene()
    office = make_user("office", scene.tree.bloc)
    client.login(username=office.username, password=PASSWORD)
    client.post(reverse("news_from_meeting"), {"meeting": scene.meeting.pk})
    article = NewsArticle.objects.get(meeting=scene.meeting)
    page = client.get(reverse("news_edit", args=[article.pk])).content.decode()
    assert reverse("document_detail", args=[scene.kl21.pk]) in page
    assert "Cờ thi đua" in page
    preview = client.get(reverse("news_preview", args=[article.pk]))
    assert "triển khai nhiệm vụ quý II" in preview.content.decode()
