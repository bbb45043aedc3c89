from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dangvu.documents"
    verbose_name = "Documents"
