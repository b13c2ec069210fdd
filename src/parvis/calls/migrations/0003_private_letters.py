"""Letters of intent are stored in the private storage under random names; the files already
stored move out of the public media folder, where anyone could reach them."""

from django.db import migrations, models

import parvis.core.files
from parvis.core.files import field_mover


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0002_process_container'),
    ]

    operations = [
        migrations.AlterField(
            model_name='partner',
            name='letter',
            field=models.FileField(blank=True, storage=parvis.core.files.private_storage, upload_to=parvis.core.files.RandomName('calls/letters/%Y'), verbose_name="lettre d'intention (PDF)"),
        ),
        migrations.RunPython(field_mover("calls.Partner", "letter"),
                             field_mover("calls.Partner", "letter", to_private=False)),
    ]
