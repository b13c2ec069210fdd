import parvis.core.files
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='photo',
            field=models.ImageField(blank=True, upload_to=parvis.core.files.RandomName('reports/%Y/%m'), verbose_name='photo'),
        ),
        migrations.AlterField(
            model_name='report',
            name='thumbnail',
            field=models.ImageField(blank=True, upload_to=parvis.core.files.RandomName('reports/%Y/%m'), verbose_name='vignette'),
        ),
    ]
