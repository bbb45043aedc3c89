"""Roles and what each may do. The matrix is data; `scoping` applies it."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICE = "office", _("Committee office")
    SECRETARY = "secretary", _("Secretary")
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    VIEW_PERSONAL = "view_personal"
    IMPORT = "import"
    EXPORT = "export"
    RESTRUCTURE = "restructure"
    VIEW_AUDIT = "view_audit"
    ASSIGN = "assign"  # give tasks to the units below, pass assignments on, accept or return their reports
    REPORT = "report"  # report progress on the unit's own assignments
    CONVENE = "convene"  # schedule the unit's meetings, invite, record attendance, keep the minutes
    RATE = "rate"  # propose ratings and awards for the unit's members; decide them for the units below
    MANAGE_ACCESS = "manage_access"


# Which roles may perform which action on the subtree of their grant.
# The member role covers only the member's own record; it is handled apart in scoping.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY, Role.LEADER}),
    Action.CHANGE: frozenset({Role.ADMIN, Role.OFFICE}),
    # Personal data (Nghị định 13/2023/NĐ-CP): only those who keep the records see it.
    Action.VIEW_PERSONAL: frozenset({Role.ADMIN, Role.OFFICE}),
    Action.IMPORT: frozenset({Role.ADMIN, Role.OFFICE}),
    Action.EXPORT: frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY, Role.LEADER}),
    Action.RESTRUCTURE: frozenset({Role.ADMIN, Role.OFFICE}),
    Action.VIEW_AUDIT: frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER}),
    # A secretary directs the cells below (passes assignments on, reviews their reports) and reports upwards.
    Action.ASSIGN: frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY}),
    Action.REPORT: frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY}),
    Action.CONVENE: frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY}),
    # Ratings and awards: proposed by a unit's secretary, decided by the committee above (awards.operations).
    Action.RATE: frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY}),
    # An office manages the accounts of its subtree, but hands out only lesser roles (access.operations).
    Action.MANAGE_ACCESS: frozenset({Role.ADMIN, Role.OFFICE}),
}
