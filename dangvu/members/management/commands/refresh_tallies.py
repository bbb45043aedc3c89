"""Queue the count of the members of the large subtrees; cron runs it every 15 minutes (docs/deploy.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from dangvu.members.tasks import refresh_tallies


class Command(BaseCommand):
    help = "Count the members of the root and of the units below it that hold many, for their dashboards."

    def handle(self, *args, **options):
        result = refresh_tallies.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            units = result.return_value["units"]
            self.stdout.write(self.style.SUCCESS(f"{len(units)} units tallied: {', '.join(units) or '-'}."))
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(result.errors[-1].traceback if result.errors else "The count failed.")
        else:
            self.stdout.write(f"Queued as task {result.id}: a task worker runs it.")
