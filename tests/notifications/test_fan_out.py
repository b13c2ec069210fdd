"""Notifying many followers is one background task, safe to run again."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parvis.notifications.models import Notification
from parvis.notifications.services import fan_out, notify_all

pytestmark = pytest.mark.django_db

NEWS = {"kind": "followed_update", "subject": "Idée suivie : à l'étude",
        "message": "Nouveau statut.", "url": "/idees/1/"}


def test_followers_are_notified_by_one_task_that_the_worker_runs(run_worker, make_user):
    followers = [make_user() for _ in range(3)]
    notify_all(followers, **NEWS)
    assert not Notification.objects.exists()
    assert DBTaskResult.objects.ready().count() == 1
    run_worker()
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        follower.pk for follower in followers)


def test_a_fan_out_run_again_skips_the_people_already_notified(make_user):
    first, second = make_user(), make_user()
    run = {"recipient_ids": [first.pk, second.pk], "actor_id": None,
           "since": timezone.now().isoformat(), **NEWS}
    assert fan_out.call(**run) == 2
    assert fan_out.call(**run) == 0  # a worker died after notifying: the task runs again
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        [first.pk, second.pk])


def test_the_actor_is_not_notified_of_their_own_news(make_user):
    actor, follower = make_user(), make_user()
    notify_all([actor, follower], actor=actor, **NEWS)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [follower.pk]
