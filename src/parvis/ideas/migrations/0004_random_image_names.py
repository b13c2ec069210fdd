import parvis.core.files
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0003_process_container'),
    ]

    operations = [
        migrations.AlterField(
            model_name='idea',
            name='image',
            field=models.ImageField(blank=True, upload_to=parvis.core.files.RandomName('ideas/%Y/%m'), verbose_name='image'),
        ),
        migrations.AlterField(
            model_name='idea',
            name='thumbnail',
            field=models.ImageField(blank=True, upload_to=parvis.core.files.RandomName('ideas/%Y/%m'), verbose_name='vignette'),
        ),
    ]
