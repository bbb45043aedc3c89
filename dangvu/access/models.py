import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Role

MASK = "••••••"
ACTION_LABELS = {
    "create": _("created"),
    "update": _("edited"),
    "rename": _("renamed"),
    "move": _("moved"),
    "merge": _("merged"),
    "split": _("split"),
    "dissolve": _("dissolved"),
    "appoint": _("appointed to the committee"),
    "end_position": _("left the committee"),
    "grant": _("role granted"),
    "end_grant": _("role ended"),
    "enable_totp": _("two-factor login turned on"),
    "disable_totp": _("two-factor login turned off"),
    "use_recovery_code": _("recovery code used"),
}


class User(AbstractUser):
    """A person who logs in. Linked to a member record when the person is a party member."""

    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    member = models.OneToOneField(
        "members.Member", verbose_name=_("member record"), null=True, blank=True, on_delete=models.PROTECT
    )

    def __str__(self) -> str:
        return self.full_name or self.username


class GrantQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gt=day))


class Grant(models.Model):
    """A role held by a user over a unit and everything below it, for a dated interval [starts_on, ends_on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="grants")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="grant_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("the audit log is append-only")

    def delete(self):
        raise TypeError("the audit log is append-only")


class AuditEntry(models.Model):
    """One write to domain data: who, when, what, before and after. Append-only.

    Entries written while serving one request (or one import, one command) share a request_id.
    """

    class Source(models.TextChoices):
        WEB = "web", _("web")
        API = "api", _("API")
        IMPORT = "import", _("import")
        COMMAND = "command", _("command")

    request_id = models.UUIDField(db_index=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150)
    source = models.CharField(max_length=10, choices=Source.choices)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    # The unit the object belongs to, and its path at the time, for "everything under this unit" filters.
    unit = models.ForeignKey("units.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    reason = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the audit log is append-only")

    def changes(self, hidden: frozenset[str] = frozenset()) -> list[tuple[str, object, object]]:
        """(field label, before, after) for every field that differs; `hidden` fields are masked."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [
            (self._field_label(k), MASK if k in hidden else before.get(k), MASK if k in hidden else after.get(k))
            for k in keys
            if before.get(k) != after.get(k)
        ]

    def _field_label(self, name: str) -> str:
        try:
            model = apps.get_model(self.object_type)
            field = model._meta.get_field(name.removesuffix("_id"))
        except (LookupError, ValueError, FieldDoesNotExist):
            return name
        return str(getattr(field, "verbose_name", name))

    @property
    def action_label(self) -> str:
        if self.action.startswith("event:"):
            from dangvu.members.models import EVENT_CHOICES

            return str(dict(EVENT_CHOICES).get(self.action.removeprefix("event:"), self.action))
        return str(ACTION_LABELS.get(self.action, self.action))


PERSONAL_DATA_CONTEXTS = {"member page": _("member page"), "export": _("export"), "api": _("API")}


class PersonalDataView(models.Model):
    """Each time someone is shown personal data (citizen ID, phone, address, birth date) of members."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", null=True, on_delete=models.PROTECT, related_name="+")
    context = models.CharField(max_length=40)  # "member page", "export", "api"
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-at"]

    @property
    def context_label(self) -> str:
        return str(PERSONAL_DATA_CONTEXTS.get(self.context, self.context))


class LoginFailure(models.Model):
    """A failed login; recent failures for a user name throttle further attempts."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True)


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex + uuid.uuid4().hex


class TotpDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238: 30-second steps, 6 digits), asked for after the password.

    The secret is shown once, while enrolling; `last_step` is the time step of the last accepted code, so that a
    code cannot be used twice.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(_("turned on"))
    last_step = models.BigIntegerField(null=True)
    last_used_at = models.DateTimeField(_("last used"), null=True)

    class Meta:
        verbose_name = _("two-factor login")
        verbose_name_plural = _("two-factor logins")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app; only its hash is kept."""

    device = models.ForeignKey(TotpDevice, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=256)
    used_at = models.DateTimeField(null=True)
