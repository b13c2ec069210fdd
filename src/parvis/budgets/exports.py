"""Open data of participatory budgets: the published results of every public budget, one
line per project, streamed budget by budget (memory holds one budget's results at a time).

Results are public once published; voters are not in them: only counts. The anonymised
ballots stay on each budget's results page, in the pabulib format."""

from collections.abc import Iterator
from itertools import chain

from django.utils import timezone
from django.views.decorators.http import require_safe

from parvis.budgets import results
from parvis.budgets.models import Budget
from parvis.core import spreadsheets
from parvis.processes.models import Process

COLUMNS = ["budget", "budget_titre", "enveloppe", "enveloppe_montant", "bulletins", "projet",
           "titre", "cout", "voix", "points", "part_enveloppe", "laureat", "rang",
           "resultats_publies_le"]


def published_budgets():
    return (Budget.objects.filter(results_published_at__isnull=False,
                                  process__in=Process.objects.published())
            .order_by("results_published_at", "pk"))


def rows() -> Iterator[list]:
    for budget in published_budgets().iterator():
        published = timezone.localtime(budget.results_published_at).isoformat(
            timespec="seconds")
        for item in results.budget_results(budget).sub_budgets:
            for line in item.lines:
                yield [budget.slug, budget.title, item.sub_budget.name, item.sub_budget.amount,
                       item.ballot_count, line.project.pk, line.project.title,
                       float(line.cost), line.votes, round(float(line.score), 6), line.share,
                       "true" if line.selected else "false", line.outcome["round"] or "",
                       published]


def csv_lines() -> Iterator[str]:
    yield from spreadsheets.lines(chain([COLUMNS], rows()))


@require_safe
def all_results_csv(request):
    return spreadsheets.streamed(COLUMNS, rows(), "budgets-participatifs.csv")
