from django.urls import path

from dangvu.tracking import dashboard, notification_views, review_views, views

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("export.xlsx", views.task_list_export, name="task_list_export"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/export.xlsx", views.assignment_list_export, name="assignment_list_export"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/pass-on/", views.assignment_pass_on, name="assignment_pass_on"),
    path("assignments/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/reschedule/", views.assignment_reschedule, name="assignment_reschedule"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("reviews/", review_views.review_list, name="review_list"),
    path("reviews/export.xlsx", review_views.review_list_export, name="review_list_export"),
    path("reviews/open/", review_views.review_open, name="review_open"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/<str:step>/", review_views.review_step, name="review_step"),  # compile, close, reopen
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path(
        "notifications/export.xlsx",
        notification_views.notification_list_export,
        name="notification_list_export",
    ),
    path("dashboard/", dashboard.tracking_dashboard, name="tracking_dashboard"),
    path("dashboard/export.xlsx", dashboard.tracking_export, name="tracking_export"),
]
