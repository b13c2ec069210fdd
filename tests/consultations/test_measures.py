"""What consultations tell the strategy indicators: the people the observatory surveyed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from parvis.consultations.models import Response
from parvis.core import modules
from parvis.processes.models import Theme
from tests.consultations.results_data import make_consultation

PARIS = ZoneInfo("Europe/Paris")


def test_people_surveyed_are_the_responses_sent_to_the_digital_theme(make_process):
    digital = Theme.objects.create(name="Numérique", slug="numerique")
    observatory = make_consultation(process=make_process(theme=digital))
    other = make_consultation(process=make_process())
    unpublished = make_consultation(process=make_process(theme=digital), published=False)
    sent = datetime(2026, 3, 10, 23, 30, tzinfo=PARIS)  # late in the evening, local time
    for number in range(3):
        Response.objects.create(consultation=observatory, device_token=f"o{number}",
                                submitted_at=sent + timedelta(days=number))
    Response.objects.create(consultation=observatory, device_token="brouillon", is_draft=True)
    Response.objects.create(consultation=other, device_token="x", submitted_at=sent)
    Response.objects.create(consultation=unpublished, device_token="y", submitted_at=sent)
    measure = modules.measures()["consultations.people_surveyed"]
    assert measure.compute(sent.date() - timedelta(days=1)) == 0
    assert measure.compute(sent.date()) == 1
    assert measure.compute(sent.date() + timedelta(days=5)) == 3
