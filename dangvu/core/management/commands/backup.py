"""`manage.py backup PATH`: the whole database and every uploaded file in one archive (see dangvu.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from dangvu.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the whole database and every uploaded file (MEDIA_ROOT) to one archive file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. dangvu-2026-11-29.zip")
        parser.add_argument("--force", action="store_true", help="replace the file if it exists")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database to back up")

    def handle(self, *args, **options):
        log = self.stdout.write if options["verbosity"] > 1 else (lambda _message: None)
        try:
            manifest = create_backup(Path(options["path"]), using=options["database"], force=options["force"], log=log)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {options['path']}: {len(manifest['tables'])} tables, {rows} rows, "
                f"{manifest['media_files']} uploaded files."
            )
        )
