import parvis.core.files
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('processes', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='process',
            name='image',
            field=models.ImageField(blank=True, upload_to=parvis.core.files.RandomName('processes'), verbose_name='image'),
        ),
    ]
