from django.apps import AppConfig
from django.urls import reverse


class UnitsConfig(AppConfig):
    name = "dangvu.units"
    verbose_name = "Units"

    def ready(self):
        from dangvu.documents.mentions import register_source
        from dangvu.units.models import RestructuringEvent, Unit

        def visible(user):
            return RestructuringEvent.objects.filter(unit_links__unit__in=Unit.objects.visible_to(user)).distinct()

        def label(event):
            names = ", ".join(link.unit.name for link in event.unit_links.all())
            return f"{event}: {names}"

        register_source(
            RestructuringEvent,
            ("decision", "description"),
            url=lambda event: reverse("unit_detail", args=[event.unit_links.all()[0].unit_id]),
            visible=visible,
            label=label,
            prefetch=("unit_links__unit",),
        )
