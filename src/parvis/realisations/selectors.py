"""What the public sees of realisations."""

from django.db.models import Q, QuerySet

from parvis.core import modules
from parvis.processes.models import Process
from parvis.realisations.models import Realisation

MAP_MAX_FEATURES = 2000


def public() -> QuerySet[Realisation]:
    """Realisations of public processes, or of no process (the strategy's commitments)."""
    return Realisation.objects.filter(
        Q(process=None) | Q(process__in=Process.objects.published()))


def source_labels() -> dict[str, str]:
    """The label of each module that adopts things, by app ("budgets": "Budgets…")."""
    return {module.app: str(module.label) for module in modules.all_modules()
            if module.adoptions}


def located() -> QuerySet[Realisation]:
    return public().filter(latitude__isnull=False, longitude__isnull=False)
