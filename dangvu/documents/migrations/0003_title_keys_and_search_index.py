"""Fill the new title keys, and on PostgreSQL add the full-text index behind `documents.search`."""

from django.db import migrations

from dangvu.core.text import search_key
from dangvu.documents.rules import number_symbol, type_name

FTS_INDEX = "document_search_fts"


def fill_title_keys(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    documents = list(Document.objects.select_related("issuer_unit"))
    for d in documents:
        issuer = d.issuer_unit.name if d.issuer_unit_id else d.issuer_name
        d.title_key = search_key(
            type_name(d.type), number_symbol(d.number, d.symbol), d.subject, issuer, f"khoa {d.term}" if d.term else ""
        )
    Document.objects.bulk_update(documents, ["title_key"], batch_size=500)


def add_fts_index(apps, schema_editor):
    """PostgreSQL only: the GIN index behind `documents.search` (its expression is `search.SEARCH_VECTOR`)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {FTS_INDEX} ON documents_document "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_key, '')))"
        )


def drop_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FTS_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_citation_index")]

    operations = [
        migrations.RunPython(fill_title_keys, migrations.RunPython.noop),
        migrations.RunPython(add_fts_index, drop_fts_index),
    ]
