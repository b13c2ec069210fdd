"""The agenda's open dataset: the published public events."""

import csv
import io

import pytest
from django.urls import reverse

from parvis.agenda.models import Event

pytestmark = pytest.mark.django_db


def test_published_public_events_only(client, make_event):
    shown = make_event(title="Atelier vélo")
    make_event(title="Brouillon", is_published=False)
    response = client.get(reverse("agenda:export_csv"))
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["titre"] for row in rows] == ["Atelier vélo"]
    assert rows[0]["identifiant"] == shown.slug
    assert rows[0]["url"].endswith(shown.get_absolute_url())
    assert Event.objects.count() == 2
