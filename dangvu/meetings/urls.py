from django.urls import path

from dangvu.meetings import congress_views, views

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("export.xlsx", views.meeting_export, name="meeting_export"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/check-in/<str:token>/", views.meeting_check_in, name="meeting_check_in"),
    path("<int:pk>/qr.svg", views.meeting_qr, name="meeting_qr"),
    path("<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/minutes/approve/", views.meeting_minutes_approve, name="meeting_minutes_approve"),
    path("<int:pk>/outcomes/task/", views.meeting_outcome_task, name="meeting_outcome_task"),
    path("<int:pk>/outcomes/document/", views.meeting_outcome_document, name="meeting_outcome_document"),
    path("compliance/", congress_views.cell_compliance, name="cell_compliance"),
    path("compliance/export.xlsx", congress_views.cell_compliance_export, name="cell_compliance_export"),
    path("congresses/", congress_views.congress_plan_list, name="congress_plan_list"),
    path("congresses/export.xlsx", congress_views.congress_plan_list_export, name="congress_plan_list_export"),
    path("congresses/new/", congress_views.congress_plan_create, name="congress_plan_create"),
    path("congresses/<int:pk>/", congress_views.congress_plan_detail, name="congress_plan_detail"),
    path("congresses/item/<int:pk>/", congress_views.congress_update, name="congress_update"),
    path("congresses/item/<int:pk>/election/", congress_views.congress_election, name="congress_election"),
]
