"""Run background tasks: django-tasks' database worker, plus the recovery of the work of
dead workers (`parvis.core.tasks.sweep`) every TASKS_SWEEP_SECONDS.

Start as many as needed, on any number of machines sharing the database; stop one with
SIGTERM or Ctrl-C (it finishes its current task first)."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django_tasks_db.management.commands import db_worker

from parvis.core import tasks

logger = logging.getLogger(__name__)


def sweep_forever(stop: threading.Event) -> None:
    while not stop.wait(settings.TASKS_SWEEP_SECONDS):
        close_old_connections()
        try:
            tasks.sweep()
        except Exception:  # a database hiccup must not stop the sweeps: log, try again
            logger.exception("sweep failed")
    connections.close_all()


class Command(db_worker.Command):
    help = "Run background tasks (e-mails, draws, imports, photos) until stopped."

    def handle(self, *args, **options):
        tasks.sweep()  # what dead workers left, before taking new work
        stop = threading.Event()
        sweeper = threading.Thread(target=sweep_forever, args=(stop,), daemon=True,
                                   name="parvis-sweep")
        sweeper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
