from django.db import migrations

from parvis.footprint.factors import install


def load_shipped_factors(apps, schema_editor):
    """The ADEME factors shipped with Parvis, unless that version is already stored."""
    install(apps.get_model("footprint", "EmissionFactor"))


class Migration(migrations.Migration):
    dependencies = [("footprint", "0001_footprint")]

    operations = [migrations.RunPython(load_shipped_factors, migrations.RunPython.noop)]
