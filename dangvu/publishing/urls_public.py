"""The public news site, at /tin-tuc/ (no login)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from dangvu.publishing import public_views as views
from dangvu.publishing.feeds import AtomNewsFeed, RssNewsFeed

urlpatterns = [
    path("", views.public_index, name="public_index"),
    path("ngay/", views.public_archive, name="public_archive"),
    path("ngay/<str:day>/", views.public_day, name="public_day"),
    path("don-vi/<int:unit_id>/", views.public_unit, name="public_unit"),
    path("rss/", login_not_required(RssNewsFeed()), name="public_rss"),
    path("atom/", login_not_required(AtomNewsFeed()), name="public_atom"),
    path("anh/<int:photo_id>/", views.public_photo, name="public_photo"),
    path("<int:pk>-<slug:slug>/", views.public_article, name="public_article"),
    path("<int:pk>/", views.public_article, name="public_article_short"),
]
