from dangvu.access.roles import Action
from dangvu.access.scoping import has_any, roles
from dangvu.tracking import notifications


def navigation(request):
    """What the navigation shows; every page still checks access itself."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    can_track = has_any(user, Action.VIEW) or has_any(user, Action.REPORT)
    return {
        "nav_roles": sorted(r.label for r in roles(user)),
        "nav_can_view_units": has_any(user, Action.VIEW),
        "nav_can_audit": has_any(user, Action.VIEW_AUDIT),
        "nav_can_import": has_any(user, Action.IMPORT),
        "nav_can_manage_access": has_any(user, Action.MANAGE_ACCESS),
        "nav_can_track": can_track,
        "nav_meetings": has_any(user, Action.VIEW) or bool(getattr(user, "member_id", None)),
        "nav_awards": has_any(user, Action.VIEW),
        "nav_publishing": has_any(user, Action.CHANGE) or has_any(user, Action.CONVENE),
        "nav_unread": notifications.unread_count(user) if can_track else 0,
    }
