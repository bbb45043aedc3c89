from django.apps import AppConfig
from django.urls import reverse


class TrackingConfig(AppConfig):
    name = "dangvu.tracking"
    verbose_name = "Tracking"

    def ready(self):
        from dangvu.documents.mentions import register_source
        from dangvu.tracking.models import Report, Task

        register_source(
            Task,
            ("title", "description"),
            url=lambda task: reverse("task_detail", args=[task.pk]),
            visible=Task.objects.visible_to,
        )
        register_source(
            Report,
            ("narrative",),
            url=lambda report: reverse("assignment_detail", args=[report.assignment_id]),
            visible=Report.objects.visible_to,
            label=lambda report: f"{report.assignment.unit}: {report.assignment.task} ({report.quarter_label})",
            related=("assignment__unit", "assignment__task"),
        )
