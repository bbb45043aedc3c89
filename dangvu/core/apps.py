from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangvu.core"
    verbose_name = "Core"
