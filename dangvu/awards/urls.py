from django.urls import path

from dangvu.awards import award_views, badge_views, rating_views

urlpatterns = [
    # Quality ratings (rating_views).
    path("ratings/", rating_views.rating_results, name="rating_results"),
    path("ratings/export.xlsx", rating_views.rating_results_export, name="rating_results_export"),
    path("ratings/self/", rating_views.rating_self, name="rating_self"),
    path("ratings/unit/<int:unit_id>/<str:period>/", rating_views.rating_propose, name="rating_propose"),
    path("ratings/decide/<int:unit_id>/<str:period>/", rating_views.rating_decide, name="rating_decide"),
    path("ratings/units/<int:unit_id>/<str:period>/", rating_views.rating_units, name="rating_units"),
    # Emulation and commendation (award_views).
    path("", award_views.award_list, name="award_list"),
    path("export.xlsx", award_views.award_export, name="award_export"),
    path("types/", award_views.award_type_list, name="award_type_list"),
    path("types/export.xlsx", award_views.award_type_list_export, name="award_type_list_export"),
    path("types/new/", award_views.award_type_create, name="award_type_create"),
    path("types/<int:pk>/edit/", award_views.award_type_edit, name="award_type_edit"),
    path("types/<int:pk>/<int:year>/candidates/", award_views.award_candidates, name="award_candidates"),
    path("nominations/", award_views.nomination_list, name="nomination_list"),
    path("nominations/export.xlsx", award_views.nomination_list_export, name="nomination_list_export"),
    path("nominations/new/", award_views.nomination_create, name="nomination_create"),
    path("nominations/review/", award_views.nomination_review, name="nomination_review"),
    path("grant/", award_views.award_grant, name="award_grant"),
    path("decision/<int:document_id>/", award_views.award_decision, name="award_decision"),
    path("decision/<int:document_id>/list.docx", award_views.award_decision_docx, name="award_decision_docx"),
    path("decision/<int:document_id>/list.xlsx", award_views.award_decision_xlsx, name="award_decision_xlsx"),
    path("<int:pk>/certificate.docx", award_views.award_certificate_docx, name="award_certificate_docx"),
    path("<int:pk>/certificate.pdf", award_views.award_certificate_pdf, name="award_certificate_pdf"),
    # Party badges (badge_views).
    path("badges/", badge_views.badge_candidates, name="badge_candidates"),
    path("badges/export.xlsx", badge_views.badge_candidates_export, name="badge_candidates_export"),
    path("badges/awarded/", badge_views.badge_list, name="badge_list"),
    path("badges/awarded/export.xlsx", badge_views.badge_list_export, name="badge_list_export"),
    path("badges/award/", badge_views.badge_award, name="badge_award"),
    path("badges/<int:pk>/ceremony/", badge_views.badge_ceremony, name="badge_ceremony"),
    path("badges/health/<int:member_id>/", badge_views.badge_health_note, name="badge_health_note"),
    path("discipline/<int:member_id>/", badge_views.discipline_record, name="discipline_record"),
]
