"""The public news site: anonymous access, only published news, the date archive, unit pages, article pages made
to be shared, photos and the RSS/Atom feeds."""

from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.publishing import news_operations as ops
from dangvu.publishing.models import NewsArticle
from dangvu.units.tests.factories import Tree

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class News:
    def __init__(self):
        self.tree = Tree()
        self.published = self._article(self.tree.a1, at(2022, 4, 5, 14), "Chi bộ Phòng Tổng hợp sinh hoạt tháng 4")
        ops.add_photo(None, self.published, SimpleUploadedFile("a.png", PNG), "Quang cảnh buổi sinh hoạt.")
        ops.publish(None, self.published)
        self.other = self._article(self.tree.b1, at(2022, 4, 6, 14), "Chi bộ Phòng Ngân sách sinh hoạt tháng 4")
        ops.publish(None, self.other)
        self.draft = self._article(self.tree.a2, at(2022, 4, 7, 14), "Bản nháp chưa công bố")
        # Published on two days: 14-4-2022 (Vietnam time) and today.
        day = timezone.make_aware(datetime(2022, 4, 14, 9, 6))
        NewsArticle.objects.filter(pk=self.published.pk).update(published_at=day)
        self.published.refresh_from_db()

    def _article(self, unit, starts_at, headline):
        article = ops.draft_from_meeting(None, make_meeting(unit, starts_at))
        return ops.update_article(None, article, article.version, headline=headline)


@pytest.fixture
def news(db):
    return News()


def test_anonymous_visitors_read_the_published_news_newest_first(client, news):
    page = client.get(reverse("public_index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index(news.other.headline) < text.index(news.published.headline)
    assert news.draft.headline not in text
    assert 'href="/meetings/' not in text and "nav-links" not in text  # not the app's menu


def test_drafts_and_withdrawn_news_are_never_public(client, news):
    assert client.get(reverse("public_article_short", args=[news.draft.pk])).status_code == 404
    ops.withdraw(None, news.other)
    assert client.get(reverse("public_article", args=[news.other.pk, news.other.slug])).status_code == 404
    assert news.other.headline not in client.get(reverse("public_rss")).content.decode()


def test_the_article_page_is_share_friendly(client, news):
    article = news.published
    assert client.get(reverse("public_article_short", args=[article.pk])).status_code == 301
    page = client.get(reverse("public_article", args=[article.pk, article.slug]))
    text = page.content.decode()
    canonical = f"http://testserver/tin-tuc/{article.pk}-{article.slug}/"
    assert f'<link rel="canonical" href="{canonical}">' in text
    assert f'<meta property="og:title" content="{article.headline}">' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert 'name="viewport"' in text
    assert "<script" not in text and "style=" not in text  # CSP: static files only
    photo = article.photos.get()
    served = client.get(reverse("public_photo", args=[photo.pk]))
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"


def test_photos_of_drafts_are_not_served(client, news):
    photo = ops.add_photo(None, news.draft, SimpleUploadedFile("b.png", PNG), "Ảnh nháp")
    assert client.get(reverse("public_photo", args=[photo.pk])).status_code == 404


def test_the_date_archive(client, news):
    archive = client.get(reverse("public_archive"), {"thang": "2022-04"})
    assert archive.status_code == 200
    assert 'href="/tin-tuc/ngay/2022-04-14/"' in archive.content.decode()
    assert 'href="/tin-tuc/ngay/2022-04-13/"' not in archive.content.decode()
    picked = client.get(reverse("public_archive"), {"ngay": "2022-04-14"})
    assert picked.status_code == 302 and picked["Location"] == "/tin-tuc/ngay/2022-04-14/"
    day = client.get("/tin-tuc/ngay/2022-04-14/").content.decode()
    assert news.published.headline in day and news.other.headline not in day
    assert client.get("/tin-tuc/ngay/2022-04-13/").status_code == 200
    assert client.get("/tin-tuc/ngay/not-a-day/").status_code == 404


def test_the_unit_page(client, news):
    page = client.get(reverse("public_unit", args=[news.tree.a1.pk])).content.decode()
    assert news.published.headline in page and news.other.headline not in page
    # A unit with only drafts has no public page.
    assert client.get(reverse("public_unit", args=[news.tree.a2.pk])).status_code == 404


def test_the_feeds_parse_as_xml_with_the_items(client, news):
    rss = ElementTree.fromstring(client.get(reverse("public_rss")).content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == [news.other.headline, news.published.headline]
    atom = ElementTree.fromstring(client.get(reverse("public_atom")).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = atom.findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == titles
    link = entries[1].find("a:link", ns).get("href")
    assert link.endswith(f"/tin-tuc/{news.published.pk}-{news.published.slug}/")
