from django.db import migrations


def fill(apps, schema_editor):
    from dangvu.core.text import collation_key

    Unit = apps.get_model("units", "Unit")
    units = list(Unit.objects.only("pk", "name"))
    for unit in units:
        unit.sort_key = collation_key(unit.name)
    Unit.objects.bulk_update(units, ["sort_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("units", "0003_unit_sort_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
