"""Personal data of the strategy dashboard: who recorded each value. Registered when the
app is ready."""

from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.indicators.models import Measurement


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Suivi public de la stratégie numérique responsable"),
            _("Publier l'avancement des indicateurs de la stratégie et l'historique de chaque"
              " valeur avec la personne qui l'a enregistrée."),
            privacy.PUBLIC_INTEREST,
            _("Pseudonyme de l'agent qui enregistre une valeur, date et heure ; publiés dans"
              " l'historique de l'indicateur."),
            _("Conservées tant que l'indicateur est publié ; le pseudonyme est remplacé si le"
              " compte est supprimé."),
        ),
    ]


def my_measurements(user) -> list[dict]:
    return [{"indicator": measurement.indicator.code, "on": measurement.on,
             "value": str(measurement.value), "recorded_at": measurement.recorded_at}
            for measurement in Measurement.objects.filter(recorded_by=user)
            .select_related("indicator").order_by("recorded_at", "pk")]


PERSONAL_DATA = {"indicator_measurements": my_measurements}
