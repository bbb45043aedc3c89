from django.urls import path

from dangvu.members import views

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
]
