"""The tree of organisations, with its history.

`Unit` is a unit's identity and its current state; `UnitVersion` keeps every state it has had,
as dated intervals [valid_from, valid_to). Paths are materialized ("12.40.133.") so that a unit and
everything below it is one prefix query, now (`Unit.path`) or on any past date (`UnitVersion.path`).
Restructuring (rename, move, merge, split, dissolve) closes versions and opens new ones through
`units.operations`; nothing is ever deleted.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Provincial party organisation")
    BLOC = "bloc", _("Bloc committee")
    BASE_COMMITTEE = "base_committee", _("Base committee")
    BASE_CELL = "base_cell", _("Base cell")
    SUB_COMMITTEE = "sub_committee", _("Sub-committee")
    CELL = "cell", _("Subordinate cell")
    YOUTH_UNION = "youth_union", _("Youth Union")
    TRADE_UNION = "trade_union", _("Trade Union")
    VETERANS = "veterans", _("Veterans' Association")
    WOMEN = "women", _("Women's Union")


# Kinds whose members are party members affiliated for official activity.
CELL_KINDS = frozenset({UnitKind.BASE_CELL, UnitKind.CELL})
MASS_ORGANISATION_KINDS = frozenset({UnitKind.YOUTH_UNION, UnitKind.TRADE_UNION, UnitKind.VETERANS, UnitKind.WOMEN})


def subtree_q(paths: list[str], field: str = "path") -> Q:
    """Q matching rows whose `field` lies under any of `paths` (an empty list matches nothing)."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class UnitQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def in_subtree(self, unit: "Unit"):
        """The unit and everything below it, in the current tree."""
        return self.filter(path__startswith=unit.path)

    def visible_to(self, user, action: str = "view"):
        from dangvu.access.scoping import scope_q

        return self.filter(scope_q(user, action, "path"))


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("Short unique code, used in imports."))
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False, db_index=True)
    established_on = models.DateField(_("established on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True)
    # Vietnamese dictionary order of the name (core.text.collation_key), for listings.
    sort_key = models.CharField(max_length=400, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("established_on")),
                name="unit_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def holds_members(self) -> bool:
        return self.kind in CELL_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.split(".") if part][:-1]


class UnitVersionQuerySet(models.QuerySet):
    def as_of(self, day: date):
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gt=day))

    def under(self, path: str):
        return self.filter(path__startswith=path)


class UnitVersion(models.Model):
    """The state of a unit during [valid_from, valid_to)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="versions")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, db_index=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True)
    event = models.ForeignKey("RestructuringEvent", null=True, on_delete=models.PROTECT, related_name="+")

    objects = UnitVersionQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "valid_from", "id"]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="unitversion_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unitversion_valid_to_after_from",
            ),
            models.UniqueConstraint(fields=["unit"], condition=Q(valid_to__isnull=True), name="one_open_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from} – {self.valid_to or ''})"


class RestructuringEvent(models.Model):
    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("Establishment")
        RENAME = "rename", _("Rename")
        MOVE = "move", _("Move")
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")
        DISSOLVE = "dissolve", _("Dissolution")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    effective_on = models.DateField(_("effective on"))
    decision = models.CharField(_("decision"), max_length=200, blank=True, help_text=_("e.g. Quyết định số 15-QĐ/TU"))
    description = models.TextField(_("description"), blank=True)
    units = models.ManyToManyField(Unit, through="EventUnit", related_name="events")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("restructuring event")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class EventUnit(models.Model):
    class Role(models.TextChoices):
        SOURCE = "source", _("before")
        TARGET = "target", _("after")
        SUBJECT = "subject", _("unit")

    event = models.ForeignKey(RestructuringEvent, on_delete=models.PROTECT, related_name="unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="event_links")
    role = models.CharField(max_length=8, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "unit", "role"], name="event_unit_role_unique")]


class Term(models.Model):
    """A unit's term of office, e.g. 2020-2025; its congress elects the committee."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2020-2025"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("term")
        ordering = ["unit", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="term_name_unique_per_unit"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.name}"


class PositionRole(models.TextChoices):
    # Ordered by precedence in a committee listing.
    SECRETARY = "secretary", _("Secretary")
    STANDING_DEPUTY = "standing_deputy", _("Standing deputy secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    MEMBER = "member", _("Committee member")


POSITION_ORDER = {role: index for index, role in enumerate(PositionRole.values)}


class PositionQuerySet(models.QuerySet):
    def active_on(self, day: date):
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gt=day))


class Position(models.Model):
    """A member's seat in a unit's committee during a term, for [starts_on, ends_on)."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="positions")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="positions")
    role = models.CharField(_("position"), max_length=20, choices=PositionRole.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee position")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="position_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.member}"
