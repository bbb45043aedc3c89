"""The news editors' pages, at /publishing/news/."""

from django.urls import path

from dangvu.publishing import news_views as views

urlpatterns = [
    path("", views.news_list, name="news_list"),
    path("export.xlsx", views.news_export, name="news_export"),
    path("from-meeting/", views.news_from_meeting, name="news_from_meeting"),
    path("from-meeting/<int:meeting_id>/", views.news_from_meeting_id, name="news_from_meeting_id"),
    path("<int:pk>/", views.news_edit, name="news_edit"),
    path("<int:pk>/preview/", views.news_preview, name="news_preview"),
    path("<int:pk>/photos/", views.news_photo_add, name="news_photo_add"),
    path("<int:pk>/photos/<int:photo_id>/", views.news_photo, name="news_photo"),
    path("<int:pk>/photos/<int:photo_id>/remove/", views.news_photo_remove, name="news_photo_remove"),
    path("<int:pk>/publish/", views.news_publish, name="news_publish"),
    path("<int:pk>/withdraw/", views.news_withdraw, name="news_withdraw"),
]
