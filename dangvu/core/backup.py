"""Back up and restore the whole database and the uploaded files as one archive.

The archive is a ZIP file (Python's own `zipfile`, nothing to install, readable with any unzip tool):
unlike a .tar.gz it has a central directory, so a restore reads the manifest and then each table's member
directly, without unpacking everything first, and every member carries a CRC that is checked on reading.
Members:

- `manifest.json`: format and version, when it was made, the database vendor, the migrations applied per app
  (the latest ones: a restore needs the same schema) and the rows written per table;
- `data/<app_label>.<model_name>.jsonl`: one JSON object per row, one table per member (many-to-many
  tables included), written row by row from a database iterator, never the whole table in memory;
- `media/<path>`: every file under MEDIA_ROOT, as stored.

Rows are written with Django's serializer (primary keys kept, foreign keys as ids), so the dump does not
depend on the database vendor: a backup taken on SQLite restores on PostgreSQL and the other way round.
Date-times keep their microseconds (Django's JSON encoder would cut them to milliseconds).

A restore goes into a migrated, empty database in one transaction: the rows `migrate` itself creates (content
types, permissions) are replaced by the backup's, with their original ids; every other row is inserted as it
was, referenced tables first, foreign key checks deferred to the commit (self-references and cycles need
that), audit entries inserted, never updated. PostgreSQL sequences are then moved past the restored ids.
"""

import datetime
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "dangvu-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"
MEDIA_PREFIX = "media/"
# Tables `migrate` fills by itself (post_migrate): replaced by the backup's rows on restore.
CREATED_BY_MIGRATE = ("auth.permission", "contenttypes.contenttype")
CHUNK = 2000

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused, with a message for the administrator."""


def _nothing(_message: str) -> None:
    pass


# --- What is dumped, and in which order ---------------------------------------------------------------------------


def dumped_models() -> list[type[models.Model]]:
    """Every table-backed model of every installed app (many-to-many tables too), referenced tables first."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in {m._meta.db_table for m in found.values()}:
            continue
        found[meta.label_lower] = model
    return _referenced_first(found)


def _referenced_first(found: dict[str, type[models.Model]]) -> list[type[models.Model]]:
    """Topological order on foreign keys; self-references and cycles are left to the deferred checks."""
    needs = {
        label: {
            field.related_model._meta.concrete_model._meta.label_lower
            for field in model._meta.local_fields
            if field.is_relation and field.related_model is not None
        }
        & (found.keys() - {label})
        for label, model in found.items()
    }
    ordered: list[str] = []
    done: set[str] = set()
    while len(ordered) < len(found):
        ready = sorted(label for label in found if label not in done and needs[label] <= done)
        if not ready:  # a cycle: take the rest in name order
            ready = sorted(found.keys() - done)
        ordered.extend(ready)
        done.update(ready)
    return [found[label] for label in ordered]


def _member_name(model: type[models.Model]) -> str:
    return f"{DATA_PREFIX}{model._meta.label_lower}.jsonl"


def migration_state(using: str = "default") -> dict[str, list[str]]:
    """Per app, the latest applied migrations (those no other applied migration of the app depends on)."""
    connection = connections[using]
    applied = set(MigrationRecorder(connection).applied_migrations())
    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        node = graph.node_map.get((app_label, name))
        children = {child.key for child in node.children} if node is not None else set()
        if not any(child[0] == app_label and child in applied for child in children):
            state.setdefault(app_label, []).append(name)
    return state


def _differences(backup: dict[str, list[str]], current: dict[str, list[str]]) -> list[str]:
    return [
        f"{app}: backup {', '.join(backup.get(app, [])) or 'not migrated'}, "
        f"database {', '.join(current.get(app, [])) or 'not migrated'}"
        for app in sorted(backup.keys() | current.keys())
        if sorted(backup.get(app, [])) != sorted(current.get(app, []))
    ]


