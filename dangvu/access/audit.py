"""The audit log: operations call `record` for every write, inside their transaction.

Entries written during one request, import or command share a request id, set by
`RequestContextMiddleware` or by `audit_context` around scripts.
"""

import contextvars
import datetime
import decimal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models

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
