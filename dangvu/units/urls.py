from django.urls import path

from dangvu.units import views

urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
]
