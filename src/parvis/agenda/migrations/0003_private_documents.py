"""Event documents are stored in the private storage under random names; the files already
stored move out of the public media folder, where anyone could reach them."""

import django.core.validators
import parvis.agenda.models
from django.db import migrations, models

import parvis.core.files
from parvis.core.files import field_mover


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0002_registration_pending'),
    ]

    operations = [
        migrations.AlterField(
            model_name='eventdocument',
            name='file',
            field=models.FileField(help_text='PDF, ODT ou DOCX.', storage=parvis.core.files.private_storage, upload_to=parvis.core.files.RandomName('agenda'), validators=[django.core.validators.FileExtensionValidator(['pdf', 'odt', 'docx']), parvis.agenda.models.validate_document], verbose_name='fichier'),
        ),
        migrations.RunPython(field_mover("agenda.EventDocument", "file"),
                             field_mover("agenda.EventDocument", "file", to_private=False)),
    ]
