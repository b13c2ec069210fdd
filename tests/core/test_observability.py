"""What an operator watches: request ids, JSON log lines, Prometheus metrics."""

import io
import json
import logging
import logging.config

import pytest
from django.core.cache import cache
from django.urls import reverse

from parvis.config import logging_config
from parvis.core import modules

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client):
    first = client.get(reverse("health"))["X-Request-ID"]
    second = client.get(reverse("health"))["X-Request-ID"]
    assert len(first) == 32 and first != second
    kept = client.get(reverse("health"), HTTP_X_REQUEST_ID="proxy-1234abcd")
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    forged = client.get(reverse("health"), HTTP_X_REQUEST_ID="x\nINFO fake log line")
    assert forged["X-Request-ID"] != "x\nINFO fake log line"
    assert len(forged["X-Request-ID"]) == 32


@pytest.fixture
def json_log():
    """The project's JSON logging, written to a buffer for the test."""
    config = logging_config("INFO", "json")
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    before = logging.root.handlers[:]
    logging.config.dictConfig(config)
    yield stream
    logging.root.handlers = before


def test_log_lines_are_json_with_the_request_id_of_their_request(client, json_log):
    response = client.get("/cette-page-n-existe-pas/", HTTP_X_REQUEST_ID="trace-0000abcd")
    assert response.status_code == 404
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == "trace-0000abcd"
    assert not_found[0]["level"] == "WARNING" and "/cette-page-n-existe-pas/" in \
        not_found[0]["message"]
    logging.getLogger("parvis.worker").info("outside a request")
    outside = json.loads(json_log.getvalue().splitlines()[-1])
    assert outside["request_id"] == "-" and outside["message"] == "outside a request"


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config("INFO", "xml")


def test_metrics_exist_only_for_a_scraper_with_the_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get(reverse("metrics")).status_code == 404
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    assert client.get(reverse("metrics")).status_code == 404
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    response = client.get(reverse("metrics"),
                          HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus")
    assert response.status_code == 200
    assert "django_http_requests_total_by_method_total" in response.content.decode()


def test_metrics_include_every_modules_figures(client, settings, register_module):
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    cache.clear()
    register_module(metrics={
        "widgets": modules.Metric("Widgets", lambda: 7),
        "tickets": modules.Metric("Tickets by state", lambda: {"open": 3, "closed": 12},
                                  label="state"),
    })
    text = client.get(reverse("metrics"),
                      HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus").content.decode()
    assert "parvis_widgets 7.0" in text
    assert 'parvis_tickets{state="open"} 3.0' in text
    assert 'parvis_tickets{state="closed"} 12.0' in text
    assert "# HELP parvis_reports " in text and "# HELP parvis_ballots " in text
