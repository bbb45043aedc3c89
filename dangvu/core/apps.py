from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangvu.core"
    verbose_name = "Core"

    def ready(self) -> None:
        from dangvu.core import lookups  # noqa: F401  (registers __any_of)
        from dangvu.core.spreadsheets import never_formulas

        never_formulas()
