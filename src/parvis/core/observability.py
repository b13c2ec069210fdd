"""What an operator watches: a request id on every request and log line, JSON logs, and the
Prometheus metrics of the platform (requests come from django-prometheus; the figures of the
participation itself come from the modules' `metrics`)."""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

from django.core.cache import cache
from prometheus_client.core import GaugeMetricFamily

from parvis.core import modules

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept when it looks like one (letters, digits, dashes; bounded), so a request
# can be followed from the proxy's log to the application's; anything else gets a new id.
TRUSTED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
METRICS_CACHE_SECONDS = 30

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


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


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside a request: commands, workers). Django
    logs a response's error status once the middleware has returned, with the request in the
    record: its id is taken from there."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id,
    and the exception's traceback when there is one."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for extra in ("status_code", "method", "path"):
            if extra in record.__dict__:
                entry[extra] = record.__dict__[extra]
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class ModuleMetrics:
    """A Prometheus collector of the figures each module declares (`Module.metrics`: name →
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
            values = {}
            for module in modules.all_modules():
                for name, metric in module.metrics.items():
                    values[f"parvis_{name}"] = (metric.help, metric.label, metric.value())
            cache.set("parvis:metrics", values, METRICS_CACHE_SECONDS)
        return values
