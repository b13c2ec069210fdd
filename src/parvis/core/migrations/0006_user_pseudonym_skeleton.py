"""The confusable skeleton of each pseudonym, to refuse look-alikes; computed for the
existing accounts."""

from django.db import migrations, models

from parvis.core.pseudonyms import skeleton

BATCH = 1000


def fill_skeletons(apps, schema_editor):
    User = apps.get_model("core", "User")
    batch = []
    for user in User.objects.only("pk", "pseudonym").iterator(chunk_size=BATCH):
        user.pseudonym_skeleton = skeleton(user.pseudonym)
        batch.append(user)
        if len(batch) == BATCH:
            User.objects.bulk_update(batch, ["pseudonym_skeleton"])
            batch = []
    User.objects.bulk_update(batch, ["pseudonym_skeleton"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_api_token_scopes_expiry_and_rate'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='pseudonym_skeleton',
            field=models.CharField(db_index=True, default='', editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop, elidable=True),
    ]
