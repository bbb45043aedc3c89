"""The database itself refuses to change or remove audit entries.

SQLite and PostgreSQL both refuse UPDATE; PostgreSQL also refuses DELETE (TRUNCATE, used by
test flushes and restores, is not affected). On SQLite, DELETE is refused by the model layer.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON access_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_no_update;"]
POSTGRES = [
    """CREATE FUNCTION dangvu_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$;""",
    """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON access_auditentry
       FOR EACH ROW EXECUTE FUNCTION dangvu_audit_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_append_only ON access_auditentry;",
    "DROP FUNCTION IF EXISTS dangvu_audit_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
