"""Background tasks of tracking (Django's Tasks API; the backend is chosen in settings.TASKS)."""

from django.tasks import task

from dangvu.access.scoping import today
from dangvu.tracking import notifications


@task
def daily_reminders() -> dict:
    """The day's reminders, then the e-mail digests: enqueued once a day by `manage.py send_reminders`."""
    day = today()
    created = notifications.remind(day)
    sent = notifications.send_digests(day)
    return {"day": day.isoformat(), "notices": created, "digests": sent}
