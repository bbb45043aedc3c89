"""Background tasks of members (Django's Tasks API; the backend is chosen in settings.TASKS)."""

from django.tasks import task

from dangvu.members import tallies


@task
def refresh_tallies() -> dict:
    """Count the members of the large subtrees for their dashboards: queued every 15 minutes by
    `manage.py refresh_tallies` (docs/deploy.md)."""
    units = tallies.refresh()
    return {"units": [unit.code for unit in units]}
