from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "dangvu.access"
    verbose_name = "Access"
