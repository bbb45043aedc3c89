"""The audit log: operations call `record` for every write, inside their transaction.

Entries written during one request, import or command share a request id, set by
`RequestContextMiddleware` or by `audit_context` around scripts.
"""

import contextvars
import datetime
import decimal
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from dangvu.access.models import AuditEntry

_request_id: contextvars.ContextVar[uuid.UUID | None] = contextvars.ContextVar("dangvu_request_id", default=None)
_source: contextvars.ContextVar[str] = contextvars.ContextVar("dangvu_audit_source", default="command")


@contextmanager
def audit_context(source: str, request_id: uuid.UUID | None = None) -> Iterator[uuid.UUID]:
    """Group the writes made inside the block under one request id."""
    rid = request_id or uuid.uuid4()
    token_id, token_source = _request_id.set(rid), _source.set(source)
    try:
        yield rid
    finally:
        _request_id.reset(token_id)
        _source.reset(token_source)


def current_request_id() -> uuid.UUID:
    rid = _request_id.get()
    if rid is None:
        rid = uuid.uuid4()
        _request_id.set(rid)
    return rid


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: tuple[str, ...] | None = None) -> dict:
    """The concrete field values of `obj`, JSON-ready; foreign keys as ids."""
    data = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if f.name in {"search_key", "name_sort_key", "created_at", "updated_at"}:
            continue
        data[f.attname if f.is_relation else f.name] = _jsonable(getattr(obj, f.attname))
    return data


def state_token(obj: models.Model) -> str:
    """A short fingerprint of the record's audited state, carried by its edit form (and the API's ETag).

    It is derived from `snapshot`, so it changes exactly when an audited field changes. Keyed with the secret key:
    the token goes out to people who may not see the personal fields it covers, and must not let them test guesses.
    """
    payload = json.dumps(snapshot(obj), sort_keys=True, default=str)
    return salted_hmac("dangvu.access.audit.state_token", payload, algorithm="sha256").hexdigest()[:16]


class StaleState(ValidationError):
    """Someone else saved the record after the form (or the API client) read it; nothing was saved."""


def check_state(obj: models.Model, expected_state: str | None) -> None:
    """Refuse the write when `obj` (read under a row lock) no longer has the state the editor started from.

    `expected_state` None (scripts, imports) skips the check.
    """
    if expected_state is None or state_token(obj) == expected_state:
        return
    last = _entries_of(obj._meta.label_lower, obj.pk).order_by("-at", "-id").first()
    if last is None:
        message = _(
            "This record has just been changed by someone else. Reload the page to see the changes and "
            "enter yours again."
        )
    else:
        message = _(
            "This record has just been changed by someone else (at %(time)s, by %(actor)s). Reload the page to see "
            "the changes and enter yours again."
        ) % {"time": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y"), "actor": last.actor_name}
    raise StaleState(message, code="stale")


def _entries_of(object_type: str, object_id):
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))


def state_at(object_type: str, object_id, at: datetime.datetime) -> dict | None:
    """The record's snapshot as of `at`, rebuilt from the audit log alone (None before its creation or once deleted).

    Each entry's `after` is applied field by field over the state before it; keys that are not fields of the model
    (such as the event an `event:*` entry carries along) are left out.
    """
    fields = {f.attname for f in apps.get_model(object_type)._meta.concrete_fields}
    state = None
    entries = _entries_of(object_type, object_id).filter(at__lte=at).order_by("at", "id")
    for after in entries.values_list("after", flat=True):
        if after is None:  # a deletion: `record` leaves `after` empty only then
            state = None
        else:
            state = {**(state or {}), **{key: value for key, value in after.items() if key in fields}}
    return state


def _entry(actor, action: str, obj: models.Model, before, after, unit, reason: str) -> AuditEntry:
    return AuditEntry(
        request_id=current_request_id(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor else "system",
        source=_source.get(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        before=before,
        after=after,
        reason=reason,
    )


def record(actor, action: str, obj: models.Model, *, before=None, after=None, unit=None, reason: str = ""):
    """Append one entry. `before`/`after` are snapshots (None for create/delete)."""
    entry = _entry(actor, action, obj, before, after, unit, reason)
    entry.save()
    return entry


def record_many(actor, rows: list[tuple[str, models.Model, dict | None, dict | None, object]], reason: str = ""):
    """Append many entries at once (imports): rows of (action, obj, before, after, unit)."""
    entries = [_entry(actor, action, obj, before, after, unit, reason) for action, obj, before, after, unit in rows]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
