"""Project images get random names; the published ballots files move to the private storage
(the results pages serve them to whom may see the results)."""

from django.core.files.storage import storages
from django.db import migrations, models

import parvis.core.files
from parvis.core.files import move_files

BALLOTS_FOLDER = "budgets/bulletins"


def ballot_files(storage):
    try:
        return [f"{BALLOTS_FOLDER}/{name}" for name in storage.listdir(BALLOTS_FOLDER)[1]]
    except FileNotFoundError:
        return []


def to_private(apps, schema_editor):
    move_files(ballot_files(storages["default"]), storages["default"], storages["private"])


def to_public(apps, schema_editor):
    move_files(ballot_files(storages["private"]), storages["private"], storages["default"])


class Migration(migrations.Migration):

    dependencies = [
        ('budgets', '0003_process_container'),
    ]

    operations = [
        migrations.AlterField(
            model_name='project',
            name='image',
            field=models.ImageField(blank=True, upload_to=parvis.core.files.RandomName('budgets/%Y/%m'), verbose_name='image'),
        ),
        migrations.AlterField(
            model_name='project',
            name='thumbnail',
            field=models.ImageField(blank=True, upload_to=parvis.core.files.RandomName('budgets/%Y/%m'), verbose_name='vignette'),
        ),
        migrations.RunPython(to_private, to_public),
    ]
