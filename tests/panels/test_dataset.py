"""The open dataset of the panels' composition: counts per quota value, no profile."""

import csv
import io

from django.urls import reverse

from parvis.panels.datasets import COMPOSITION
from parvis.panels.models import Member, PanelStatus, Volunteer, VolunteerStatus
from tests.opendata import table_schema
from tests.opendata.conftest import streamed


def composition(client) -> dict:
    content = streamed(client.get(reverse("panels:composition_csv")))
    return {(row["panel"], row["categorie"], row["valeur"]): row
            for row in csv.DictReader(io.StringIO(content))}, content


def test_volunteers_and_active_members_are_counted_per_quota_value(client, drawn_panel,
                                                                   make_volunteer):
    make_volunteer(drawn_panel, status=VolunteerStatus.WITHDRAWN, commune="pessac")
    rows, content = composition(client)
    members = list(Member.objects.filter(panel=drawn_panel).select_related("volunteer"))
    for category in ("commune", "age", "genre"):
        for value in drawn_panel.categories.get(key=category).values.all():
            row = rows[drawn_panel.slug, category, value.key]
            assert int(row["membres"]) == sum(
                member.volunteer.profile[category] == value.key for member in members)
    assert rows[drawn_panel.slug, "commune", "pessac"]["volontaires"] == "2"  # not withdrawn
    assert sum(int(row["membres"]) for key, row in rows.items() if key[1] == "commune") == 4
    pool_ids = Volunteer.objects.values_list("pool_id", flat=True)
    assert not any(pool_id in content for pool_id in pool_ids)
    members[0].withdrawn_at = members[0].joined_at
    members[0].save()
    rows, _content = composition(client)
    assert sum(int(row["membres"]) for key, row in rows.items() if key[1] == "commune") == 3


def test_panels_in_preparation_are_left_out_and_the_schema_holds(client, drawn_panel,
                                                                 make_panel):
    draft = make_panel(status=PanelStatus.DRAFT)
    rows, content = composition(client)
    assert {key[0] for key in rows} == {drawn_panel.slug} and draft.slug not in content
    schema = client.get(reverse("opendata:schema", args=[COMPOSITION.slug])).json()
    assert table_schema.descriptor_errors(schema) == []
    assert table_schema.errors(schema, content) == []
