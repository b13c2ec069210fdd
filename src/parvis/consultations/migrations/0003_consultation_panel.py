"""A consultation for a panel names the panel (a foreign key) instead of a free label.

A label written before panels existed is carried over when it is exactly the title of one
panel; otherwise the consultation keeps the PANEL audience without a panel (nobody answers
until a manager chooses it)."""

import django.db.models.deletion
from django.db import migrations, models


def link_labelled_panels(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    Panel = apps.get_model("panels", "Panel")
    for consultation in Consultation.objects.filter(audience="panel").exclude(panel_label=""):
        panels = list(Panel.objects.filter(title__iexact=consultation.panel_label.strip())[:2])
        if len(panels) == 1:
            consultation.panel = panels[0]
            consultation.save(update_fields=["panel"])


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0002_answer_rejected_at"),
        ("panels", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="panel",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="consultations", to="panels.panel", verbose_name="panel",
                help_text="Pour le public « un panel » : seuls ses membres actifs répondent.",
            ),
        ),
        migrations.RunPython(link_labelled_panels, migrations.RunPython.noop),
        migrations.RemoveField(model_name="consultation", name="panel_label"),
    ]
