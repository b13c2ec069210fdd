"""The back office of panels: quota values that can add up to the panel's size, keys that
fit the category's source, and lists scoped to the panels one organises."""

import pytest
from django.urls import reverse

from parvis.core.models import Role


def category_form(category, changes=None, extra=None):
    """The change form of `category` with its values inline; `changes`: {value key: {field:
    new value}}; `extra`: a new value's fields."""
    values = list(category.values.all())
    data = {"panel": category.panel_id, "name": category.name, "key": category.key,
            "source": category.source, "position": category.position,
            "values-TOTAL_FORMS": str(len(values) + bool(extra)),
            "values-INITIAL_FORMS": str(len(values)),
            "values-MIN_NUM_FORMS": "0", "values-MAX_NUM_FORMS": "1000"}
    for number, value in enumerate(values):
        fields = {"id": value.pk, "category": category.pk, "label": value.label,
                  "key": value.key, "minimum": value.minimum, "maximum": value.maximum,
                  "position": value.position, **(changes or {}).get(value.key, {})}
        data.update({f"values-{number}-{name}": field for name, field in fields.items()})
    if extra:
        data.update({f"values-{len(values)}-{name}": field for name, field in
                     {"category": category.pk, "position": 9, **extra}.items()})
    return data


def change_url(category):
    return reverse("admin:panels_quotacategory_change", args=[category.pk])


def test_quota_values_are_edited_on_their_category(client, panel, organiser):
    genre = panel.categories.get(key="genre")
    client.force_login(organiser)
    response = client.post(change_url(genre), category_form(
        genre, {"autre": {"maximum": 2}},
        extra={"label": "Ne se prononce pas", "key": "nsp", "minimum": 0, "maximum": 1}))
    assert response.status_code == 302, response.content.decode()
    assert genre.values.get(key="autre").maximum == 2
    assert genre.values.filter(key="nsp").exists()
    client.post(change_url(genre), category_form(genre, {"nsp": {"DELETE": "on"}}))
    assert not genre.values.filter(key="nsp").exists()


@pytest.mark.parametrize(("category", "changes", "message"), [
    ("genre", {"femme": {"minimum": 3}, "homme": {"minimum": 2}},
     "Genre : la somme des minimums (5) dépasse la taille du panel (4)."),
    ("numerique", {"a-l-aise": {"maximum": 1}, "peu-a-l-aise": {"maximum": 2}},
     "Aisance numérique : la somme des maximums (3) est inférieure à la taille du panel (4)."),
    ("genre", {"femme": {"minimum": 3, "maximum": 2}},
     "Le maximum doit être supérieur ou égal au minimum."),
    ("age", {"65-": {"key": "65-plus"}}, "Pour une tranche d&#x27;âge, la clé s&#x27;écrit"),
    ("commune", {"pessac": {"key": "paris"}}, "Pour une commune, la clé est l&#x27;identifiant"),
])
def test_quotas_that_cannot_work_are_refused(client, panel, organiser, category, changes,
                                             message):
    category = panel.categories.get(key=category)
    before = list(category.values.values_list("key", "minimum", "maximum"))
    client.force_login(organiser)
    response = client.post(change_url(category), category_form(category, changes))
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert list(category.values.values_list("key", "minimum", "maximum")) == before


def test_the_size_must_fit_the_quotas(client, panel, organiser):
    client.force_login(organiser)
    url = reverse("admin:panels_panel_change", args=[panel.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"size": 9, "recruitment_closes_at_0": panel.recruitment_closes_at.date(),
                 "recruitment_closes_at_1": "12:00", "categories-TOTAL_FORMS": "0",
                 "categories-INITIAL_FORMS": "0", "workers_eligible": "on"})
    del data["recruitment_closes_at"]
    page = client.post(url, data).content.decode()
    assert "Commune : la somme des maximums (8) est inférieure à la taille du panel (9)." in page
    panel.refresh_from_db()
    assert panel.size == 4


def test_organisers_see_the_volunteers_of_their_panels_only(client, make_panel, make_volunteer,
                                                            make_user, make_staff, communes):
    mine, other = make_panel(), make_panel()
    mine.process.communes.set([communes["pessac"]])
    other.process.communes.set([communes["bordeaux"]])
    ours, theirs = make_volunteer(mine), make_volunteer(other)
    pessac = make_staff(Role.PROCESS_MANAGER, commune=communes["pessac"])
    client.force_login(pessac)
    page = client.get(reverse("admin:panels_volunteer_changelist")).content.decode()
    assert ours.pool_id in page and theirs.pool_id not in page
    assert client.get(reverse("admin:panels_volunteer_change", args=[theirs.pk])).status_code in (
        302, 404)
    assert client.get(reverse("admin:panels_panel_change", args=[other.pk])).status_code in (
        302, 404)
    assert client.get(reverse("admin:panels_volunteer_add")).status_code == 403
    citizen = make_user()
    client.force_login(citizen)
    assert client.get(reverse("admin:panels_volunteer_changelist")).status_code == 302
