from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "dangvu.units"
    verbose_name = "Units"
