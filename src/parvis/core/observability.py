"""What an operator watches: a request id on every request (and log line, see `logs`), and
the Prometheus metrics of the platform (requests come from django-prometheus; the figures of the
participation itself come from the modules' `metrics`)."""

import re
import uuid

from django.core.cache import cache
from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import GaugeMetricFamily

from parvis.core import modules
from parvis.core.logs import request_id
from parvis.core.models import OutboxMessage

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept when it looks like one (letters, digits, dashes; bounded), so a request
# can be followed from the proxy's log to the application's; anything else gets a new id.
TRUSTED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
METRICS_CACHE_SECONDS = 30



class RequestIdMiddleware:
    """Give each request an id (the proxy's `X-Request-ID` if it sent a sane one), expose it
    as `request.id`, in every log line of the request and in the response's header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = given if TRUSTED_REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response.headers[REQUEST_ID_HEADER] = request.id
        return response


def tasks_by_status() -> dict[str, int]:
    """Background tasks by state: READY is the queue's depth, RUNNING what workers hold."""
    return dict(DBTaskResult.objects.order_by().values_list("status")
                .annotate(count=Count("id")))


def outbox_by_status() -> dict[str, int]:
    return dict(OutboxMessage.objects.order_by().values_list("status")
                .annotate(count=Count("id")))


PLATFORM_METRICS = {
    "tasks": modules.Metric("Background tasks, by state (READY: waiting for a worker)",
                            tasks_by_status, label="status"),
    "outbox": modules.Metric("E-mails of the outbox, by state", outbox_by_status,
                             label="status"),
}


class ModuleMetrics:
    """A Prometheus collector of the platform's figures (task queue, outbox) and of those each
    module declares (`Module.metrics`: name →
    (help, callable returning a number or {label value: number})). They are counted in the
    database, so every server reports the same figures; kept in the shared cache for
    METRICS_CACHE_SECONDS so scrapes from several servers cost one count."""

    def collect(self):
        for name, (help_text, labels, value) in self._values().items():
            family = GaugeMetricFamily(name, help_text, labels=[labels] if labels else None)
            if labels:
                for label, number in sorted(value.items()):
                    family.add_metric([str(label)], number)
            else:
                family.add_metric([], value)
            yield family

    def describe(self):
        return []

    @staticmethod
    def _values() -> dict:
        values = cache.get("parvis:metrics")
        if values is None:
            declared = [PLATFORM_METRICS.items()] + [module.metrics.items()
                                                     for module in modules.all_modules()]
            values = {f"parvis_{name}": (metric.help, metric.label, metric.value())
                      for metrics in declared for name, metric in metrics}
            cache.set("parvis:metrics", values, METRICS_CACHE_SECONDS)
        return values
