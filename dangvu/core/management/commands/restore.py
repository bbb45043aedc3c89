"""`manage.py restore PATH`: a backup into a new, migrated, empty database (see dangvu.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from dangvu.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the current database, which must be migrated to the "
        "backup's migrations and hold no data, and into an empty MEDIA_ROOT. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `manage.py backup`")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database to restore into")

    def handle(self, *args, **options):
        try:
            result = restore_backup(Path(options["path"]), using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        for label, rows in result["tables"].items():
            if rows or options["verbosity"] > 1:
                self.stdout.write(f"{label}: {rows} rows")
        total = sum(result["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {total} rows in {len(result['tables'])} tables and {result['media_files']} uploaded files."
            )
        )
