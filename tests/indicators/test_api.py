"""The strategy's read API: indicators, their latest value and where they stand."""

from datetime import date
from decimal import Decimal

from parvis.indicators import services

API = "/api/v1/strategy/indicators"


def test_indicators_are_listed_with_their_latest_value_and_status(
        client, make_indicator, manager, django_assert_max_num_queries):
    ahead = make_indicator(code="ateliers")
    services.record(ahead, date(2026, 1, 1), Decimal(600), manager)
    services.record(ahead, date(2026, 1, 1), Decimal(620), manager)  # corrects the day
    for _number in range(10):
        make_indicator()
    with django_assert_max_num_queries(6):
        answer = client.get(API, {"page_size": 5}).json()
    assert answer["count"] == 11 and len(answer["items"]) == 5
    first = answer["items"][0]
    assert first["code"] == "ateliers" and first["status"] == "ahead"
    assert first["latest"] == {"on": "2026-01-01", "value": "620.00", "expected": "500.00",
                               "status": "ahead"}
    assert first["progress"] == "62.00"
    assert "values" not in first and "recorded_by" not in str(answer)
    assert answer["items"][1]["status"] == "no_data" and answer["items"][1]["latest"] is None


def test_one_indicator_with_every_value(client, make_indicator, manager):
    indicator = make_indicator(code="wifi-social", direction="decrease", baseline=Decimal(40),
                               target=Decimal(20))
    services.record(indicator, date(2025, 6, 1), Decimal(30), manager)
    services.record(indicator, date(2026, 1, 1), Decimal(31), manager)
    answer = client.get(f"{API}/wifi-social").json()
    assert [(value["on"], value["status"]) for value in answer["values"]] == [
        ("2025-06-01", "ahead"), ("2026-01-01", "behind")]
    assert answer["method"] == "Cumul des personnes formées." and answer["frequency"] == "yearly"


def test_unknown_axis_or_indicator_is_a_json_404(client, make_indicator):
    make_indicator()
    assert client.get(API, {"axis": "inconnu"}).json()["detail"] == "Unknown axis 'inconnu'."
    assert client.get(f"{API}/inconnu").status_code == 404


def test_the_axis_filter(client, make_indicator, commitment):
    make_indicator()
    assert client.get(API, {"axis": commitment.axis.slug}).json()["count"] == 1
