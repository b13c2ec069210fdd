"""API tokens get scopes, an expiry and an hourly rate. Existing tokens keep the `read`
scope only (Open311 writes need a new token with open311:write) and expire after the
default lifetime, counted from this migration."""

import django.core.validators
from django.db import migrations, models

import parvis.core.models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_throttle_counters'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='scopes',
            field=models.CharField(default='read', help_text='Séparés par des espaces : read, open311:write.', max_length=200, verbose_name='droits'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(default=parvis.core.models.default_token_expiry, verbose_name='expire le'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='requests_per_hour',
            field=models.PositiveIntegerField(blank=True, help_text='Vide : la limite par défaut de la plateforme.', null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='requêtes par heure'),
        ),
    ]
