from django.db import migrations

from parvis.footprint.factors import shipped


def load_shipped_factors(apps, schema_editor):
    """The ADEME factors shipped with Parvis, unless that version is already stored."""
    EmissionFactor = apps.get_model("footprint", "EmissionFactor")
    for fields in shipped():
        EmissionFactor.objects.get_or_create(category=fields["category"],
                                             version=fields["version"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("footprint", "0001_footprint")]

    operations = [migrations.RunPython(load_shipped_factors, migrations.RunPython.noop)]
