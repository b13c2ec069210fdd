from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_identity_fingerprint_version'),
    ]

    operations = [
        migrations.CreateModel(
            name='ThrottleCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=100, unique=True)),
                ('count', models.PositiveIntegerField(default=0)),
                ('expires_at', models.DateTimeField(db_index=True)),
            ],
            options={
                'verbose_name': 'compteur de limite de fréquence',
                'verbose_name_plural': 'compteurs de limite de fréquence',
            },
        ),
    ]
