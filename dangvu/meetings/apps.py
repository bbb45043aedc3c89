from django.apps import AppConfig
from django.urls import reverse


class MeetingsConfig(AppConfig):
    name = "dangvu.meetings"
    verbose_name = "Meetings"

    def ready(self):
        from dangvu.documents.mentions import register_source
        from dangvu.meetings.models import Meeting, Minutes

        register_source(
            Minutes,
            ("content", "conclusions"),
            url=lambda minutes: reverse("meeting_detail", args=[minutes.meeting_id]),
            visible=lambda user: Minutes.objects.filter(meeting__in=Meeting.objects.visible_to(user)),
            label=lambda minutes: str(minutes.meeting),
            related=("meeting",),
        )
