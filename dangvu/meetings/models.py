"""Meetings: executive-committee conferences, cell meetings, congresses and online conferences with remote sites,
their agendas, invitations and attendance, minutes and outcomes; and the congress plans of a term.

Rows are written only by `operations`. Who may see a meeting: anyone who sees its unit, and every invited member.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.documents.models import Document
from dangvu.members.models import Member
from dangvu.tracking.models import ReviewCycle, Task
from dangvu.units.models import Term, Unit


class MeetingKind(models.TextChoices):
    EXECUTIVE_CONFERENCE = "executive_conference", _("Executive committee conference")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee meeting")
    REGULAR_CELL = "regular_cell", _("Regular cell meeting")
    THEMATIC_CELL = "thematic_cell", _("Thematic cell meeting")
    REVIEW_CONFERENCE = "review_conference", _("Review conference")
    CONGRESS = "congress", _("Congress")
    ONLINE_CONFERENCE = "online_conference", _("Online conference")


# Kinds numbered within the organising unit's term: "Hội nghị Ban Chấp hành lần thứ 8" (rules.md §7).
NUMBERED_KINDS = frozenset({MeetingKind.EXECUTIVE_CONFERENCE})
CELL_MEETING_KINDS = frozenset({MeetingKind.REGULAR_CELL, MeetingKind.THEMATIC_CELL})


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings of units the user sees, and those the user's own member record is invited to."""
        from dangvu.access.scoping import scope_q

        visible = scope_q(user, "view", "unit__path")
        member_id = getattr(user, "member_id", None)
        if member_id:
            visible |= Q(pk__in=Invitation.objects.filter(member_id=member_id).values("meeting_id"))
        return self.filter(visible)


class Meeting(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=24, choices=MeetingKind.choices)
    term = models.ForeignKey(
        Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("number in the term"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    chair = models.ForeignKey(
        Member, verbose_name=_("chair"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.ForeignKey(
        Member, verbose_name=_("minute-taker"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_cycle = models.ForeignKey(
        ReviewCycle,
        verbose_name=_("quarter under review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    state = models.CharField(_("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.SCHEDULED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # iCalendar: one UID for the life of the meeting, SEQUENCE raised with every change sent to the invitees.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Scanned from the QR code shown at the meeting to check in from a phone.
    check_in_token = models.CharField(max_length=32, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.UniqueConstraint(
                fields=["unit", "kind", "term", "number"],
                condition=Q(number__isnull=False),
                name="meeting_number_unique_in_term",
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind", "starts_at"], name="meeting_unit_kind_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def online_url(self) -> str:
        """The video room of an online meeting, from the configured template (dangvu does not host video)."""
        if not self.online:
            return ""
        return settings.DANGVU_VIDEO_URL_TEMPLATE.format(uid=self.uid.hex)

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED


class RemoteSite(models.Model):
    """A remote site (điểm cầu) of an online conference: usually a unit below the organiser."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sites")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("remote site"), max_length=200)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=300)
    presenter = models.ForeignKey(
        Member, verbose_name=_("presenter"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duration = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), blank=True, related_name="agenda_items")
    tasks = models.ManyToManyField(Task, verbose_name=_("tasks"), blank=True, related_name="agenda_items")

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused absence")
    ABSENT = "absent", _("Absent without leave")


class Invitation(models.Model):
    """One expected participant; attendance is recorded on the same row (blank until the meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="invitations")
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    site = models.ForeignKey(
        RemoteSite, verbose_name=_("remote site"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "member__name_sort_key"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="invitation_unique_member")]

    def __str__(self) -> str:
        return f"{self.member} — {self.meeting}"


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Minutes(models.Model):
    """The minutes (biên bản): drafted from the meeting, edited, then approved and locked."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    content = models.TextField(_("content"))
    conclusions = models.TextField(_("conclusions"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_approved(self) -> bool:
        return self.state == MinutesState.APPROVED


class Outcome(models.Model):
    """A conclusion of the meeting that became a registered document or a tracked task."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="outcomes")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="outcomes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, task__isnull=True) | Q(document__isnull=True, task__isnull=False),
                name="outcome_is_a_document_or_a_task",
            )
        ]

    def __str__(self) -> str:
        return str(self.document or self.task)


class CongressStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Preparing")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Results approved")


class CongressPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        from dangvu.access.scoping import scope_q

        return self.filter(scope_q(user, "view", "unit__path"))


class CongressPlan(models.Model):
    """The congresses due in a term under a directing unit: "congresses of subordinate cells, 2022-2025"."""

    unit = models.ForeignKey(Unit, verbose_name=_("directing unit"), on_delete=models.PROTECT, related_name="+")
    term_name = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2022-2025"))
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CongressPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["unit", "term_name", "title"], name="congress_plan_unique")]

    def __str__(self) -> str:
        return self.title


class Congress(models.Model):
    """One unit's congress in a plan; once held, its elected committee is the unit's committee for the new term."""

    plan = models.ForeignKey(CongressPlan, on_delete=models.CASCADE, related_name="congresses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="congresses")
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CongressStatus.choices, default=CongressStatus.PLANNED
    )
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="congress")
    term = models.ForeignKey(
        Term, verbose_name=_("term elected"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="congress_unique_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.plan.term_name}"
