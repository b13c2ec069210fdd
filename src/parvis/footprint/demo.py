"""Demo data: the IT inventory of about 2,000 work places (a laptop, a screen, a phone…),
each piece replaced when retired since 2010, kept longer and more often given a second life
since the strategy was adopted at the end of 2022."""

import random
from datetime import date, timedelta

from django.utils import timezone

from parvis.footprint import calculation, factors
from parvis.footprint.models import EmissionFactor, Equipment, Outcome

# category: (work places, lifetime in 2022 in years, share bought refurbished)
FLEET = {
    calculation.LAPTOP: (600, 5.0, 0.08),
    calculation.DESKTOP: (300, 6.0, 0.05),
    calculation.SCREEN: (700, 7.0, 0.10),
    calculation.SMARTPHONE: (300, 2.5, 0.15),
    calculation.TABLET: (80, 3.5, 0.0),
}
FIRST_PURCHASE = date(2010, 1, 1)
STRATEGY_YEAR = 2022
MODELS = {calculation.LAPTOP: "Portable 14 pouces", calculation.DESKTOP: "Unité centrale",
          calculation.SCREEN: "Écran 24 pouces", calculation.SMARTPHONE: "Smartphone",
          calculation.TABLET: "Tablette 10 pouces"}


def load() -> None:
    """Idempotent: the shipped factors (a database emptied since its migrations lost them),
    and the inventory only when it is empty."""
    factors.install(EmissionFactor)
    if Equipment.objects.exists():
        return
    chance = random.Random(STRATEGY_YEAR)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    pieces = []
    for category, (places, lifetime, refurbished_share) in FLEET.items():
        for _place in range(places):
            bought = FIRST_PURCHASE + timedelta(days=chance.randrange(365 * 4))
            while bought <= today:
                piece, bought = replaced(chance, category, bought, lifetime, today)
                piece.refurbished = chance.random() < refurbished_share
                piece.reference = f"PARC-{len(pieces) + 1:05d}"
                pieces.append(piece)
    Equipment.objects.bulk_create(pieces, batch_size=500)


def replaced(chance, category, bought, lifetime, today) -> tuple[Equipment, date]:
    """A piece bought on `bought` and the day it is replaced (after today: still in service).
    Kept 0.4 year longer for each year since the strategy."""
    kept = lifetime + 0.4 * max(bought.year + lifetime - STRATEGY_YEAR, 0)
    retired = bought + timedelta(days=max(round(365.25 * chance.gauss(kept, 0.8)), 180))
    piece = Equipment(category=category, model=MODELS[category], acquired_on=bought)
    if retired <= today:
        piece.retired_on = retired
        piece.working = chance.random() < 0.8
        second_life = 0.2 + 0.08 * max(retired.year - STRATEGY_YEAR, 0)
        piece.outcome = (chance.choice([Outcome.REUSE, Outcome.REFURBISHMENT])
                         if piece.working and chance.random() < second_life
                         else Outcome.RECYCLING)
    return piece, retired
