from django.urls import path

from dangvu.documents import views

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("export.xlsx", views.document_list_export, name="document_list_export"),
    path("new/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:pk>/relations/", views.relation_add, name="document_relation_add"),
    path("<int:pk>/attachments/", views.attachment_upload, name="document_attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="document_attachment"),
]
