"""`manage.py load_demo [--fresh]`: load the demo bloc (units, ~3,000 members, committees, accounts)."""

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dangvu.web import demo


class Command(BaseCommand):
    help = "Load the demo data: a provincial bloc committee with its units, members, committees and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--fresh", action="store_true", help="Empty the database first (flush), then load.")

    def handle(self, *args, fresh: bool = False, **options):
        if fresh:
            call_command("flush", interactive=False, verbosity=0)
        elif demo.is_loaded():
            self.stdout.write("Demo data already loaded.")
            return
        try:
            summary = demo.load()
        except ValidationError as error:
            raise CommandError(f"The database holds other data ({error}); load the demo into an empty one.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {summary.units} units, {summary.members} members, {summary.users} users, "
                f"{summary.documents} documents, {summary.tasks} tasks, {summary.assignments} assignments, "
                f"{summary.reports} progress reports, {summary.meetings} meetings, {summary.ratings} quality ratings, "
                f"{summary.awards} awards and {summary.badges} party badges in {summary.seconds:.1f} s."
            )
        )
