"""PostgreSQL: let `path LIKE 'prefix%'` use an index whatever the database collation.

A portable b-tree index on the paths exists already (SQLite uses it for equality only; subtree
queries at bloc size are small). Under a non-C collation PostgreSQL needs pattern_ops for LIKE.
"""

from django.db import migrations

INDEXES = [
    ("units_unit_path_like", "units_unit"),
    ("units_unitversion_path_like", "units_unitversion"),
    ("access_auditentry_unit_path_like", "access_auditentry"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES:
        column = "unit_path" if table == "access_auditentry" else "path"
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} varchar_pattern_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial"), ("access", "0002_initial")]

    operations = [migrations.RunPython(create, drop)]
