"""The footprint calculation against a worked example with ADEME's published factors.

Factors (ADEME Base Empreinte, as shipped in data/ademe_base_empreinte.json), kg CO2e:
a laptop 156 to manufacture (34.3 bought refurbished) and 1.6 a year of use; a screen 222 to
manufacture and 2.1 a year of use.

Inventory on 1 January 2024:
- laptop L1, new, bought 1 January 2020, retired 1 January 2024 (reused): lived 4 years;
- laptop L2, bought refurbished 1 January 2022, in service: 2 years old, so spread over the
  4 years retired laptops lived on average;
- screen S1, new, bought 2 July 2023, in service: no screen retired yet, so spread over the
  strategy's 10-year target; in service 183 days of 2023's 365.

2023: L1 156/4 + 1.6 = 40.6; L2 34.3/4 + 1.6 = 10.175; S1 (222/10 + 2.1) x 183/365
= 12.1833 (rounded): 62.9583 kg CO2e in all.
One more year for laptops: L1 156 x (1/4 - 1/5) = 7.8, L2 34.3 x (1/4 - 1/5) = 1.715:
9.515 kg CO2e saved.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parvis.footprint.calculation import (
    LAPTOP,
    SCREEN,
    Factor,
    Item,
    as_of,
    average_lifetimes,
    second_life_share,
    total_kg,
    yearly,
)

FACTORS = {LAPTOP: Factor(Decimal(156), Decimal("34.3"), Decimal("1.6")),
           SCREEN: Factor(Decimal(222), Decimal("48.8"), Decimal("2.1"))}
L1 = Item(LAPTOP, date(2020, 1, 1), retired_on=date(2024, 1, 1), outcome="reuse")
L2 = Item(LAPTOP, date(2022, 1, 1), refurbished=True)
S1 = Item(SCREEN, date(2023, 7, 2))
TODAY = date(2024, 1, 1)


def test_the_worked_example():
    laptops, screens = yearly([L1, L2, S1], FACTORS, 2023, TODAY)
    assert (laptops.in_service, laptops.manufacture_kg, laptops.use_kg) == (
        2, Decimal("47.575"), Decimal("3.2"))
    assert screens.in_service == 1
    assert float(screens.manufacture_kg) == pytest.approx(22.2 * 183 / 365)
    assert float(screens.use_kg) == pytest.approx(2.1 * 183 / 365)
    assert float(total_kg([laptops, screens])) == pytest.approx(62.9583, abs=1e-4)
    assert float(laptops.one_more_year_saving_kg) == pytest.approx(9.515)
    assert average_lifetimes([L1, L2, S1]) == {LAPTOP: Decimal(4)}
    assert second_life_share([L1, L2, S1], 2024) == 100
    assert second_life_share([L1, L2, S1], 2023) is None


def test_what_was_known_on_a_day():
    """On 31 December 2023, L1's retirement and S1 were in the future."""
    assert as_of([L1, S1], date(2023, 7, 1)) == [Item(LAPTOP, date(2020, 1, 1))]


def test_equipment_kept_in_service_longer_is_spread_over_its_age():
    old = Item(LAPTOP, date(2014, 1, 1))  # ten years old, against 7 for the target
    [laptops] = yearly([old], {LAPTOP: FACTORS[LAPTOP]}, 2023, TODAY)
    assert float(laptops.manufacture_kg) == pytest.approx(156 / (3652 / 365.25))


def test_second_life_counts_equipment_retired_in_working_order_only():
    retired = [Item(SCREEN, date(2015, 1, 1), retired_on=date(2025, 3, 1), outcome=outcome,
                    working=working)
               for outcome, working in [("reuse", True), ("refurbishment", True),
                                        ("recycling", True), ("recycling", False)]]
    assert second_life_share(retired, 2025) == Decimal(200) / 3


@given(bought=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
       days=st.integers(min_value=30, max_value=6000), refurbished=st.booleans())
def test_a_retired_item_carries_its_whole_manufacture_over_its_life(bought, days,
                                                                    refurbished):
    item = Item(LAPTOP, bought, refurbished, bought + timedelta(days=days))
    spread = sum(line.manufacture_kg for year in range(bought.year, item.retired_on.year + 1)
                 for line in yearly([item], {LAPTOP: FACTORS[LAPTOP]}, year, TODAY))
    whole = Decimal("34.3") if refurbished else Decimal(156)
    assert float(spread) == pytest.approx(float(whole), rel=0.005)


@given(st.lists(st.tuples(st.dates(min_value=date(2010, 1, 1), max_value=date(2023, 12, 31)),
                          st.integers(min_value=0, max_value=4000), st.booleans()),
                max_size=8))
def test_keeping_equipment_longer_saves_part_of_its_manufacture(rows):
    items = [Item(LAPTOP if gone else SCREEN, bought,
                  retired_on=bought + timedelta(days=days) if gone else None)
             for bought, days, gone in rows]
    for line in yearly(items, FACTORS, 2023, TODAY):
        assert 0 <= line.one_more_year_saving_kg <= line.manufacture_kg
