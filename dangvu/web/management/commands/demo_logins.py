"""`manage.py demo_logins`: the demo accounts, their password, role and unit."""

from django.core.management.base import BaseCommand

from dangvu.web import demo

HEADINGS = ("User name", "Password", "Role", "Unit")


class Command(BaseCommand):
    help = "Print the demo logins (run load_demo first)."

    def handle(self, *args, **options):
        rows = demo.login_rows()
        if not rows:
            self.stdout.write("No demo accounts: run `manage.py load_demo` first.")
            return
        widths = [max(len(str(row[i])) for row in (HEADINGS, *rows)) for i in range(len(HEADINGS))]
        self.stdout.write("Demo logins (http://127.0.0.1:8000/):")
        for row in (HEADINGS, tuple("-" * w for w in widths), *rows):
            self.stdout.write("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
