from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "dangvu.awards"
    verbose_name = "Ratings and awards"
