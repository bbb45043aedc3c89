"""Accounts, grants and API tokens. An office manages the accounts of its subtree; an administrator, everyone's."""

import hashlib
import hmac
import secrets
from datetime import date

import pyotp
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.models import ApiToken, Grant, RecoveryCode, TotpDevice, User
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


# Two-factor login (TOTP, RFC 6238). Offered to those who can change records or accounts: offices and administrators.
TOTP_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
TOTP_ISSUER = "dangvu"
RECOVERY_CODE_COUNT = 8
# One step either side of now, for phones whose clock is a little off.
TOTP_VALID_WINDOW = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: codes are copied by hand


def totp_offered(user) -> bool:
    return user.is_superuser or bool(TOTP_ROLES & roles(user))


def has_totp(user) -> bool:
    return TotpDevice.objects.filter(user=user).exists()


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=TOTP_ISSUER)


def _totp_step(secret: str, code: str, after_step: int | None) -> int | None:
    """The time step `code` belongs to (now, or one step either side), if it is later than `after_step`."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(timezone.now())
    for step in range(now - TOTP_VALID_WINDOW, now + TOTP_VALID_WINDOW + 1):
        if (after_step is None or step > after_step) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _normalise_recovery_code(code: str) -> str:
    return "".join(code.split()).lower().replace("-", "")


def _device_audit(device: TotpDevice) -> dict:
    # Never the secret, never a code.
    return audit.snapshot(device, fields=("user", "confirmed_at"))


@transaction.atomic
def enable_totp(user: User, *, secret: str, code: str) -> list[str]:
    """Turn two-factor login on once the user proves the app shows the right code; return the recovery codes, which
    are shown this once (only their hashes are kept)."""
    if not totp_offered(user):
        raise PermissionDenied(_("Two-factor login is for committee offices and administrators."))
    if TotpDevice.objects.filter(user=user).exists():
        raise ValidationError({"code": _("Two-factor login is already on.")})
    step = _totp_step(secret, code, None)
    if step is None:
        raise ValidationError({"code": _("The code is wrong or has expired. Enter the 6 digits the app shows now.")})
    now = timezone.now()
    device = TotpDevice.objects.create(user=user, secret=secret, confirmed_at=now, last_step=step, last_used_at=now)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=make_password(_normalise_recovery_code(c))) for c in codes
    )
    audit.record(user, "enable_totp", device, after=_device_audit(device))
    return codes


def _accept_code(device: TotpDevice, code: str) -> bool:
    """Whether `code` is a fresh authenticator code or an unused recovery code of `device` (locked), using it up."""
    now = timezone.now()
    step = _totp_step(device.secret, code, device.last_step)
    if step is not None:
        device.last_step, device.last_used_at = step, now
        device.save(update_fields=["last_step", "last_used_at"])
        return True
    typed = _normalise_recovery_code(code)
    if len(typed) != 10:
        return False
    for recovery in device.recovery_codes.filter(used_at__isnull=True):
        if check_password(typed, recovery.code_hash):
            recovery.used_at = now
            recovery.save(update_fields=["used_at"])
            left = device.recovery_codes.filter(used_at__isnull=True).count()
            audit.record(device.user, "use_recovery_code", device, after={"recovery_codes_left": left})
            return True
    return False


@transaction.atomic
def verify_second_factor(user: User, code: str) -> bool:
    """The second step of a login: an authenticator code not used before, or an unused recovery code."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    return device is not None and _accept_code(device, code)


@transaction.atomic
def disable_totp(user: User, *, password: str, code: str) -> None:
    """Turn two-factor login off: needs the password and a current code (or a recovery code)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        raise ValidationError({"code": _("Two-factor login is not on.")})
    errors = {}
    if not user.check_password(password):
        errors["password"] = _("The password is wrong.")
    if not _accept_code(device, code):
        errors["code"] = _("The code is wrong or has expired. Enter the 6 digits the app shows now.")
    if errors:
        raise ValidationError(errors)
    audit.record(user, "disable_totp", device, before=_device_audit(device))
    device.delete()
