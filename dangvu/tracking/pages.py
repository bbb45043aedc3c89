"""What every tracking page shares: the page context (badges, labels), form refusals, the access check."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from dangvu.access.roles import Action
from dangvu.access.scoping import has_any
from dangvu.tracking.forms import STATUS_CHOICES
from dangvu.tracking.models import ReportState
from dangvu.tracking.rules import Status

# site.css badge colours of the derived statuses and of report states.
STATUS_BADGES = {
    Status.NOT_STARTED: "",
    Status.IN_PROGRESS: "exempt",
    Status.OVERDUE: "overdue",
    Status.DONE_ON_TIME: "full",
    Status.DONE_LATE: "probationary",
    Status.CANCELLED: "closed",
}
REPORT_BADGES = {ReportState.SUBMITTED: "exempt", ReportState.ACCEPTED: "full", ReportState.RETURNED: "probationary"}


def render_page(request, template: str, context: dict, status: int = 200):
    context = {
        "nav_section": "tracking",
        "status_labels": STATUS_CHOICES,
        "status_badges": STATUS_BADGES,
        "report_badges": REPORT_BADGES,
        "report_states": ReportState.choices,
        **context,
    }
    return render(request, template, context, status=status)


def add_errors(form, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("You may not do this."))
    elif hasattr(error, "error_dict"):
        for name, found in error.message_dict.items():
            form.add_error(name if name in form.fields else None, found)
    else:
        form.add_error(None, error)


def attempt(form, perform: Callable[[], object]) -> bool:
    """Run the operation of a valid form; a refusal goes onto the form and nothing changes."""
    if not form.is_valid():
        return False
    try:
        perform()
    except (ValidationError, PermissionDenied) as error:
        add_errors(form, error)
        return False
    return True


def require_tracking(user) -> None:
    if not (has_any(user, Action.VIEW) or has_any(user, Action.REPORT)):
        raise Http404


def percent(rate: float | None) -> float | None:
    return None if rate is None else rate * 100
