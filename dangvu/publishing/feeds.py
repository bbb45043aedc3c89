"""RSS 2.0 and Atom feeds of the published news (django.contrib.syndication), newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from dangvu.publishing.models import NewsArticle

FEED_SIZE = 30


class RssNewsFeed(Feed):
    title = "Tin tức"
    description = "Tin hoạt động của các cấp ủy, tổ chức đảng"

    def link(self):
        return reverse("public_index")

    def items(self):
        return NewsArticle.objects.published().select_related("unit").order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return reverse("public_article", kwargs={"pk": item.pk, "slug": item.slug})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.source or item.unit.name

    def item_categories(self, item):
        return [item.unit.name]


class AtomNewsFeed(RssNewsFeed):
    feed_type = Atom1Feed
    subtitle = RssNewsFeed.description
