"""Implementation tracking: tasks of an action programme, their assignments down the tree, quarterly reports up it,
and the quarterly review cycle that locks a quarter once the review conference has met.

Rows are written only by `operations`. An assignment's status is never stored: `rules.derive_status` computes it
from the dates kept here (and `queries.status_expression` does the same in SQL).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.periods import Quarter
from dangvu.documents.models import Document
from dangvu.members.models import Member
from dangvu.tracking.rules import Status, derive_status, slippage_days
from dangvu.units.models import Unit


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    QUARTERLY = "quarterly", _("Every quarter")
    YEARLY = "yearly", _("Every year")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    BREAKTHROUGH = "breakthrough", _("Breakthrough")


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tasks owned by a unit the user sees, or assigned to one."""
        from dangvu.access.scoping import scope_q

        owned = scope_q(user, "view", "owner_unit__path")
        assigned = Q(pk__in=Assignment.objects.visible_to(user).values("task_id"))
        return self.filter(owned | assigned)


class Task(models.Model):
    """A task of a programme (or of a document or a meeting): any depth through `parent`."""

    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("directing unit"), on_delete=models.PROTECT, related_name="owned_tasks"
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("programme or document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent task"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks"
    )
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("cooperating units"), blank=True, related_name="cooperating_tasks"
    )
    person = models.ForeignKey(
        Member,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        help_text=_("For a breakthrough task given to a leader."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE)
    priority = models.CharField(_("priority"), max_length=12, choices=Priority.choices, default=Priority.NORMAL)
    indicator = models.CharField(
        _("indicator"), max_length=200, blank=True, help_text=_("e.g. public-investment capital disbursed")
    )
    indicator_unit = models.CharField(_("indicator unit"), max_length=30, blank=True, help_text=_("e.g. %"))
    indicator_target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_indicator(self) -> bool:
        return bool(self.indicator)


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assignments to a unit the user sees (a secretary sees those of the unit and the cells below)."""
        from dangvu.access.scoping import scope_q

        return self.filter(scope_q(user, "view", "unit__path"))


class Assignment(models.Model):
    """A task given to one unit, by the unit above (`assigned_by`); passed on to cells through `parent`."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        Unit, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="given_assignments"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="passed_on",
        verbose_name=_("passed on from"),
    )
    # For a recurring task, the quarter (2022-Q2) or year (2022) this assignment is for; blank for a one-off task.
    period = models.CharField(_("period"), max_length=7, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    baseline_deadline = models.DateField(_("original deadline"), null=True, blank=True, editable=False)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["task_id", "unit__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period"], name="assignment_unique_unit_period"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="assignment_percent_at_most_100"),
            models.CheckConstraint(condition=~Q(unit=models.F("assigned_by")), name="assignment_not_to_itself"),
        ]
        indexes = [models.Index(fields=["unit", "task"], name="assignment_unit_task_idx")]

    def __str__(self) -> str:
        return f"{self.task} → {self.unit}"

    @property
    def status(self) -> Status:
        """The status today (`rules.derive_status`)."""
        from dangvu.access.scoping import today

        return self.status_on(today())

    @property
    def slippage_days(self) -> int:
        return slippage_days(self.baseline_deadline, self.deadline)

    def status_on(self, as_of) -> Status:
        return derive_status(
            deadline=self.deadline,
            completed_on=self.completed_on,
            cancelled_on=self.cancelled_on,
            started_on=self.started_on,
            as_of=as_of,
        )


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        from dangvu.access.scoping import scope_q

        return self.filter(scope_q(user, "view", "assignment__unit__path"))


class Report(models.Model):
    """A unit's progress report on one assignment for one quarter; the unit above accepts or returns it."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports")
    quarter = models.CharField(_("quarter"), max_length=7)
    percent = models.PositiveSmallIntegerField(_("percent done"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    narrative = models.TextField(_("results"), blank=True)
    indicator_value = models.DecimalField(_("indicator value"), max_digits=14, decimal_places=2, null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.SUBMITTED)
    first_submitted_at = models.DateTimeField(_("first submitted"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-quarter", "assignment_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "quarter"], name="report_unique_quarter"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({Quarter.parse(self.quarter).label})"

    @property
    def quarter_label(self) -> str:
        return Quarter.parse(self.quarter).label


class Evidence(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class CycleState(models.TextChoices):
    OPEN = "open", _("Open for reports")
    COMPILED = "compiled", _("Compiled")
    CLOSED = "closed", _("Closed")


class ReviewCycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        from dangvu.access.scoping import scope_q

        return self.filter(scope_q(user, "view", "unit__path"))


class ReviewCycle(models.Model):
    """The quarterly review of one directing unit: open → reporting deadline → compiled → closed (locked)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="review_cycles")
    quarter = models.CharField(_("quarter"), max_length=7)
    state = models.CharField(_("state"), max_length=10, choices=CycleState.choices, default=CycleState.OPEN)
    reporting_deadline = models.DateField(_("reporting deadline"))
    opened_at = models.DateTimeField(auto_now_add=True)
    compiled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The rollups as they stood when compiled (queries.snapshot): what the review conference looked at.
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    objects = ReviewCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly review")
        verbose_name_plural = _("quarterly reviews")
        ordering = ["-quarter", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "quarter"], name="review_cycle_unique_quarter")]

    def __str__(self) -> str:
        return f"{self.unit} — {Quarter.parse(self.quarter).label}"

    @property
    def quarter_obj(self) -> Quarter:
        return Quarter.parse(self.quarter)

    @property
    def is_closed(self) -> bool:
        return self.state == CycleState.CLOSED


class NotificationKind(models.TextChoices):
    DEADLINE_SOON = "deadline_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")
    REPORT_DUE = "report_due", _("Report due")
    REPORT_SUBMITTED = "report_submitted", _("Report to review")
    REPORT_RETURNED = "report_returned", _("Report returned")
    MEETING = "meeting", _("Meeting")


class Notification(models.Model):
    """An in-app notice to one user; e-mailed at most once a day in a digest (`notifications.send_digests`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    # Identifies what the notice is about and when, so a reminder run twice on one day creates it once.
    key = models.CharField(max_length=120)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text
