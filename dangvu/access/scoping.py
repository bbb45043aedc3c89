"""The one gate: which units and members a user may see or change.

A grant (role, unit, from, until) covers the unit and everything below it. Every list, detail,
search, export and API call filters through `scope_q` / `member_scope_q` (via the `visible_to`
QuerySet methods); anything not covered is denied. Scopes are computed once per user object.
"""

from datetime import date

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from dangvu.access.roles import PERMISSIONS, Action, Role

_EVERYTHING = None


def today() -> date:
    return timezone.localdate()


def _active_grants(user) -> list:
    cached = getattr(user, "_dangvu_grants", None)
    if cached is None:
        from dangvu.access.models import Grant

        cached = list(Grant.objects.active_on(today()).filter(user=user).select_related("unit"))
        user._dangvu_grants = cached
    return cached


def roles(user) -> set[Role]:
    if not getattr(user, "is_authenticated", False):
        return set()
    found = {Role(grant.role) for grant in _active_grants(user)}
    if user.is_superuser:
        found.add(Role.ADMIN)
    return found


def scope_paths(user, action: str) -> list[str] | None:
    """Unit paths under which `user` may do `action`; None means everywhere, [] nowhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return _EVERYTHING
    allowed = PERMISSIONS[Action(action)]
    paths = []
    for grant in _active_grants(user):
        if Role(grant.role) in allowed:
            if grant.role == Role.ADMIN and grant.unit.parent_id is None:
                return _EVERYTHING
            paths.append(grant.unit.path)
    # Drop paths already covered by a shorter one, so queries stay small.
    paths.sort()
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def scope_q(user, action: str, path_field: str) -> Q:
    """Rows whose `path_field` lies under the user's grants for `action`.

    Everywhere is a condition that always holds, not an empty Q(): `Q() | other` is just `other`, so an empty Q()
    OR-ed with, say, the meetings the user is invited to would hide every other meeting from an administrator of
    the whole tree (found by tests/test_access_proof.py)."""
    paths = scope_paths(user, action)
    if paths is _EVERYTHING:
        return Q(pk__isnull=False)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def member_scope_q(user, action: str) -> Q:
    """Members under the user's grants, plus, for viewing, the user's own record."""
    if scope_paths(user, action) is _EVERYTHING:
        return Q()
    q = scope_q(user, action, "unit__path")
    own = getattr(user, "member_id", None)
    if own and action in {Action.VIEW, Action.VIEW_PERSONAL, Action.EXPORT}:
        q |= Q(pk=own)
    return q


def can(user, action: str, unit) -> bool:
    """May `user` do `action` on `unit` (and so on what belongs to it)?"""
    paths = scope_paths(user, action)
    if paths is _EVERYTHING:
        return True
    return any(unit.path.startswith(path) for path in paths)


def can_member(user, action: str, member) -> bool:
    if getattr(user, "member_id", None) == member.pk and action in {Action.VIEW, Action.VIEW_PERSONAL}:
        return True
    return can(user, action, member.unit)


def require(user, action: str, unit) -> None:
    """Deny by raising 404: an object outside one's scope does not exist for them."""
    if not can(user, action, unit):
        raise Http404


def has_any(user, action: str) -> bool:
    paths = scope_paths(user, action)
    return paths is _EVERYTHING or bool(paths)


def home_unit(user):
    """The highest unit the user can see: where dashboards and trees start."""
    grants = [g for g in _active_grants(user) if Role(g.role) in PERMISSIONS[Action.VIEW]]
    if grants:
        return min(grants, key=lambda g: (g.unit.depth, g.unit.path)).unit
    if user.is_superuser:
        from dangvu.units.models import Unit

        return Unit.objects.filter(parent__isnull=True).order_by("id").first()
    member = getattr(user, "member", None)
    return member.unit if member else None
