from django.urls import path

from dangvu.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
