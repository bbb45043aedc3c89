"""`manage.py backup` and `manage.py restore`: a round trip through a second, freshly migrated database.

The backup is taken in the test's own database; the restore runs as `manage.py` in a subprocess pointed at a
second database (a new SQLite file, or a scratch PostgreSQL database on the same server), exactly as an
administrator would run it. Rows are then compared table by table, as text, between the two databases.
"""

import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.core.backup import MANIFEST, dumped_models
from dangvu.documents.operations import attach_file
from dangvu.documents.tests.factories import make_document
from dangvu.documents.tests.test_rules import docx_bytes
from dangvu.members.operations import update_member
from dangvu.members.tests.factories import make_member
from dangvu.units.models import Unit
from dangvu.units.tests.factories import Tree, merge_a_and_b

ROOT = Path(__file__).resolve().parents[3]
PHOTO = bytes(range(256)) * 40  # binary content, every byte value


@pytest.fixture
def world(settings, tmp_path):
    """A small committee: a restructured unit tree, members (one edited), a user in a group, a document and files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    tree = Tree()
    # The merged committees' cells now hang under a unit created after them: parents with higher ids.
    merge_a_and_b(tree, date(2025, 7, 1))
    member = make_member(tree.a1, "Trần Thị Bình", gender="female", birth_date=date(1985, 3, 8))
    make_member(tree.b1, "Lê Văn Cường")
    update_member(None, member, reason="Cập nhật quê quán", hometown="Yên Sơn, Tuyên Quang")
    user = make_user("secretary", tree.a, member=member, full_name="Trần Thị Bình")
    user.groups.add(Group.objects.create(name="Văn phòng"))
    document = make_document()
    attach_file(None, document, SimpleUploadedFile("kl21.docx", docx_bytes("Kiên quyết ngăn chặn suy thoái")))
    photo = settings.MEDIA_ROOT / "news" / "2026" / "11" / "hội nghị.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTO)
    assert AuditEntry.objects.filter(action="update", object_type="members.member").exists()
    assert Unit.objects.filter(parent_id__gt=models.F("id")).exists()
    return tree


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _pk_columns() -> dict[str, str]:
    return {m._meta.db_table: m._meta.pk.column for m in dumped_models()}


def _sqlite_rows(cursor, table: str, pk: str) -> list[tuple]:
    columns = [row[1] for row in cursor.execute(f'PRAGMA table_info("{table}")').fetchall()]
    select = ", ".join(f'quote("{c}")' for c in columns)
    return [tuple(row) for row in cursor.execute(f'SELECT {select} FROM "{table}" ORDER BY "{pk}"').fetchall()]


def _postgres_rows(cursor, table: str, pk: str) -> list[tuple]:
    cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" AS t ORDER BY "{pk}"')
    return [tuple(row) for row in cursor.fetchall()]


def _all_rows(cursor, vendor: str) -> dict[str, list[tuple]]:
    read = _sqlite_rows if vendor == "sqlite" else _postgres_rows
    return {table: read(cursor, table, pk) for table, pk in sorted(_pk_columns().items())}


def _source_rows() -> dict[str, list[tuple]]:
    if connection.vendor == "sqlite":
        return _all_rows(connection.connection.cursor(), "sqlite")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        return _all_rows(cursor, "postgresql")


class SecondDatabase:
    """A new database of the test's vendor, reached by `manage.py` subprocesses through the environment."""

    def __init__(self, tmp_path: Path) -> None:
        self.vendor = connection.vendor
        self.media = tmp_path / "restored-media"
        self.env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DANGVU_SQLITE_PATH"}}
        self.env["DANGVU_MEDIA_ROOT"] = str(self.media)
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.env["DANGVU_SQLITE_PATH"] = str(self.path)
        else:
            s = connection.settings_dict
            self.server = {"user": s["USER"], "password": s["PASSWORD"], "host": s["HOST"], "port": s["PORT"]}
            self.name = f"{s['NAME']}_restore"
            password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
            self.env["DATABASE_URL"] = f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{self.name}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"')

    def _connect(self, dbname: str, **options):
        import psycopg

        params = {k: v for k, v in self.server.items() if v}
        return psycopg.connect(dbname=dbname, **params, **options)

    def _admin(self, *statements: str) -> None:
        with self._connect("postgres", autocommit=True) as admin:
            for statement in statements:
                admin.execute(statement)

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )

    def rows(self) -> dict[str, list[tuple]]:
        if self.vendor == "sqlite":
            import sqlite3

            with sqlite3.connect(self.path) as db:
                return _all_rows(db.cursor(), "sqlite")
        with self._connect(self.name, options="-c TimeZone=UTC") as db, db.cursor() as cursor:
            return _all_rows(cursor, "postgresql")


