"""Open data of ideas: the published ideas of one box, or of every public box (the open
dataset), as CSV or JSON, streamed, without personal data.

An idea is public text written for publication: its title, description, theme, commune,
status, latest public answer, supports and dates leave; its author does not (nor any
supporter, image or point). Ideas hidden by moderation are left out."""

import json
from collections.abc import Iterator
from itertools import chain

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from parvis.core import spreadsheets
from parvis.core.links import absolute
from parvis.ideas import selectors
from parvis.ideas.models import IdeaBox, StatusChange

COLUMNS = ["id", "boite", "titre", "description", "theme", "commune", "statut", "statut_libelle",
           "derniere_reponse", "soutiens", "publiee_le", "modifiee_le", "url"]
CHUNK_SIZE = 500


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def rows(box: IdeaBox | None = None) -> Iterator[list]:
    """The listed public ideas of `box`, or of every public box."""
    answers = Prefetch("history", queryset=StatusChange.objects.exclude(message=""),
                       to_attr="answers")
    ideas = selectors.public_ideas().listed()
    if box is not None:
        ideas = ideas.filter(box=box)
    ideas = ideas.prefetch_related(answers).order_by("published_at", "pk")
    for idea in ideas.iterator(chunk_size=CHUNK_SIZE):
        yield [
            idea.pk, idea.box.slug, idea.title, idea.body, idea.theme.name if idea.theme_id else "",
            idea.commune.name if idea.commune_id else "", idea.status,
            idea.get_status_display(), idea.answers[-1].message if idea.answers else "",
            idea.supports_count, iso(idea.published_at), iso(idea.edited_at),
            absolute(idea.get_absolute_url()),
        ]


def csv_lines(box: IdeaBox | None = None) -> Iterator[str]:
    yield from spreadsheets.lines(chain([COLUMNS], rows(box)))


def json_parts(box: IdeaBox | None = None) -> Iterator[str]:
    header = ({"boite": box.title, "demarche": box.process.title,
               "url": absolute(box.get_absolute_url())} if box else {})
    yield json.dumps(header, ensure_ascii=False)[:-1] + (", " if header else "") + '"idees": ['
    separator = ""
    for row in rows(box):
        yield separator + json.dumps(dict(zip(COLUMNS, row, strict=True)), ensure_ascii=False)
        separator = ","
    yield "]}\n"


def streamed(parts, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(parts, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export(slug: str, parts, content_type: str, extension: str):
    box = get_object_or_404(selectors.public_boxes(), slug=slug)
    return streamed(parts(box), content_type, f"idees-{box.slug}.{extension}")


@require_safe
def export_csv(request, slug):
    return export(slug, csv_lines, "text/csv; charset=utf-8", "csv")


@require_safe
def export_json(request, slug):
    return export(slug, json_parts, "application/json", "json")


@require_safe
def all_csv(request):
    """The published ideas of every public box (the open dataset)."""
    return streamed(csv_lines(), "text/csv; charset=utf-8", "idees.csv")


@require_safe
def all_json(request):
    return streamed(json_parts(), "application/json", "idees.json")
