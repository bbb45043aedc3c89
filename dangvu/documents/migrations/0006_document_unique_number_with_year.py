from django.db import migrations, models


class Migration(migrations.Migration):
    """The uniqueness of a document's number with its year, after 0005 filled the year (a separate transaction on
    PostgreSQL, so the rows updated there carry no pending trigger events)."""

    dependencies = [
        ("documents", "0005_document_year_key"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                fields=("number_key", "symbol_key", "issuer_key", "term", "year_key"), name="document_unique_number"
            ),
        ),
    ]