@pytest.fixture
def second_database(tmp_path):
    database = SecondDatabase(tmp_path)
    yield database
    database.drop()


@pytest.mark.django_db
def test_a_backup_restores_every_row_and_file_into_a_new_database(world, settings, tmp_path, second_database):
    archive = tmp_path / "dangvu.zip"
    call_command("backup", str(archive))
    before, files = _source_rows(), _files(settings.MEDIA_ROOT)
    assert before["access_auditentry"] and before["units_unit"] and before["access_user_groups"]
    assert "news/2026/11/hội nghị.jpg" in files and any(name.startswith("documents/") for name in files)

    migrated = second_database.manage("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    restored = second_database.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert f"units.unit: {len(before['units_unit'])} rows" in restored.stdout
    assert f"and {len(files)} uploaded files" in restored.stdout

    assert second_database.rows() == before  # content types and permissions keep their original ids too
    assert _files(second_database.media) == files

    # Restoring again into the now full database is refused and changes nothing.
    again = second_database.manage("restore", str(archive))
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr
    assert second_database.rows() == before

    # Work goes on after the restore: new rows get new ids (PostgreSQL's sequences were moved past the old ones).
    created = second_database.manage(
        "shell",
        "-c",
        "from dangvu.units.tests.factories import make_unit; print(make_unit('Chi bộ mới', code='MOI').pk)",
    )
    assert created.returncode == 0, created.stderr
    assert int(created.stdout.split()[-1]) > max(_unit_ids(archive))


def _unit_ids(archive: Path) -> list[int]:
    with zipfile.ZipFile(archive) as z:
        return [json.loads(line)["pk"] for line in z.read("data/units.unit.jsonl").decode().splitlines()]


@pytest.mark.django_db
def test_restore_into_a_database_holding_data_is_refused_and_changes_nothing(world, settings, tmp_path):
    archive = tmp_path / "dangvu.zip"
    call_command("backup", str(archive))
    before, files = _source_rows(), _files(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match="The database is not empty.*units.unit"):
        call_command("restore", str(archive))
    assert _source_rows() == before
    assert _files(settings.MEDIA_ROOT) == files


@pytest.mark.django_db
def test_a_backup_never_overwrites_an_existing_file_unless_forced(world, tmp_path):
    archive = tmp_path / "dangvu.zip"
    archive.write_bytes(b"last week's backup")
    with pytest.raises(CommandError, match="already exists.*--force"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"last week's backup"

    call_command("backup", str(archive), "--force")
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read(MANIFEST))
    assert manifest["tables"]["units.unit"]["rows"] == Unit.objects.count()
    assert manifest["database_vendor"] == connection.vendor
    assert all(len(manifest["migrations"][app]) == 1 for app in ("access", "units", "members", "documents"))
    assert manifest["media_files"] == 2


@pytest.mark.django_db
def test_restore_refuses_a_backup_from_other_migrations_and_names_the_app(world, settings, tmp_path):
    archive, altered = tmp_path / "dangvu.zip", tmp_path / "older.zip"
    call_command("backup", str(archive))
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(altered, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == MANIFEST:
                manifest = json.loads(content)
                manifest["migrations"]["members"] = ["0001_initial"]
                content = json.dumps(manifest).encode()
            target.writestr(item, content)
    before = _source_rows()
    with pytest.raises(CommandError, match=r"migrations differ.*members: backup 0001_initial.*manage.py migrate"):
        call_command("restore", str(altered))
    assert _source_rows() == before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.zip"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="not a dangvu backup"):
        call_command("restore", str(not_a_backup))
