"""Official documents (/publishing/documents/): drafts in the party layout, issued with the unit's register."""

from django.urls import path

from dangvu.publishing import official_views

urlpatterns = [
    path("", official_views.official_list, name="official_list"),
    path("export.xlsx", official_views.official_export, name="official_export"),
    path("quarterly/new/", official_views.official_quarterly_new, name="official_quarterly_new"),
    path("meeting/<int:meeting_id>/new/", official_views.official_from_meeting, name="official_from_meeting"),
    path(
        "award-decision/<int:document_id>/new/",
        official_views.official_from_award_decision,
        name="official_from_award_decision",
    ),
    path("<int:pk>/", official_views.official_preview, name="official_preview"),
    path("<int:pk>/edit/", official_views.official_edit, name="official_edit"),
    path("<int:pk>/issue/", official_views.official_issue, name="official_issue"),
    path("<int:pk>/document.docx", official_views.official_docx, name="official_docx"),
    path("<int:pk>/document.pdf", official_views.official_pdf, name="official_pdf"),
]
