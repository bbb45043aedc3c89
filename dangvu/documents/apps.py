from django.apps import AppConfig
from django.urls import reverse


class DocumentsConfig(AppConfig):
    name = "dangvu.documents"
    verbose_name = "Documents"

    def ready(self):
        from dangvu.documents.mentions import register_source
        from dangvu.documents.models import Document

        register_source(
            Document,
            ("subject", "text"),
            url=lambda document: reverse("document_detail", args=[document.pk]),
            visible=Document.objects.visible_to,
            related=("issuer_unit",),
        )
