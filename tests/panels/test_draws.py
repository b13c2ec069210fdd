"""Draws through the organisers' page: the seed published first (pool and quotas frozen and
public), then the draw as a separate step, the members, the volunteers told; the public
downloads re-run to the same panel; impossible quotas explained; replacement draws."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parvis.core import tasks
from parvis.core.models import AuditEntry
from parvis.notifications.models import Notification
from parvis.panels import draws, sortition
from parvis.panels.cli import main as cli
from parvis.panels.models import Draw, DrawKind, PanelStatus, VolunteerStatus
from tests.panels.conftest import POOL_PROFILES, QUOTAS, close_recruitment


@pytest.fixture
def recruited(panel, make_volunteer):
    """`panel` with the POOL_PROFILES volunteers (and one ineligible), its call closed."""
    for profile in POOL_PROFILES:
        make_volunteer(panel, **profile)
    make_volunteer(panel, status=VolunteerStatus.INELIGIBLE)
    close_recruitment(panel)
    return panel


def manage_url(panel, name="draws", *args):
    return reverse(f"panels:{name}", args=[panel.slug, *args])


def meets_quotas(profiles):
    for category, (_name, _source, values) in QUOTAS.items():
        counts = Counter(profile[category] for profile in profiles)
        for key, _label, minimum, maximum in values:
            if not minimum <= counts[key] <= maximum:
                return False
    return True


def test_only_organisers_run_draws(client, recruited, make_user):
    assert client.get(manage_url(recruited)).status_code == 302
    client.force_login(make_user())
    assert client.get(manage_url(recruited)).status_code == 403
    assert client.post(manage_url(recruited, "draw_seed")).status_code == 403
    assert not Draw.objects.exists()


def test_the_seed_is_published_first_then_the_draw_is_performed(client, recruited, organiser):
    client.force_login(organiser)
    page = client.get(manage_url(recruited)).content.decode()
    assert "Publier la graine" in page and "Éligible : 8" in page
    client.post(manage_url(recruited, "draw_seed"), {"seed": "  4 12  27 33 41 "})
    draw = Draw.objects.get()
    assert draw.seed == "4 12 27 33 41" and draw.performed_at is None
    assert len(draw.pool) == 8
    assert all(set(item) == {"pool_id", "profile"} for item in draw.pool)
    recruited.refresh_from_db()
    assert recruited.status == PanelStatus.DRAWING
    public = client.get(recruited.get_absolute_url()).content.decode()
    assert "4 12 27 33 41" in public and "En attente" in public
    assert not recruited.members.exists()

    response = client.post(manage_url(recruited, "draw_run", draw.pk), follow=True)
    assert "Le tirage est lancé" in response.content.decode()
    draw.refresh_from_db()
    recruited.refresh_from_db()
    assert recruited.status == PanelStatus.ACTIVE
    members = list(recruited.members.select_related("volunteer"))
    assert sorted(m.volunteer.pool_id for m in members) == draw.result["selected"]
    assert len(members) == 4 and meets_quotas([m.volunteer.profile for m in members])
    assert all(m.user_id == m.volunteer.user_id and m.draw == draw for m in members)
    statuses = Counter(recruited.volunteers.values_list("status", flat=True))
    assert statuses == {VolunteerStatus.SELECTED: 4, VolunteerStatus.NOT_SELECTED: 4,
                        VolunteerStatus.INELIGIBLE: 1}
    assert Notification.objects.filter(subject__startswith="Vous avez été tiré").count() == 4
    assert Notification.objects.filter(subject__startswith="Résultat du tirage").count() == 4
    assert {"panel.seed_published", "panel.draw_performed"} <= set(
        AuditEntry.objects.values_list("action", flat=True))
    result = draw.result
    assert 0 < result["min_probability"] <= result["max_probability"] <= 1
    assert set(result["probabilities"]) == {item["pool_id"] for item in draw.pool}
    # Performed once only.
    client.post(manage_url(recruited, "draw_run", draw.pk))
    assert recruited.members.count() == 4


def test_the_draw_runs_in_a_worker_and_the_page_shows_its_progress(
        client, recruited, organiser, run_worker):
    client.force_login(organiser)
    draw = draws.publish_seed(recruited, organiser, "graine")
    client.post(manage_url(recruited, "draw_run", draw.pk))
    page = client.post(manage_url(recruited, "draw_run", draw.pk), follow=True)
    text = page.content.decode()
    assert "Tirage en cours" in text and "Actualiser la page" in text
    assert "Effectuer le tirage" not in text
    assert not recruited.members.exists()
    assert DBTaskResult.objects.ready().count() == 1  # asked twice, queued once

    run_worker()
    text = client.get(manage_url(recruited)).content.decode()
    assert "Tirage en cours" not in text and "Effectué le" in text
    assert recruited.members.count() == 4
    assert draws.perform_draw.call(draw.pk) == "done"  # run again: nothing changes
    assert recruited.members.count() == 4


def test_a_draw_whose_task_was_lost_is_run_by_the_sweep(recruited, organiser, settings):
    immediate = settings.TASKS
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    draw = draws.request_draw(draws.publish_seed(recruited, organiser, "graine"), organiser)
    settings.TASKS = immediate
    assert tasks.sweep()["panel_draws"] == 0  # asked a moment ago: its task may still run
    Draw.objects.filter(pk=draw.pk).update(
        requested_at=timezone.now() - tasks.lease() - timedelta(seconds=1))
    assert tasks.sweep()["panel_draws"] == 1
    assert recruited.members.count() == 4
    assert tasks.sweep()["panel_draws"] == 0


def test_a_seed_is_drawn_by_the_system_when_none_is_typed(recruited, organiser):
    draw = draws.publish_seed(recruited, organiser)
    assert len(draw.seed) == 32
    with pytest.raises(draws.DrawError, match="attend d'être effectué"):
        draws.publish_seed(recruited, organiser)


def test_no_seed_before_the_call_is_over(client, panel, make_volunteer, organiser):
    for profile in POOL_PROFILES:
        make_volunteer(panel, **profile)
    client.force_login(organiser)
    response = client.post(manage_url(panel, "draw_seed"), {"seed": "trop tôt"}, follow=True)
    assert "L&#x27;appel à volontaires n&#x27;est pas encore clos." in response.content.decode()
    assert not Draw.objects.exists()


def test_quotas_that_counting_shows_impossible_refuse_the_seed(client, recruited, organiser):
    ages = recruited.categories.get(key="age").values
    ages.update(minimum=0)
    ages.filter(key="65-").update(minimum=3, maximum=3)
    client.force_login(organiser)
    response = client.post(manage_url(recruited, "draw_seed"), {"seed": "graine"}, follow=True)
    assert ("Tranche d&#x27;âge « 65 ans et plus » : minimum 3, seulement 2 volontaires"
            " éligibles.") in response.content.decode()
    assert not Draw.objects.exists()


def test_quotas_that_clash_are_explained_and_a_new_seed_may_follow(client, recruited,
                                                                   organiser):
    # Both over-65 volunteers are women, and at most one woman may sit with two over 65.
    genre = recruited.categories.get(key="genre").values
    genre.filter(key="femme").update(maximum=1)
    genre.filter(key="homme").update(maximum=3)
    genre.filter(key="autre").update(maximum=1)
    recruited.categories.get(key="age").values.filter(key="65-").update(minimum=2)
    client.force_login(organiser)
    client.post(manage_url(recruited, "draw_seed"), {"seed": "graine"})
    draw = Draw.objects.get()
    page = client.post(manage_url(recruited, "draw_run", draw.pk), follow=True).content.decode()
    assert "Les quotas des différentes catégories ne peuvent pas être respectés" in page
    draw.refresh_from_db()
    assert draw.performed_at is None and draw.result["impossible"]
    assert "Tirage impossible avec ces quotas" in client.get(
        recruited.get_absolute_url()).content.decode()
    genre.filter(key="femme").update(maximum=3)
    client.post(manage_url(recruited, "draw_seed"), {"seed": "nouvelle graine"})
    assert recruited.draws.count() == 2


def test_anyone_reruns_the_published_draw_and_gets_the_same_panel(client, drawn_panel,
                                                                 tmp_path, capsys):
    draw = drawn_panel.draws.get()
    document = client.get(manage_url(drawn_panel, "draw_input", draw.pk))
    assert document["Content-Disposition"].startswith("attachment")
    path = tmp_path / "tirage.json"
    path.write_bytes(document.content)
    sortition._portfolio.cache_clear()
    assert cli([str(path)]) == 0
    members = sorted(drawn_panel.members.values_list("volunteer__pool_id", flat=True))
    assert capsys.readouterr().out.split() == members
    result = json.loads(client.get(manage_url(drawn_panel, "draw_result", draw.pk)).content)
    assert result["selected"] == members and result["seed"] == "graine du panel"


def test_downloads_hold_no_personal_data(client, drawn_panel):
    draw = drawn_panel.draws.get()
    texts = [client.get(manage_url(drawn_panel, name, draw.pk)).content.decode()
             for name in ("draw_input", "draw_result")]
    for volunteer in drawn_panel.volunteers.select_related("user", "home_commune"):
        for text in texts:
            assert volunteer.user.email not in text
            assert volunteer.user.pseudonym not in text
            assert volunteer.birth_date.isoformat() not in text
    keys = {key for item in json.loads(texts[0])["pool"] for key in item}
    assert keys == {"pool_id", "profile"}


def test_a_pending_draw_has_no_result_to_download(client, recruited, organiser):
    draw = draws.publish_seed(recruited, organiser, "graine")
    assert client.get(manage_url(recruited, "draw_input", draw.pk)).status_code == 200
    assert client.get(manage_url(recruited, "draw_result", draw.pk)).status_code == 404


def test_a_withdrawal_is_replaced_by_lot_within_the_quotas(client, drawn_panel, organiser):
    client.force_login(organiser)
    leaving = drawn_panel.members.select_related("volunteer").first()
    form = manage_url(drawn_panel, "member_withdraw", leaving.pk)
    assert "Motif du retrait" in client.get(form).content.decode()
    client.post(form, {"reason": "Déménagement"})
    leaving.refresh_from_db()
    assert leaving.withdrawn_at and leaving.withdrawal_reason == "Déménagement"
    assert leaving.volunteer.status == VolunteerStatus.WITHDRAWN
    assert client.get(form).status_code == 404

    client.post(manage_url(drawn_panel, "draw_seed"), {"seed": "remplacement"})
    replacement = drawn_panel.draws.get(kind=DrawKind.REPLACEMENT)
    assert replacement.size == 1
    assert len(replacement.result["fixed"]) == 3 and len(replacement.pool) == 4
    client.post(manage_url(drawn_panel, "draw_run", replacement.pk))
    newcomer = drawn_panel.members.get(draw=replacement)
    assert newcomer.replaces == leaving
    assert newcomer.volunteer.status == VolunteerStatus.SELECTED
    active = drawn_panel.members.filter(withdrawn_at=None).select_related("volunteer")
    assert meets_quotas([member.volunteer.profile for member in active])
    page = client.get(manage_url(drawn_panel)).content.decode()
    assert f"(remplace {leaving.volunteer.pool_id})" in page
    assert "Aucun siège n&#x27;est à pourvoir" in client.post(
        manage_url(drawn_panel, "draw_seed"), follow=True).content.decode()


def test_a_member_leaving_from_their_space_goes_through_the_same_service(drawn_panel):
    member = drawn_panel.members.first()
    draws.withdraw_member(member, "Je n'ai plus le temps.", member.user)
    draws.withdraw_member(member, "deux fois", member.user)
    member.refresh_from_db()
    assert member.withdrawal_reason == "Je n'ai plus le temps."
    assert draws.seats_to_fill(drawn_panel) == 1
    assert AuditEntry.objects.filter(action="panel.member_withdrawn").count() == 1
