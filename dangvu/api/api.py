"""The JSON API at /api/: units, members, tracking, meetings and awards over the same querysets and operations as the web pages.

Every operation authenticates with a bearer token or the browser session (`auth.API_AUTH`), reads
through `visible_to`, and writes only through `operations`. Errors answer JSON in the request's
language: 401 unauthenticated, 403 refused, 404 outside one's scope, 412 changed since the `If-Match` state,
422 invalid input.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError

from dangvu.access.audit import StaleState
from dangvu.api.auth import API_AUTH, api_login_required
from dangvu.api.awards import router as awards_router
from dangvu.api.meetings import router as meetings_router
from dangvu.api.members import router as members_router
from dangvu.api.tracking import router as tracking_router
from dangvu.api.units import router as units_router


class DangvuAPI(NinjaAPI):
    @property
    def urls(self):
        """The API's URLs, exempt from the login redirect: ninja's own auth answers 401 JSON instead.

        The HTML docs page stays behind the login page, since only a browser opens it.
        """
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if getattr(pattern, "name", None) != "openapi-view" and hasattr(pattern, "callback"):
                login_not_required(pattern.callback)
        return patterns, app_name, namespace


api = DangvuAPI(
    title="dangvu API",
    version="1",
    description=(
        "Units, members, implementation tracking, meetings, ratings and awards of the party organisation, within the "
        "caller's scope."
    ),
    openapi_url="/schema",
    docs_url="/docs",
    docs_decorator=api_login_required,
    urls_namespace="api",
    auth=API_AUTH,
)
api.add_router("/units", units_router)
api.add_router("/members", members_router)
api.add_router("/tracking", tracking_router)
api.add_router("/meetings", meetings_router)
api.add_router("/awards", awards_router)


def problems(error: DjangoValidationError) -> list[dict]:
    """A ValidationError from an operation as ninja-style problems: field errors point at the body field."""
    if hasattr(error, "error_dict"):
        return [
            {"loc": ["body"] if field == NON_FIELD_ERRORS else ["body", field], "msg": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"loc": ["body"], "msg": message} for message in error.messages]


@api.exception_handler(DjangoValidationError)
def refused_input(request, exc: DjangoValidationError):
    return api.create_response(request, {"detail": problems(exc)}, status=422)


@api.exception_handler(StaleState)
def stale_state(request, exc: StaleState):
    """An `If-Match` that no longer matches: someone else saved the record first; nothing was written."""
    return api.create_response(request, {"detail": exc.messages[0]}, status=412)


def _input_message(error: dict) -> str:
    """Pydantic's English message for the common cases, in the request's language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This value is required.")
    if kind.startswith("date_"):
        return _("The date must be written as YYYY-MM-DD.")
    if kind.startswith("int_"):
        return _("The value must be a whole number.")
    if kind.startswith("bool_"):
        return _("The value must be true or false.")
    if kind in {"enum", "literal_error"}:
        # pydantic lists the choices as "'a', 'b' or 'c'"; drop its English "or".
        values = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("The value must be one of: %(values)s.") % {"values": values}
    if kind == "string_too_long":
        return _("The text must not be longer than %(count)s characters.") % {"count": ctx.get("max_length", "")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("The number must be at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt", ""))}
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return error.get("msg", "")


@api.exception_handler(InputError)
def invalid_input(request, exc: InputError):
    detail = [{"loc": list(error.get("loc", [])), "msg": _input_message(error)} for error in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def refused(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or _("You do not have permission to do this.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": _("Not found, or not within your scope.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 401:
        message = _("Log in or send an API token.")
    elif exc.status_code == 403:
        # The only 403 ninja raises itself here is the session's CSRF check.
        message = _("The CSRF token is missing or incorrect.")
    else:
        message = str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)
