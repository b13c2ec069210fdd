"""Copies of accepted loan conventions are stored in the private storage under random names; the files already
stored move out of the public media folder, where anyone could reach them."""

from django.db import migrations, models

import parvis.core.files
from parvis.core.files import field_mover


class Migration(migrations.Migration):

    dependencies = [
        ('lending', '0001_lending'),
    ]

    operations = [
        migrations.AlterField(
            model_name='conventionacceptance',
            name='pdf',
            field=models.FileField(blank=True, storage=parvis.core.files.private_storage, upload_to=parvis.core.files.RandomName('lending/conventions'), verbose_name='copie PDF'),
        ),
        migrations.RunPython(field_mover("lending.ConventionAcceptance", "pdf"),
                             field_mover("lending.ConventionAcceptance", "pdf", to_private=False)),
    ]
