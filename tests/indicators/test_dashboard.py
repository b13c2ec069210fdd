"""The public dashboard: axes, progress to target, ahead or behind, history of values."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from parvis.core import modules
from parvis.indicators import services


@pytest.fixture
def measured(make_indicator, manager):
    """Two indicators of one commitment: one ahead of its path, one behind."""
    ahead = make_indicator(name="Personnes formées")
    services.record(ahead, date(2025, 7, 1), Decimal(300), manager)
    services.record(ahead, date(2026, 1, 1), Decimal(620), manager)
    behind = make_indicator(name="Consommation électrique", unit="MWh", direction="decrease",
                            baseline=Decimal(4000), target=Decimal(3400))
    services.record(behind, date(2026, 1, 1), Decimal(3900), manager)
    return ahead, behind


def test_the_dashboard_counts_each_axis_indicators_by_status(client, measured, make_indicator):
    make_indicator(name="Pas encore mesuré")
    page = client.get(reverse("indicators:dashboard")).content.decode()
    axis = measured[0].commitment.axis
    assert f'href="{axis.get_absolute_url()}"' in page
    # 3 indicators: none reached, 1 ahead, 1 behind, 1 not measured yet.
    assert "<td>3</td><td>0</td><td>1</td><td>1</td><td>1</td>" in page


def test_an_axis_page_shows_progress_against_the_linear_path(client, measured):
    ahead, behind = measured
    page = client.get(ahead.commitment.axis.get_absolute_url()).content.decode()
    # 620 on 2026-01-01 where the path expects 500: 62 % of the way, ahead, improving.
    assert "620&nbsp;personnes" in page and "62&nbsp;%" in page
    assert '<td class="status-ahead">en avance</td>' in page
    assert "en amélioration" in page
    # 3,900 MWh where the path expects 3,700 (lower is better): behind, 17 % of the way.
    assert '<td class="status-behind">en retard</td>' in page and "17&nbsp;%" in page
    # The chart and the table give the same figures.
    assert 'role="img"' in page and "<title" in page and "Avancement vers la cible" in page


def test_an_indicator_page_has_its_chart_table_method_and_history(client, measured, manager):
    ahead, _ = measured
    services.record(ahead, date(2026, 1, 1), Decimal(640), manager, note="Correction")
    page = client.get(ahead.get_absolute_url()).content.decode()
    assert 'class="chart-line"' in page and 'class="chart-path"' in page
    assert "<td>640</td><td>500</td>" in page  # the corrected value, the path's
    assert "<td>620</td>" in page  # the value it replaced stays in the history
    assert page.count(f"<td>{manager.pseudonym}</td>") == 3
    assert manager.email not in page
    assert "Cumul des personnes formées." in page and "Direction du numérique" in page


def test_the_history_is_paginated(client, make_indicator, manager):
    indicator = make_indicator()
    for day in range(1, 36):
        services.record(indicator, date(2025, 3, day % 28 + 1), Decimal(day), manager)
    first = client.get(indicator.get_absolute_url()).content.decode()
    last = client.get(indicator.get_absolute_url(), {"page": "2"}).content.decode()
    assert "Page 1 sur 2" in first and "Page 2 sur 2" in last
    assert client.get(indicator.get_absolute_url(), {"page": "x"}).status_code == 200


def test_unknown_axis_or_indicator_is_not_found(client, db):
    assert client.get(reverse("indicators:axis", args=["inconnu"])).status_code == 404
    assert client.get(reverse("indicators:indicator", args=["inconnu"])).status_code == 404


def test_pages_make_a_bounded_number_of_queries(client, make_indicator, manager,
                                                 django_assert_max_num_queries):
    first = make_indicator()
    for number in range(12):
        indicator = make_indicator()
        for month in range(1, 7):
            services.record(indicator, date(2025, month, 1), Decimal(number * month), manager)
    for url in [reverse("indicators:dashboard"), first.commitment.axis.get_absolute_url(),
                indicator.get_absolute_url()]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_a_computed_indicator_links_to_the_page_detailing_its_figure(client, make_indicator,
                                                                    register_module):
    register_module(measures={"essai.taux": modules.Measure(
        "Taux", "%", lambda day: 80, url_name="accessibility")})
    computed = make_indicator(measure="essai.taux")
    entered = make_indicator()
    link = f'<a href="{reverse("accessibility")}">le détail du calcul</a>'
    assert link in client.get(computed.get_absolute_url()).content.decode()
    assert link not in client.get(entered.get_absolute_url()).content.decode()


def test_a_person_finds_the_values_they_recorded_in_their_data(client, make_indicator, manager):
    indicator = make_indicator(code="wifi-social")
    services.record(indicator, date(2025, 6, 1), Decimal("12.5"), manager)
    client.force_login(manager)
    sections = json.loads(client.post(reverse("accounts:download_my_data")).content)["sections"]
    [measurement] = sections["indicator_measurements"]
    assert (measurement["indicator"], measurement["on"], measurement["value"]) == (
        "wifi-social", "2025-06-01", "12.50")
