"""Login throttling: too many recent failures for one user name refuse further attempts for a while."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from dangvu.access.models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked(username: str) -> bool:
    recent = LoginFailure.objects.filter(username=username.lower(), at__gte=_window_start())
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
