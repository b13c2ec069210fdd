"""Background tasks: django-tasks (the API Django adopted in 6.0) with its database backend.

Tasks are declared with `django_tasks.task` in the module of the domain they serve and
enqueued through `enqueue`. `parvis worker` runs them (any number of worker processes, on
any number of machines, share one queue: the database backend claims each task with
`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, SQLite's single writer on the embedded
default).

Every task is idempotent: it reads the state of the thing it works on (an outbox message,
a draw) and does nothing when that work is done or being done. A task is therefore safe to
run again, which is how a worker that dies mid-task is recovered: `sweep` (run by every
`parvis worker` every `TASKS_SWEEP_SECONDS`) puts a task that has been running for longer
than `TASKS_LEASE_SECONDS` back in the queue, and asks each recovery hook for the work whose
task was lost (a message written but never enqueued, for instance).
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)

RecoveryHook = Callable[[datetime], int]
recovery_hooks: dict[str, RecoveryHook] = {}


def enqueue(task, *args, **kwargs) -> None:
    """Enqueue `task` as part of the caller's transaction.

    With the database backend the task is a row written in the same transaction as the
    change that asks for it: both are committed, or neither. The tests' immediate backend
    runs the task at once. A backend outside the database could run the task before the
    commit: the task then finds nothing to do, and the recovery hooks of the sweep enqueue
    the work again."""
    task.enqueue(*args, **kwargs)


def lease() -> timedelta:
    """How long a task or a claimed piece of work may run before it is taken for dead."""
    return timedelta(seconds=settings.TASKS_LEASE_SECONDS)


def register_recovery(name: str, hook: RecoveryHook) -> RecoveryHook:
    """`hook(now)` enqueues again the work of its domain whose task was lost; it returns
    how many pieces of work it enqueued."""
    recovery_hooks[name] = hook
    return hook


def requeue_stalled(now: datetime) -> int:
    """Put back in the queue the tasks of the database backend that started longer than a
    lease ago and never finished: their worker died (killed, machine lost)."""
    from django_tasks_db.models import DBTaskResult

    names = [alias for alias in settings.TASKS
             if isinstance(task_backends[alias], DatabaseBackend)]
    if not names:
        return 0
    return DBTaskResult.objects.running().filter(
        backend_name__in=names, started_at__lt=now - lease()
    ).update(status=TaskResultStatus.READY, started_at=None)


def unfinished_args(task) -> set[tuple]:
    """The arguments of the runs of `task` waiting or running in the database backend (a
    recovery hook leaves their work alone)."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    return {tuple(row["args"]) for row in rows}


def purge_finished(now: datetime) -> int:
    """Finished tasks (their arguments may name people) are deleted after their retention."""
    from django_tasks_db.models import DBTaskResult

    cutoff = now - timedelta(days=settings.RETENTION_DAYS["task_results"])
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()[0]


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Recover the work of dead workers; returns what each step put back in the queue."""
    now = now or timezone.now()
    counts = {"stalled_tasks": requeue_stalled(now)}
    for name, hook in recovery_hooks.items():
        counts[name] = hook(now)
    recovered = {name: count for name, count in counts.items() if count}
    if recovered:
        logger.warning("recovered work of dead workers: %s", recovered)
    return counts
