"""What the results page says about how the vote was held: the one-ballot-per-person
guarantee it had, and the paper ballots per desk and per agent."""

from django import template

from parvis.budgets.desk import desk_counts
from parvis.budgets.models import DESK_VOTING_MIN_LEVEL

register = template.Library()


@register.inclusion_tag("budgets/vote_guarantee.html")
def vote_guarantee(budget):
    counts = desk_counts(budget)
    return {
        "budget": budget,
        "fingerprint_online": budget.vote_level >= DESK_VOTING_MIN_LEVEL,
        "counts": counts if counts.total or budget.desk_voting else None,
    }