# --- Rows as JSON lines ------------------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but date-times and times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _LineSerializer(PythonSerializer):
    """Django's python serializer writing each object as one JSON line to the stream instead of a list."""

    def start_serialization(self):
        super().start_serialization()
        self.rows = 0

    def end_object(self, obj):
        self.stream.write(json.dumps(self.get_dump_object(obj), cls=_Encoder, ensure_ascii=False) + "\n")
        self.rows += 1
        self._current = None

    def getvalue(self):
        return None


def _concrete_field_names(model: type[models.Model]) -> list[str]:
    # Many-to-many fields are left out: their tables are dumped as models of their own.
    return [f.name for f in model._meta.local_fields if f.serialize]


def _lines(member) -> Iterator[dict]:
    for raw in member:
        line = raw.decode("utf-8").strip()
        if line:
            yield json.loads(line)


# --- Media files -------------------------------------------------------------------------------------------------


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file())


def _media_target(media_root: Path, member: str) -> Path:
    """Where a `media/…` member goes; refuses names that would escape MEDIA_ROOT."""
    relative = PurePosixPath(member.removeprefix(MEDIA_PREFIX))
    if relative.is_absolute() or not relative.parts or any(part in {"", ".", ".."} for part in relative.parts):
        raise BackupError(f"The archive holds a file with an unsafe name: {member!r}.")
    return media_root.joinpath(*relative.parts)


# --- Backup ------------------------------------------------------------------------------------------------------


def create_backup(path: Path, *, using: str = "default", force: bool = False, log: Log = _nothing) -> dict:
    """Write the database and MEDIA_ROOT to the archive `path`; returns the manifest."""
    path = Path(path).absolute()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if path.exists() and not force:
        raise BackupError(f"{path} already exists; choose another file name or pass --force to replace it.")
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give the name of the archive file to write.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    if path.is_relative_to(media_root):
        raise BackupError(f"Write the backup outside MEDIA_ROOT ({media_root}), or it would contain itself.")

    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        # Owner-only: the archive holds personal data and password hashes.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(fd, "wb") as raw,
            zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        ):
            manifest = _write_archive(archive, using, media_root, log)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _write_archive(archive: zipfile.ZipFile, using: str, media_root: Path, log: Log) -> dict:
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table (only possible as the transaction's first statement).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        tables = {}
        for model in dumped_models():
            queryset = model._base_manager.using(using).order_by("pk")
            with archive.open(_member_name(model), "w", force_zip64=True) as member:
                stream = _TextSink(member)
                serializer = _LineSerializer()
                serializer.serialize(
                    queryset.iterator(chunk_size=CHUNK), stream=stream, fields=_concrete_field_names(model)
                )
            tables[model._meta.label_lower] = {"table": model._meta.db_table, "rows": serializer.rows}
            log(f"{model._meta.label_lower}: {serializer.rows} rows")
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migration_state(using),
            "tables": tables,
        }
    files = _media_files(media_root)
    for file in files:
        archive.write(file, MEDIA_PREFIX + file.relative_to(media_root).as_posix())
    manifest["media_files"] = len(files)
    log(f"{len(files)} uploaded files")
    archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


class _TextSink:
    """A text stream over a binary ZIP member (the serializer writes str)."""

    def __init__(self, member) -> None:
        self.member = member

    def write(self, text: str) -> None:
        self.member.write(text.encode("utf-8"))


# --- Restore -----------------------------------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as error:
        raise BackupError("This is not a dangvu backup: it has no manifest.json.") from error
    except ValueError as error:
        raise BackupError(f"The backup's manifest.json is not valid JSON: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This is not a dangvu backup: its manifest names another format.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This backup has format version {manifest.get('format_version')}; "
            f"this version of dangvu reads version {FORMAT_VERSION}."
        )
    return manifest


def _open_archive(path: Path) -> zipfile.ZipFile:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BackupError(f"{path} is not a dangvu backup (not a ZIP archive).") from error


