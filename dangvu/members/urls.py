from django.urls import path

from dangvu.members import views

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("export.xlsx", views.member_export, name="member_export"),
    path("admit/", views.member_admit, name="member_admit"),
    path("import/", views.member_import, name="member_import"),
    path("import/template.xlsx", views.import_template, name="member_import_template"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/event/", views.member_event, name="member_event"),
]
