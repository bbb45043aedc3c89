from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "dangvu.publishing"
    verbose_name = "Publishing"
