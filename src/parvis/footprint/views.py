"""The public page of the IT equipment's carbon footprint."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core import charts
from parvis.footprint import calculation, report


def footprint_chart(figures: report.Figures):
    bars = [charts.Bar(label, line.in_service, 0.0, float(round(total, 1)))
            for label, line, _manufacture, _use, total in figures.rows]
    return charts.bar_chart(
        "footprint", _("Empreinte carbone %(year)s par catégorie (t CO2e)")
        % {"year": figures.year},
        _("Tonnes de CO2 équivalent de l'année, fabrication amortie et usage, pour chaque"
          " catégorie d'équipement ; le tableau qui suit donne les mêmes chiffres."),
        bars, unit="")


@require_safe
def footprint_page(request):
    today = timezone.localdate()
    items = calculation.as_of(report.inventory(), today)
    years = report.years(items, today)
    asked = request.GET.get("annee", "")
    year, refusal = today.year - 1, ""
    if asked.isdigit() and int(asked) in years:
        year = int(asked)
    elif asked:
        refusal = _("Année « %(asked)s » indisponible : choisissez une année de %(first)s à"
                    " %(last)s.") % {"asked": asked[:10], "first": years[0], "last": years[-1]}
    figures = report.figures(items, year, today)
    return render(request, "footprint/footprint.html", {
        "figures": figures, "chart": footprint_chart(figures), "refusal": refusal,
    }, status=400 if refusal else 200)
