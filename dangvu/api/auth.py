"""Who is calling the API: a bearer token or the browser's session, checked by ninja before every operation.

Both resolve to a `User`, and every endpoint then reads through the same scoping gate
(`visible_to`) with that user. Session calls that change data must carry the CSRF token.
"""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from dangvu.access.models import ApiToken
from dangvu.access.operations import hash_key


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` matched against the stored hash of a token that is not revoked."""

    def authenticate(self, request, token: str):
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        # Bookkeeping, not domain data: no audit entry for "token was used".
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; CSRF is checked (on unsafe methods) only when there is a session user.

    Without a logged-in user the request falls through to 401 rather than a misleading CSRF error.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


API_AUTH = [TokenAuth(), SessionAuth()]


def authenticated_user(request):
    """The user of a request to a view outside ninja's operations (the schema), or None."""
    for method in API_AUTH:
        user = method(request)
        if user:
            return user
    return None


def api_login_required(view):
    """For the schema views: a token or a session is needed; anything else gets a 401 JSON answer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if authenticated_user(request) is None:
            return JsonResponse({"detail": _("Log in or send an API token.")}, status=401)
        return view(request, *args, **kwargs)

    return wrapped
