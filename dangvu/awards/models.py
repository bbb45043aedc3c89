"""Quality ratings, discipline, emulation and commendation awards, and party badges.

A `Rating` carries its three steps (self-assessment, the cell's or committee's proposal, the competent committee's
decision) on one row, each with who and when; `awards.operations` is the only writer and applies `awards.rules`.
An `Award` is granted by a decision that is a registered `documents.Document`; a `Nomination` records the proposal
and the review of nominations (bình xét) that led to it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.awards.rules import LEVEL_LABELS, Level
from dangvu.documents.models import Document
from dangvu.members.models import Member
from dangvu.units.models import Unit

LEVEL_CHOICES = [(level.value, LEVEL_LABELS[level]) for level in Level]


def _unit_or_member_scope(user, action: str, unit_field: str, member_field: str) -> Q:
    """Rows about a unit or a member under the user's grants, plus (for viewing) the user's own."""
    from dangvu.access.scoping import scope_paths, scope_q

    if scope_paths(user, action) is None:
        return Q()
    q = scope_q(user, action, f"{unit_field}__path")
    own = getattr(user, "member_id", None)
    if own and action == "view":
        q |= Q(**{member_field: own})
    return q


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        return self.filter(_unit_or_member_scope(user, action, "cell", "member_id"))

    def of_period(self, year: int, quarter: int = 0):
        return self.filter(year=year, quarter=quarter)

    def of_members(self):
        return self.filter(member__isnull=False)

    def of_units(self):
        return self.filter(unit__isnull=False)


class Rating(models.Model):
    """The quality rating of one member or one unit for a year (quarter 0) or a quarter."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    # Where the rating is made: the member's cell at the end of the period, or the rated unit itself.
    cell = models.ForeignKey(Unit, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0, help_text=_("0 for the whole year."))
    rule = models.CharField(_("rule applied"), max_length=20)
    # 1. Self-assessment.
    self_level = models.CharField(_("self-assessment"), max_length=16, choices=LEVEL_CHOICES, blank=True)
    self_points = models.DecimalField(_("self-assessed points"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("self-assessment note"), blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    # 2. Review and proposal by the cell or committee.
    proposed_level = models.CharField(_("proposed level"), max_length=16, choices=LEVEL_CHOICES, blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True, blank=True)
    civil_service_level = models.CharField(
        _("civil-service rating"),
        max_length=16,
        choices=LEVEL_CHOICES,
        blank=True,
        help_text=_("For a civil servant: the rating of the agency (blank if not a civil servant)."),
    )
    proposal_note = models.TextField(_("proposal note"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    # 3. Decision by the competent committee.
    level = models.CharField(_("level"), max_length=16, choices=LEVEL_CHOICES, blank=True, db_index=True)
    decision = models.ForeignKey(
        Document, verbose_name=_("decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality rating")
        verbose_name_plural = _("quality ratings")
        ordering = ["-year", "-quarter", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) ^ Q(unit__isnull=True), name="rating_member_xor_unit"
            ),
            models.UniqueConstraint(
                fields=["member", "year", "quarter"], condition=Q(member__isnull=False), name="rating_member_period"
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"], condition=Q(unit__isnull=False), name="rating_unit_period"
            ),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="rating_quarter_0_to_4"),
        ]
        indexes = [models.Index(fields=["cell", "year", "quarter"], name="rating_cell_period_idx")]

    def __str__(self) -> str:
        return f"{self.subject} {self.period_label}"

    @property
    def subject(self):
        return self.member if self.member_id else self.unit

    @property
    def period_label(self) -> str:
        return f"{self.year}" if not self.quarter else f"Q{self.quarter}-{self.year}"

    @property
    def level_abbreviation(self) -> str:
        return Level(self.level).abbreviation if self.level else ""

    @property
    def proposed_abbreviation(self) -> str:
        return Level(self.proposed_level).abbreviation if self.proposed_level else ""

    @property
    def self_abbreviation(self) -> str:
        return Level(self.self_level).abbreviation if self.self_level else ""

    @property
    def is_decided(self) -> bool:
        return bool(self.level)

    @property
    def stage(self) -> str:
        if self.level:
            return "decided"
        if self.proposed_level:
            return "proposed"
        if self.self_level:
            return "self_assessed"
        return "open"


class DisciplineKind(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    REMOVAL_FROM_POST = "removal_from_post", _("Removal from post")
    EXPULSION = "expulsion", _("Expulsion")


class DisciplineQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        return self.filter(_unit_or_member_scope(user, action, "member__unit", "member_id"))


class Discipline(models.Model):
    """A disciplinary measure: it forces the rating of its year to KHTNV and delays a party badge (rules.md §4)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="disciplines")
    kind = models.CharField(_("measure"), max_length=20, choices=DisciplineKind.choices)
    decided_on = models.DateField(_("decided on"))
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisciplineQuerySet.as_manager()

    class Meta:
        verbose_name = _("disciplinary measure")
        ordering = ["member", "-decided_on"]


class AwardForm(models.TextChoices):
    EMULATION_FLAG = "emulation_flag", _("Emulation flag")
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit")
    CERTIFICATE_OF_COMMENDATION = "certificate_of_commendation", _("Certificate of commendation")
    OTHER = "other", _("Other")


class Recipients(models.TextChoices):
    UNITS = "units", _("Units")
    MEMBERS = "members", _("Members")


class Criterion(models.TextChoices):
    """What the eligibility engine checks (`awards.eligibility`)."""

    NONE = "", _("No automatic criterion")
    EXCELLENT_YEARS = "excellent_years", _("Rated HTXSNV in each of the last N years")


class AwardType(models.Model):
    """A kind of award a body grants, e.g. the emulation flag of the Provincial Standing Committee."""

    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(_("form"), max_length=30, choices=AwardForm.choices)
    grantor = models.CharField(_("granted by"), max_length=200, help_text=_("E.g. Ban Thường vụ Tỉnh ủy."))
    grantor_unit = models.ForeignKey(
        Unit, verbose_name=_("granting unit"), on_delete=models.PROTECT, related_name="award_types"
    )
    recipients = models.CharField(_("for"), max_length=10, choices=Recipients.choices)
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices, blank=True)
    criterion_years = models.PositiveSmallIntegerField(_("years"), default=1)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    theme_document = models.ForeignKey(
        Document, verbose_name=_("theme document"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("criteria"), blank=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["form", "name"]

    def __str__(self) -> str:
        return self.name


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    REVIEWED = "reviewed", _("Reviewed")
    GRANTED = "granted", _("Granted")
    NOT_GRANTED = "not_granted", _("Not granted")


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        from dangvu.access.scoping import scope_paths, scope_q

        if scope_paths(user, action) is None:
            return self.all()
        return self.filter(
            scope_q(user, action, "proposing_unit__path") | scope_q(user, action, "award_type__grantor_unit__path")
        )


class Nomination(models.Model):
    """A unit proposes a member or a unit for an award; the review of nominations records the vote."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="nominations")
    year = models.PositiveSmallIntegerField(_("year"))
    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="nominations_made"
    )
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    achievements = models.TextField(_("achievements"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.PROPOSED
    )
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    voters = models.PositiveIntegerField(_("voters present"), null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        ordering = ["-year", "award_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) ^ Q(unit__isnull=True), name="nomination_member_xor_unit"
            ),
            models.UniqueConstraint(
                fields=["award_type", "year", "member"],
                condition=Q(member__isnull=False),
                name="nomination_member_once",
            ),
            models.UniqueConstraint(
                fields=["award_type", "year", "unit"], condition=Q(unit__isnull=False), name="nomination_unit_once"
            ),
        ]

    @property
    def nominee(self):
        return self.member if self.member_id else self.unit


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        from dangvu.access.scoping import scope_paths, scope_q

        if scope_paths(user, action) is None:
            return self.all()
        q = scope_q(user, action, "unit__path") | scope_q(user, action, "member__unit__path")
        own = getattr(user, "member_id", None)
        if own and action == "view":
            q |= Q(member_id=own)
        return self.filter(q)


class Award(models.Model):
    """An award granted by a decision (a registered document) to a member or a unit."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year of the achievements."))
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    decision = models.ForeignKey(Document, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="awards")
    nomination = models.OneToOneField(Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="award")
    citation = models.CharField(
        _("citation"), max_length=300, blank=True, help_text=_("What it is awarded for, as printed on the certificate.")
    )
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)
    presented_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("presented at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards_presented",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "award_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) ^ Q(unit__isnull=True), name="award_member_xor_unit"
            ),
            models.UniqueConstraint(
                fields=["award_type", "year", "member"], condition=Q(member__isnull=False), name="award_member_once"
            ),
            models.UniqueConstraint(
                fields=["award_type", "year", "unit"], condition=Q(unit__isnull=False), name="award_unit_once"
            ),
        ]

    @property
    def recipient(self):
        return self.member if self.member_id else self.unit


class BadgeBasis(models.TextChoices):
    ON_TIME = "on_time", _("Milestone reached")
    GRAVELY_ILL = "gravely_ill", _("Early: grave illness")
    POSTHUMOUS = "posthumous", _("Posthumous")


class HealthNote(models.Model):
    """A member recorded as gravely ill from a date: allows an early party badge (rules.md §4)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="health_note")
    gravely_ill_since = models.DateField(_("gravely ill since"))
    note = models.CharField(_("note"), max_length=300, blank=True)


class PartyBadgeQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        return self.filter(_unit_or_member_scope(user, action, "member__unit", "member_id"))


class PartyBadge(models.Model):
    """A party badge awarded to a member for a milestone of party age, on an award day, by a decision."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badges")
    milestone = models.PositiveSmallIntegerField(_("years of party age"))
    occasion = models.DateField(_("award day"))
    basis = models.CharField(_("basis"), max_length=12, choices=BadgeBasis.choices, default=BadgeBasis.ON_TIME)
    decision = models.ForeignKey(
        Document, verbose_name=_("decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("badge number"), max_length=20, blank=True)
    ceremony_on = models.DateField(_("ceremony held on"), null=True, blank=True)
    ceremony_place = models.CharField(_("ceremony place"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyBadgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("party badge")
        verbose_name_plural = _("party badges")
        ordering = ["-occasion", "member"]
        constraints = [models.UniqueConstraint(fields=["member", "milestone"], name="badge_once_per_milestone")]

    def __str__(self) -> str:
        return f"{self.member} — {self.milestone}"
