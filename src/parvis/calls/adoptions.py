"""What a call for projects adopts: its published laureates, whose contact person is told
of their project's realisation."""

from django.urls import reverse

from parvis.calls.applications import published
from parvis.calls.models import Application, Call
from parvis.core.modules import Adopted, Adoptions

PREFIX = "calls.application:"


def laureates():
    return Application.objects.filter(
        decision__selected=True, call__laureates_published_at__isnull=False,
        call__in=Call.objects.filter(published()))


def adopted() -> list[Adopted]:
    return [
        Adopted(key=f"{PREFIX}{application.pk}", title=application.title,
                description=application.summary,
                url=reverse("calls:laureates", args=[application.call.slug]),
                process_id=application.call.process_id,
                planned_amount=application.decision.amount)
        for application in laureates().select_related("call", "decision").order_by("pk")
    ]


def supporters(key: str):
    application_id = int(key.removeprefix(PREFIX))
    return Application.objects.filter(pk=application_id).values_list("contact_id", flat=True)


def supported_by(user) -> list[str]:
    return [f"{PREFIX}{pk}" for pk in laureates().filter(contact=user)
            .values_list("pk", flat=True)]


ADOPTIONS = Adoptions(adopted=adopted, supporters=supporters, supported_by=supported_by)
