"""Enqueue the day's reminders and e-mail digests; cron runs it once a day (docs/deploy.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from dangvu.tracking.tasks import daily_reminders


class Command(BaseCommand):
    help = "Queue today's deadline and reporting reminders and the daily e-mail digests."

    def handle(self, *args, **options):
        result = daily_reminders.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            figures = result.return_value
            self.stdout.write(
                self.style.SUCCESS(f"{figures['day']}: {figures['notices']} new notices, {figures['digests']} digests.")
            )
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(result.errors[-1].traceback if result.errors else "The reminders failed.")
        else:
            self.stdout.write(f"Queued as task {result.id}: a task worker runs it.")
