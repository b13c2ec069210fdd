"""What the responsible-digital strategy adopts: its commitments, whose realisation is
followed like the projects the inhabitants chose (nobody in particular stood for them)."""

from django.urls import reverse

from parvis.core.modules import Adopted, Adoptions
from parvis.indicators.models import Commitment

PREFIX = "indicators.commitment:"


def adopted() -> list[Adopted]:
    return [
        Adopted(key=f"{PREFIX}{commitment.pk}", title=commitment.title,
                description=str(commitment.axis),
                url=reverse("indicators:axis", args=[commitment.axis.slug])
                + f"#commitment-{commitment.pk}")
        for commitment in Commitment.objects.select_related("axis").order_by("pk")
    ]


ADOPTIONS = Adoptions(adopted=adopted, supporters=lambda key: [],
                      supported_by=lambda user: [])