def restore_backup(path: Path, *, using: str = "default", log: Log = _nothing) -> dict:
    """Restore the archive `path` into the current, migrated and empty database and MEDIA_ROOT.

    Returns {"tables": {label: rows}, "media_files": n}. Refuses (BackupError) before writing anything when the
    migrations differ from the backup's, when a table holds data or when MEDIA_ROOT holds files.
    """
    media_root = Path(settings.MEDIA_ROOT).absolute()
    with _open_archive(path) as archive:
        manifest = read_manifest(archive)
        models_in_order = _check_restorable(archive, manifest, using, media_root)
        written: list[Path] = []
        try:
            with transaction.atomic(using=using):
                tables = _load_rows(archive, manifest, models_in_order, using, log)
                written = _extract_media(archive, media_root, log)
        except BaseException:
            for file in written:
                file.unlink(missing_ok=True)
            raise
        finally:
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()
    return {"tables": tables, "media_files": len(written)}


def _check_restorable(archive: zipfile.ZipFile, manifest: dict, using: str, media_root: Path) -> list:
    current = migration_state(using)
    differences = _differences(manifest.get("migrations") or {}, current)
    if differences:
        raise BackupError(
            "The database's migrations differ from the backup's: "
            + "; ".join(differences)
            + ". Install the dangvu version the backup was taken with and run `manage.py migrate` "
            "so that the migrations match, then restore."
        )
    models_in_order = dumped_models()
    known = {m._meta.label_lower for m in models_in_order}
    unknown = sorted(set(manifest.get("tables") or {}) - known)
    if unknown:
        raise BackupError(f"The backup holds tables this installation does not have: {', '.join(unknown)}.")
    names = set(archive.namelist())
    missing = sorted(label for label in manifest["tables"] if f"{DATA_PREFIX}{label}.jsonl" not in names)
    if missing:
        raise BackupError(f"The backup is incomplete: no data for {', '.join(missing)}.")
    holding = [
        m._meta.label_lower
        for m in models_in_order
        if m._meta.label_lower not in CREATED_BY_MIGRATE and m._base_manager.using(using).exists()
    ]
    if holding:
        raise BackupError(
            "The database is not empty (these tables hold rows: "
            + ", ".join(holding)
            + "). Restore only into a new database on which `manage.py migrate` has just been run."
        )
    present = _media_files(media_root)
    if present:
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) already holds {len(present)} files; restore into an empty folder."
        )
    for member in names:
        if member.startswith(MEDIA_PREFIX) and not member.endswith("/"):
            _media_target(media_root, member)
    return models_in_order


def _load_rows(archive: zipfile.ZipFile, manifest: dict, models_in_order: list, using: str, log: Log) -> dict:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    by_label = {m._meta.label_lower: m for m in models_in_order}
    with connection.cursor() as cursor:
        for label in CREATED_BY_MIGRATE:  # permissions first: they point at content types
            if label in by_label and label in manifest["tables"]:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(by_label[label]._meta.db_table)}")
    restored: dict[str, int] = {}
    for model in models_in_order:
        label = model._meta.label_lower
        if label not in manifest["tables"]:
            continue
        rows = 0
        with archive.open(_member_name(model)) as member:
            for item in PythonDeserializer(_lines(member), using=using):
                # A raw INSERT with the original id: no signals' side effects, no auto_now, never an UPDATE
                # (the audit log refuses updates).
                models.Model.save_base(item.object, using=using, raw=True, force_insert=True)
                rows += 1
        expected = manifest["tables"][label].get("rows")
        if rows != expected:
            raise BackupError(f"The backup is damaged: {label} has {rows} rows, the manifest says {expected}.")
        restored[label] = rows
        log(f"{label}: {rows} rows restored")
    statements = connection.ops.sequence_reset_sql(no_style(), models_in_order)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    if connection.vendor == "sqlite":
        connection.check_constraints()  # a clear error now rather than a failed commit
    return restored


def _extract_media(archive: zipfile.ZipFile, media_root: Path, log: Log) -> list[Path]:
    written: list[Path] = []
    try:
        for info in archive.infolist():
            if not info.filename.startswith(MEDIA_PREFIX) or info.is_dir():
                continue
            target = _media_target(media_root, info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "xb") as out:
                written.append(target)
                while chunk := source.read(1 << 20):
                    out.write(chunk)
    except BaseException:
        for file in written:
            file.unlink(missing_ok=True)
        raise
    log(f"{len(written)} uploaded files restored")
    return written
