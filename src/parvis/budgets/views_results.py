"""Results of a participatory budget: the results page (with its chart), publication by a
manager, downloads (CSV, JSON, anonymised ballots in the pabulib format) and explanations
per project and per receipt code. Everyone sees them once published; before that, the
budget's managers see a preview and nobody else learns they exist (404)."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from parvis.budgets import adoptions, comparison, explanations, results
from parvis.budgets.permissions import can_manage_budget
from parvis.budgets.views_projects import visible_budget
from parvis.core import spreadsheets
from parvis.core.charts import Bar, bar_chart


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code de reçu"), max_length=40,
        help_text=gettext_lazy("Le code affiché, envoyé ou remis sur papier après votre vote."),
        error_messages={"required": gettext_lazy("Indiquez le code de reçu de votre bulletin.")},
    )


def shown_results(request, slug: str, spending: bool = False) -> results.BudgetResults:
    """The results a person may see (404 otherwise); `spending`: with what each voter paid."""
    budget = visible_budget(request, slug)
    if not results.can_see_results(request.user, budget):
        raise Http404
    return results.budget_results(budget, spending=spending)


def votes_chart(item: results.SubBudgetResults):
    bars = [Bar(line.project.title, line.votes, line.share, line.votes,
                mark=_("lauréat") if line.selected else "")
            for line in item.lines]
    return bar_chart(
        f"chart-{item.sub_budget.pk}",
        _("Voix par projet : %(name)s") % {"name": item.sub_budget.name},
        _("Nombre de bulletins ayant choisi chaque projet : les lauréats d'abord, dans l'ordre"
          " où ils ont été financés, puis les autres du plus au moins choisi ; le tableau qui"
          " suit donne les mêmes chiffres."),
        bars, unit="",
    )


@require_safe
def results_page(request, slug):
    shown = shown_results(request, slug)
    budget = shown.budget
    can_manage = can_manage_budget(request.user, budget)
    adoptions.follow_winners([line.project for item in shown.sub_budgets
                              for line in item.selected])
    return render(request, "budgets/results.html", {
        "budget": budget,
        "results": shown,
        "envelopes": [(item, votes_chart(item), explanations.method_terms(item),
                       explanations.recount_command(item)) for item in shown.sub_budgets],
        "rule_explanation": explanations.rule_explanation(budget),
        "can_manage": can_manage,
        "refusal": results.publication_refusal(budget) if can_manage else "",
    })


@login_required
@require_POST
def publish(request, slug):
    budget = visible_budget(request, slug)
    if not can_manage_budget(request.user, budget):
        raise PermissionDenied
    try:
        results.publish(budget, request.user)
    except results.PublicationRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Les résultats sont publiés ; les porteurs de projet en"
                                    " sont informés."))
    return redirect("budgets:results", budget.slug)


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def results_csv(request, slug):
    shown = shown_results(request, slug)
    out = io.StringIO()
    writer = spreadsheets.Writer(out)
    writer.writerow([_("enveloppe"), _("projet"), _("titre"), _("cout"), _("voix"), _("points"),
                     _("part_enveloppe"), _("laureat"), _("rang")])
    for item in shown.sub_budgets:
        for line in item.lines:
            writer.writerow([
                item.sub_budget.name, line.project.pk, line.project.title,
                line.outcome["cost"], line.votes, line.outcome["score"], line.share,
                _("oui") if line.selected else _("non"), line.outcome["round"] or "",
            ])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    return attachment(response, f"{shown.budget.slug}-resultats.csv")


@require_safe
def results_json(request, slug):
    shown = shown_results(request, slug, spending=True)
    response = JsonResponse({
        "budget": shown.budget.slug,
        "title": shown.budget.title,
        "rule": shown.budget.rule,
        "published": shown.published,
        "sub_budgets": [
            {"id": item.sub_budget.pk, "name": item.sub_budget.name,
             "amount": item.sub_budget.amount, "ballots": item.ballot_count,
             "titles": {str(line.project.pk): line.project.title for line in item.lines},
             "tally": item.result}
            for item in shown.sub_budgets
        ],
    }, json_dumps_params={"ensure_ascii": False})
    return attachment(response, f"{shown.budget.slug}-resultats.json")


@require_safe
def ballots_pb(request, slug, sub_budget):
    shown = shown_results(request, slug)
    item = next((item for item in shown.sub_budgets if item.sub_budget.pk == sub_budget), None)
    if item is None:
        raise Http404
    try:
        content = results.pabulib_file(item)
    except FileNotFoundError:  # the file kept at publication is missing from the storage
        raise Http404 from None
    response = HttpResponse(content, content_type="text/plain; charset=utf-8")
    return attachment(response, results.ballots_file_name(item.sub_budget))


@require_safe
def project_explanation(request, slug, pk):
    shown = shown_results(request, slug, spending=True)
    project = get_object_or_404(shown.budget.projects.all(), pk=pk)
    item = shown.of(project)
    line = item.line(project.pk) if item else None
    if line is None:
        raise Http404
    supporters = results.supporters_of(project, results.voter_numbers(shown.budget))
    return render(request, "budgets/explanation_project.html", {
        "budget": shown.budget,
        "results": shown,
        "explanation": explanations.explain_project(item, line, supporters),
    })


@require_safe
def receipt_explanation(request, slug):
    shown = shown_results(request, slug, spending=True)
    form = ReceiptForm(request.GET if "code" in request.GET else None)
    found = None
    if form.is_valid():
        ballot = results.find_ballot(shown.budget, form.cleaned_data["code"])
        if ballot is None:
            form.add_error("code", _("Aucun bulletin de ce budget ne porte ce code. Vérifiez-le"
                                     " caractère par caractère, tirets compris."))
        else:
            found = explanations.explain_voter(shown, ballot, results.voter_number(ballot))
    return render(request, "budgets/explanation_receipt.html", {
        "budget": shown.budget, "results": shown, "form": form, "explanations": found,
    })


@require_safe
def results_comparison(request, slug):
    """Greedy by votes and equal shares side by side on the budget's ballots."""
    budget = visible_budget(request, slug)
    if not results.can_see_results(request.user, budget):
        raise Http404
    shown = comparison.compare(budget)
    satisfied = bar_chart(
        "chart-satisfied",
        _("Votants ayant au moins un projet choisi financé, selon la règle"),
        _("Part des votants dont au moins un des projets choisis est financé, sous chaque"
          " règle ; le tableau qui précède donne les mêmes chiffres."),
        [Bar(outcome.label, outcome.satisfied, shown.satisfied_share(outcome),
             shown.satisfied_share(outcome)) for outcome in shown.outcomes],
    )
    places = bar_chart(
        "chart-places",
        _("Montant financé par commune, selon la règle"),
        _("Pour chaque commune (ou enveloppe, pour les projets sans commune), le montant des"
          " projets financés sous chaque règle, en euros ; le tableau qui suit donne les"
          " mêmes chiffres."),
        [Bar(f"{place} — {outcome.label}", 0, 0, float(amounts[index]))
         for place, amounts in shown.places for index, outcome in enumerate(shown.outcomes)],
        unit="",
    )
    return render(request, "budgets/comparison.html", {
        "budget": budget, "comparison": shown, "satisfied_chart": satisfied,
        "places_chart": places,
        "summary": [(outcome, shown.satisfied_share(outcome)) for outcome in shown.outcomes],
    })
