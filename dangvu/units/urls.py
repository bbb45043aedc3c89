from django.urls import path

from dangvu.units import restructure_views as changes
from dangvu.units import views

urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("export.xlsx", views.unit_tree_export, name="unit_tree_export"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/children/", views.unit_children, name="unit_children"),
    path("<int:pk>/new/", changes.unit_create, name="unit_create"),
    path("<int:pk>/rename/", changes.unit_rename, name="unit_rename"),
    path("<int:pk>/move/", changes.unit_move, name="unit_move"),
    path("<int:pk>/merge/", changes.unit_merge, name="unit_merge"),
    path("<int:pk>/split/", changes.unit_split, name="unit_split"),
    path("<int:pk>/dissolve/", changes.unit_dissolve, name="unit_dissolve"),
    path("<int:pk>/terms/new/", changes.term_create, name="term_create"),
    path("<int:pk>/positions/new/", changes.position_create, name="position_create"),
    path("<int:pk>/positions/<int:position_pk>/end/", changes.position_end, name="position_end"),
]
