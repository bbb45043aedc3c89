from django.apps import AppConfig
from django.urls import reverse


class MembersConfig(AppConfig):
    name = "dangvu.members"
    verbose_name = "Members"

    def ready(self):
        from dangvu.documents.mentions import register_source
        from dangvu.members.models import Member, MemberEvent

        register_source(
            MemberEvent,
            ("decision", "note"),
            url=lambda event: reverse("member_detail", args=[event.member_id]),
            visible=lambda user: MemberEvent.objects.filter(member__in=Member.objects.visible_to(user)),
            label=lambda event: f"{event.member.full_name}: {event}",
            related=("member",),
        )
