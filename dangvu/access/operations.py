"""Accounts, grants and API tokens. An office manages the accounts of its subtree; an administrator, everyone's."""

import hashlib
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.models import ApiToken, Grant, User
from dangvu.access.roles import Action, Role
from dangvu.access.scoping import can, roles
from dangvu.core.text import normalise

# What an office may hand out; administrators may hand out any role.
OFFICE_GRANTABLE = frozenset({Role.SECRETARY, Role.LEADER, Role.MEMBER})
USER_FIELDS = ("username", "full_name", "is_active", "member")


def grantable_roles(actor) -> list[Role]:
    if actor.is_superuser or Role.ADMIN in roles(actor):
        return list(Role)
    return [r for r in Role if r in OFFICE_GRANTABLE]


def _check_grant(actor, role: str, unit) -> None:
    if not can(actor, Action.MANAGE_ACCESS, unit) or Role(role) not in grantable_roles(actor):
        raise PermissionDenied(_("You may not grant this role on this unit."))


@transaction.atomic
def create_user(actor, *, username: str, full_name: str, password: str, role: str, unit, starts_on: date, member=None):
    """A new account with its first grant (an account without any grant would be invisible to its office)."""
    _check_grant(actor, role, unit)
    username = normalise(username).lower()
    if not username:
        raise ValidationError({"username": _("Enter a user name.")})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("The user name %(name)s is taken.") % {"name": username}})
    if member is not None and User.objects.filter(member=member).exists():
        raise ValidationError({"member": _("This member already has an account.")})
    user = User(username=username, full_name=normalise(full_name), member=member)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    audit.record(actor, "create", user, after=audit.snapshot(user, USER_FIELDS), unit=unit)
    grant_role(actor, user, role=role, unit=unit, starts_on=starts_on)
    return user


@transaction.atomic
def grant_role(actor, user: User, *, role: str, unit, starts_on: date, ends_on: date | None = None) -> Grant:
    _check_grant(actor, role, unit)
    if ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    if role == Role.MEMBER and user.member_id is None:
        raise ValidationError({"role": _("The member role needs an account linked to a member record.")})
    overlapping = Grant.objects.filter(user=user, role=role, unit=unit).active_on(starts_on)
    if overlapping.exists():
        raise ValidationError({"role": _("The user already holds this role on this unit on that date.")})
    grant = Grant.objects.create(user=user, role=role, unit=unit, starts_on=starts_on, ends_on=ends_on)
    audit.record(actor, "grant", grant, after=audit.snapshot(grant), unit=unit)
    return grant


@transaction.atomic
def end_grant(actor, grant: Grant, *, ends_on: date) -> Grant:
    _check_grant(actor, grant.role, grant.unit)
    if ends_on <= grant.starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    before = audit.snapshot(grant)
    grant.ends_on = ends_on
    grant.save(update_fields=["ends_on"])
    audit.record(actor, "end_grant", grant, before=before, after=audit.snapshot(grant), unit=grant.unit)
    return grant


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_api_token(user: User, name: str) -> str:
    """Create a token for `user` and return its key; only the hash is stored, so the key is shown once."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=normalise(name), key_hash=hash_key(key))
    audit.record(None, "create", token, after=audit.snapshot(token, fields=("user", "name")))
    return key
