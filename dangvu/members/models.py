"""Members, their lifecycle events, and the intervals derived from those events.

`MemberEvent` rows are the record; `Affiliation` and `StatusPeriod` are derived from them by
`rules.build_history` and rewritten by `operations` whenever a member's events change.
`Member.status` and `Member.unit` cache the current state for fast, scoped lists.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.members.rules import AffiliationKind, EventKind, Status
from dangvu.units.models import Unit, UnitVersion


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class TheoryLevel(models.TextChoices):
    NONE = "", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor")


STATUS_CHOICES = [
    (Status.PROBATIONARY.value, _("Probationary")),
    (Status.FULL.value, _("Full member")),
    (Status.EXEMPT.value, _("Exempted from activities")),
    (Status.TRANSFERRED_OUT.value, _("Transferred out")),
    (Status.STRUCK_OFF.value, _("Struck off")),
    (Status.EXPELLED.value, _("Expelled")),
    (Status.DECEASED.value, _("Deceased")),
]
EVENT_CHOICES = [
    (EventKind.ADMISSION.value, _("Admission")),
    (EventKind.CONFIRMATION.value, _("Confirmation as full member")),
    (EventKind.TRANSFER_PERMANENT.value, _("Permanent transfer")),
    (EventKind.TRANSFER_TEMPORARY.value, _("Temporary transfer")),
    (EventKind.TEMPORARY_END.value, _("End of temporary activity")),
    (EventKind.TRANSFER_IN.value, _("Transfer in from outside")),
    (EventKind.TRANSFER_OUT.value, _("Transfer out")),
    (EventKind.EXEMPTION.value, _("Exemption from activities")),
    (EventKind.RESUMPTION.value, _("Resumption of activities")),
    (EventKind.STRIKING_OFF.value, _("Striking off")),
    (EventKind.EXPULSION.value, _("Expulsion")),
    (EventKind.DEATH.value, _("Death")),
]
AFFILIATION_CHOICES = [
    (AffiliationKind.OFFICIAL.value, _("official")),
    (AffiliationKind.TEMPORARY.value, _("temporary")),
]

# Fields that are personal data (Nghị định 13/2023/NĐ-CP): shown only to roles that need them.
PERSONAL_FIELDS = ("birth_date", "citizen_id", "phone", "address")


def _active_on(day: date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gt=day))


def affiliated_as_of(unit: Unit, day: date):
    """The ids (a `member_id` values queryset) of the members officially affiliated on `day` to the unit or anything
    below it as the tree stood that day; None when the unit did not exist that day.

    The unit's path that day is read first (one small query): a LIKE on a literal prefix uses the path index, while a
    LIKE on a subquery's value cannot (it is escaped at run time)."""
    root = UnitVersion.objects.as_of(day).filter(unit=unit).values_list("path", flat=True).first()
    if root is None:
        return None
    units = UnitVersion.objects.as_of(day).filter(path__startswith=root).values("unit_id")
    return Affiliation.objects.filter(_active_on(day), kind=AffiliationKind.OFFICIAL, unit_id__in=units).values(
        "member_id"
    )


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        from dangvu.access.scoping import member_scope_q

        return self.filter(member_scope_q(user, action))

    def in_subtree(self, unit: Unit):
        """Members whose (latest) official unit is the unit or below it, in the current tree."""
        return self.filter(unit__path__startswith=unit.path)

    def in_subtree_as_of(self, unit: Unit, day: date):
        """Members officially affiliated on `day` to the unit or anything below it as the tree stood that day."""
        affiliated = affiliated_as_of(unit, day)
        return self.none() if affiliated is None else self.filter(pk__in=affiliated)

    def with_status_on(self, day: date):
        # No ordering: the periods of a member do not overlap, and the default one would join and sort by member.
        status = (
            StatusPeriod.objects.filter(_active_on(day), member=models.OuterRef("pk")).order_by().values("status")[:1]
        )
        return self.annotate(status_on=models.Subquery(status))


class Member(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True, default="Kinh")
    religion = models.CharField(_("religion"), max_length=40, blank=True)
    hometown = models.CharField(_("home town"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    citizen_id = models.CharField(_("citizen ID"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    education = models.CharField(_("education"), max_length=80, blank=True)
    theory_level = models.CharField(
        _("political theory"), max_length=12, choices=TheoryLevel.choices, blank=True, default=""
    )
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    workplace = models.CharField(_("workplace"), max_length=200, blank=True)
    admitted_on = models.DateField(_("admitted on"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    card_number = models.CharField(_("party card number"), max_length=20, null=True, blank=True, unique=True)
    # Derived by operations from the events; never edited by hand.
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, editable=False, db_index=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="members", editable=False
    )
    name_sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=models.F("admitted_on")),
                name="member_confirmed_after_admission",
            ),
            models.CheckConstraint(condition=~Q(card_number=""), name="member_card_number_not_empty"),
        ]

    def __str__(self) -> str:
        return self.full_name


class MemberEvent(models.Model):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EVENT_CHOICES)
    occurred_on = models.DateField(_("date"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("to unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destination = models.CharField(_("destination outside the tree"), max_length=200, blank=True)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    restructuring = models.ForeignKey(
        "units.RestructuringEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="member_events"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member event")
        ordering = ["member", "occurred_on", "id"]
        indexes = [models.Index(fields=["kind", "occurred_on"], name="memberevent_kind_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


class Affiliation(models.Model):
    """Derived: the member belonged to `unit` for official (or temporary) activity during [starts_on, ends_on)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="affiliations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="affiliations")
    kind = models.CharField(max_length=10, choices=AFFILIATION_CHOICES)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True)

    class Meta:
        ordering = ["member", "starts_on"]
        indexes = [models.Index(fields=["unit", "kind", "starts_on", "ends_on"], name="affiliation_unit_period_idx")]


class StatusPeriod(models.Model):
    """Derived: the member had `status` during [starts_on, ends_on)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_periods")
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True)

    class Meta:
        ordering = ["member", "starts_on"]
        indexes = [models.Index(fields=["member", "starts_on"], name="statusperiod_member_idx")]


class SubtreeTally(models.Model):
    """Members of a large unit's whole subtree by status and admission year, counted by a background task
    (`members.tallies`): the dashboard of a province or of the country reads these few rows instead of counting
    millions of members on every visit, and says when they were counted."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    admitted_year = models.PositiveSmallIntegerField(null=True)
    members = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "status", "admitted_year"], name="subtree_tally_unique"),
        ]
