"""On PostgreSQL, a trigram index behind the member search (`search_key LIKE '%…%'`).

Without it every search reads every member row: about 150 ms at a million members, over a second at the national
5.5 million (bench/RESULTS.md). With it, a search for a name that few members share reads only their rows. pg_trgm
ships with PostgreSQL's contrib and is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations

INDEX = "member_search_key_trgm"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(f"CREATE INDEX {INDEX} ON members_member USING gin (search_key gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_initial")]

    operations = [migrations.RunPython(add_index, drop_index)]
