"""The open-data catalog: its page, each dataset's page and Table Schema, the DCAT-AP
JSON-LD, and the daily files. Every page is public."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parvis.core import modules
from parvis.core.datasets import Dataset
from parvis.opendata import catalog as dcat
from parvis.opendata import dumps

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


def find(slug: str) -> Dataset:
    for dataset in modules.datasets():
        if dataset.slug == slug:
            return dataset
    raise Http404


@require_safe
def catalog(request):
    return render(request, "opendata/catalog.html", {"datasets": modules.datasets()})


@require_safe
def dataset(request, slug):
    item = find(slug)
    available = dumps.available()
    files = [(distribution, available.get((item.slug, distribution.format)))
             for distribution in item.distributions]
    return render(request, "opendata/dataset.html",
                  {"dataset": item, "files": files, "schema": item.table_schema()})


@require_safe
def catalog_jsonld(request):
    return JsonResponse(dcat.catalog(), content_type="application/ld+json",
                        json_dumps_params=JSON_OPTIONS)


@require_safe
def schema(request, slug):
    return JsonResponse(find(slug).table_schema(), json_dumps_params=JSON_OPTIONS)


@require_safe
def daily_dump(request, slug, format):
    item = find(slug)
    distribution = item.distribution(format)
    if distribution is None or (slug, format) not in dumps.available():
        raise Http404
    try:
        file = default_storage.open(dumps.path(slug, format))
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=distribution.media_type)
    response["Content-Disposition"] = f'attachment; filename="{slug}.{format}"'
    return response
