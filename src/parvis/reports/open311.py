"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2/.

Every resource answers in JSON or XML: by the extension of the path (`services.xml`), else by
the Accept header (JSON by default). Errors follow the specification: a list of
`{"code", "description"}` with HTTP 400 (invalid request), 403 (missing, invalid or expired
api_key, or one without the open311:write scope), 404 (unknown resource, service_code or
jurisdiction_id), 405, or 429 (the key's hourly rate is used up).

Mapping: a service is an active category (its slug is the service_code, sub-categories
included, grouped under their parent), a service request is a report (its tracking code is
the service_request_id, and also the token of `tokens/{token}`: requests are created in real
time). Creating a request needs an API key with the open311:write scope, which an
administrator issues to an integration (`parvis create_api_token … --scope open311:write`);
the location is `lat` + `long`, or else the commune: `address_id` set to its INSEE code, or
`address_string` naming it ("12 rue Camille Pelletan, Talence"). A photo may be sent as a
multipart file named `media`; a `media_url` is not fetched: it is kept for agents in an
internal note. The contact fields (email, first_name, last_name, phone) are kept private;
device_id and account_id are not stored.
"""

import json
import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from parvis.core import audit, bounds
from parvis.core.models import ApiToken, Commune
from parvis.core.services import tokens
from parvis.reports import services
from parvis.reports.forms import active_categories
from parvis.reports.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    CategoryAttribute,
    Report,
    StatusChange,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-22T00:00:00Z"  # last change of this implementation's behaviour
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000
MAX_DESCRIPTION = 4000
MAX_ATTRIBUTE_LENGTH = 1000
ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


OPEN311_REFUSALS = {
    "invalid_token": lambda: _("Clé d'API (api_key) absente ou invalide."),
    "token_expired": lambda: _("Cette clé d'API a expiré : demandez-en une nouvelle à"
                               " l'administration de la plateforme."),
    "insufficient_scope": lambda: _("Cette clé d'API ne permet pas de créer des demandes (droit"
                                    " open311:write) : demandez-le à l'administration de la"
                                    " plateforme."),
    "throttled": lambda: _("Trop de demandes avec cette clé d'API dans l'heure : réessayez plus"
                           " tard."),
}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


# Output: JSON, or XML by the Spark convention (lists become one element per item).

def w3c(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _fill(element, tag: str, value) -> None:
    if isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEM_TAGS[tag]), ITEM_TAGS[tag], item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), key, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = NOT_XML_CHARACTERS.sub("", str(value))


def render(root: str, payload, fmt: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        element = ET.Element(root)
        _fill(element, root, payload)
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, "unicode")
    else:
        body = json.dumps(payload, ensure_ascii=False)
    return HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES[fmt])


def error_response(status: int, description: str, fmt: str) -> HttpResponse:
    return render("errors", [{"code": status, "description": description}], fmt, status)


def negotiated_format(request) -> str:
    preferred = request.get_preferred_type(["application/json", "text/xml", "application/xml"])
    return "xml" if preferred in {"text/xml", "application/xml"} else "json"


def jurisdiction_id() -> str:
    configured = settings.OPEN311_JURISDICTION_ID
    host = urlsplit(settings.SITE_URL).hostname or ""
    return configured or host.removeprefix("www.")


def check_jurisdiction(request) -> None:
    given = (request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id") or "")
    if given.strip() and given.strip() != jurisdiction_id():
        raise Open311Error(404, _("Juridiction inconnue : %(id)s. Celle-ci est « %(ours)s ».")
                           % {"id": given.strip()[:100], "ours": jurisdiction_id()})


def endpoint(*methods: str):
    """An Open311 view: chooses the format, checks the method and the jurisdiction, renders
    what the handler returns — `(root, payload)` — or the error it raises."""
    allowed = [*methods, "HEAD"] if "GET" in methods else list(methods)  # none: any

    def decorator(handler):
        @csrf_exempt
        @wraps(handler)
        def view(request, fmt=None, **kwargs):
            if fmt is not None and fmt not in CONTENT_TYPES:
                return error_response(404, _("Format non disponible : utilisez .json ou .xml."),
                                      "json")
            fmt = fmt or negotiated_format(request)
            if allowed and request.method not in allowed:
                response = error_response(
                    405, _("Méthode %(method)s non acceptée ici.") % {"method": request.method},
                    fmt)
                response["Allow"] = ", ".join(allowed)
                return response
            try:
                check_jurisdiction(request)
                root, payload = handler(request, **kwargs)
            except Open311Error as error:
                return error_response(error.status, error.description, fmt)
            except (SuspiciousOperation, MultiPartParserError):
                return error_response(400, _("Requête illisible ou trop volumineuse."), fmt)
            return render(root, payload, fmt)

        return view

    return decorator


# Services

def active_category(code: str) -> Category:
    code = code.strip()
    if not code:
        raise Open311Error(400, _("Le paramètre service_code est obligatoire."))
    category = next((category for category in active_categories() if category.slug == code),
                    None)
    if category is None:
        raise Open311Error(404, _("Service inconnu : %(code)s.") % {"code": code[:100]})
    return category


def service_out(category: Category, with_questions: set[int]) -> dict:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description,
        "metadata": category.pk in with_questions,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.parent.name if category.parent_id else category.name,
    }


def group_order(category: Category) -> tuple:
    parent = category.parent or category
    return parent.order, parent.name, category.parent_id is not None, category.order, category.name


def attribute_out(position: int, attribute: CategoryAttribute) -> dict:
    is_list = attribute.datatype in {CategoryAttribute.Datatype.SINGLE,
                                     CategoryAttribute.Datatype.MULTI}
    return {
        "variable": True,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": attribute.get_datatype_display(),
        "order": position,
        "description": attribute.description,
        "values": [{"key": value["key"], "name": value["name"]} for value in attribute.values]
        if is_list else [],
    }


@endpoint("GET")
def discovery(request):
    base = request.build_absolute_uri(reverse("open311:root"))
    return "discovery", {
        "changeset": CHANGESET,
        "contact": f"{settings.ORGANISATION_NAME} — {settings.SITE_URL}",
        "key_service": _("Clés d'API : à demander à l'administration de la plateforme."),
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": base,
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    }


@endpoint("GET")
def service_list(request):
    with_questions = set(CategoryAttribute.objects.values_list("category_id", flat=True))
    return "services", [service_out(category, with_questions)
                        for category in sorted(active_categories(), key=group_order)]


@endpoint("GET")
def service_definition(request, code):
    category = active_category(code)
    return "service_definition", {
        "service_code": category.slug,
        "attributes": [attribute_out(position, attribute) for position, attribute
                       in enumerate(category.attributes.all(), start=1)],
    }


# Reading service requests

def parse_moment(name: str, value: str):
    """A W3C date-time (or a date) from the query string; a '+' decoded as a space is
    restored in the offset."""
    value = re.sub(r" (\d{2}:?\d{2})$", r"+\1", value.strip())
    try:
        moment = parse_datetime(value)
        if moment is None and parse_date(value) is not None:
            moment = parse_datetime(value + "T00:00:00")
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, _("%(name)s : date invalide, attendu par exemple"
                                  " 2026-01-31T08:00:00+01:00.") % {"name": name})
    moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    if not bounds.moment_in_range(moment):
        raise Open311Error(400, _("%(name)s : date hors limites, attendu entre 1900 et 2999.")
                           % {"name": name})
    return moment


def split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def public_requests():
    last_note = StatusChange.objects.filter(report=OuterRef("pk")).exclude(message="")
    return Report.objects.select_related("category", "service", "commune").annotate(
        status_notes=Subquery(last_note.order_by("-at", "-pk").values("message")[:1])
    )


def filter_requests(params) -> list[Report]:
    """GET requests: the listed ids, or the filters within a window of at most 90 days
    (the last 90 days by default); newest first, at most 1000."""
    reports = public_requests()
    ids = split(params.get("service_request_id", ""))
    if ids:
        if len(ids) > MAX_RESULTS:
            raise Open311Error(400, _("Au plus %(max)d identifiants à la fois.")
                               % {"max": MAX_RESULTS})
        return list(reports.filter(tracking_code__in=ids)[:MAX_RESULTS])
    end = parse_moment("end_date", params["end_date"]) if params.get("end_date") else None
    start = parse_moment("start_date", params["start_date"]) if params.get("start_date") else None
    try:
        end = end or (start + DEFAULT_WINDOW if start else timezone.now())
        start = start or end - DEFAULT_WINDOW
    except OverflowError:
        raise Open311Error(400, _("Dates hors limites.")) from None
    if start > end or end - start > DEFAULT_WINDOW:
        raise Open311Error(400, _("start_date doit précéder end_date, d'au plus 90 jours."))
    reports = reports.filter(created_at__gte=start, created_at__lte=end)
    if codes := split(params.get("service_code", "")):
        reports = reports.filter(category__slug__in=codes)
    statuses = set(split(params.get("status", "")))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status : valeurs possibles open et closed."))
    if statuses == {"open"}:
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        reports = reports.filter(status__in=CLOSED_STATUSES)
    return list(reports.order_by("-created_at", "-pk")[:MAX_RESULTS])


def request_description(report: Report) -> str:
    if report.description.startswith(report.title):
        return report.description
    return f"{report.title}\n\n{report.description}".strip()


def request_out(request, report: Report) -> dict:
    return {
        "service_request_id": report.tracking_code,
        "status": "open" if report.is_open else "closed",
        "status_notes": report.status_notes or None,
        "service_name": report.category.name,
        "service_code": report.category.slug,
        "description": request_description(report),
        "agency_responsible": report.service.name,
        "service_notice": None,
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.updated_at),
        "expected_datetime": None,
        "address": ", ".join(part for part in (report.address, report.commune.name) if part),
        "address_id": report.commune.insee_code,
        "zipcode": None,
        "lat": report.public_latitude,
        "long": report.public_longitude,
        "media_url": request.build_absolute_uri(report.photo.url) if report.photo else None,
    }


def request_detail(request, code):
    report = public_requests().filter(tracking_code=code).first()
    if report is None:
        raise Open311Error(404, _("Demande inconnue : %(id)s.") % {"id": code[:100]})
    return "service_requests", [request_out(request, report)]


def request_list(request):
    return "service_requests", [request_out(request, report)
                                for report in filter_requests(request.GET)]


# Creating a service request

def text(data, name: str, max_length: int) -> str:
    value = NOT_XML_CHARACTERS.sub("", data.get(name, "")).strip()
    if len(value) > max_length:
        raise Open311Error(400, _("%(name)s : %(max)d caractères au plus.")
                           % {"name": name, "max": max_length})
    return value


def authenticate(request):
    """The owner of an api_key allowed to create requests (scope open311:write)."""
    key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not key:
        raise Open311Error(403, _("Clé d'API (api_key) absente ou invalide."))
    try:
        return tokens.authenticate(key, ApiToken.Scope.OPEN311_WRITE)
    except tokens.TokenRefused as refusal:
        status = 429 if refusal.status == 429 else 403
        raise Open311Error(status, OPEN311_REFUSALS[refusal.code]()) from None


def parse_point(data) -> tuple[float | None, float | None]:
    latitude, longitude = data.get("lat", "").strip(), data.get("long", "").strip()
    if not latitude and not longitude:
        return None, None
    try:
        point = float(latitude), float(longitude)
    except ValueError:
        point = None
    if (point is None or not all(map(math.isfinite, point))
            or abs(point[0]) > 90 or abs(point[1]) > 180):
        raise Open311Error(400, _("lat et long : coordonnées WGS84 invalides."))
    return point


def normalised(value: str) -> str:
    letters = unicodedata.normalize("NFKD", value.casefold())
    words = "".join(char if char.isalnum() else " " for char in letters
                    if not unicodedata.combining(char))
    return f" {' '.join(words.split())} "


def commune_named_in(address: str) -> Commune | None:
    """The commune whose name comes last in the address (the most general unit ends it)."""
    address = normalised(address)
    found = [(address.rfind(normalised(commune.name)), len(commune.name), commune)
             for commune in Commune.objects.all()]
    position, _length, commune = max(found, key=lambda item: item[:2], default=(-1, 0, None))
    return commune if position >= 0 else None


def find_commune(address: str, address_id: str) -> Commune:
    commune = (Commune.objects.filter(insee_code=address_id).first() if address_id
               else commune_named_in(address))
    if commune is None:
        raise Open311Error(400, _(
            "Localisation insuffisante : envoyez lat et long, ou address_id (code INSEE de la"
            " commune), ou une address_string qui nomme la commune."))
    return commune


def check_answer(attribute: CategoryAttribute, values: list[str]):
    name = f"attribute[{attribute.code}]"
    if any(len(value) > MAX_ATTRIBUTE_LENGTH for value in values):
        raise Open311Error(400, _("%(name)s : réponse trop longue.") % {"name": name})
    if attribute.datatype == CategoryAttribute.Datatype.MULTI:
        check_keys(attribute, values)
        return values
    if len(values) > 1:
        raise Open311Error(400, _("%(name)s : une seule valeur attendue.") % {"name": name})
    value = values[0]
    if attribute.datatype == CategoryAttribute.Datatype.SINGLE:
        check_keys(attribute, [value])
    elif attribute.datatype == CategoryAttribute.Datatype.NUMBER:
        try:
            valid = math.isfinite(float(value))
        except ValueError:
            valid = False
        if not valid:
            raise Open311Error(400, _("%(name)s : nombre attendu.") % {"name": name})
    elif attribute.datatype == CategoryAttribute.Datatype.DATETIME:
        return w3c(parse_moment(name, value))
    return value


def check_keys(attribute: CategoryAttribute, values: list[str]) -> None:
    keys = {str(value["key"]) for value in attribute.values}
    if not set(values) <= keys:
        raise Open311Error(400, _("attribute[%(code)s] : valeurs possibles %(keys)s.")
                           % {"code": attribute.code, "keys": ", ".join(sorted(keys))})


def parse_attributes(category: Category, data) -> dict:
    """The answers to the service definition's questions, checked; unknown codes ignored."""
    given = {}
    for key in data:
        if match := ATTRIBUTE_KEY.match(key):
            values = [NOT_XML_CHARACTERS.sub("", value).strip() for value in data.getlist(key)]
            given[match[1]] = [value for value in values if value]
    answers = {}
    for attribute in category.attributes.all():
        values = given.get(attribute.code)
        if values:
            answers[attribute.code] = check_answer(attribute, values)
        elif attribute.required:
            raise Open311Error(400, _("attribute[%(code)s] est obligatoire : %(question)s")
                               % {"code": attribute.code, "question": attribute.description})
    return answers


def parse_contact(data) -> dict:
    email = text(data, "email", 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, _("email : adresse invalide.")) from None
    name = " ".join(part for part in (text(data, "first_name", 70), text(data, "last_name", 70))
                    if part)
    return {"contact_email": email, "contact_name": name,
            "contact_phone": text(data, "phone", 30)}


def parse_media_url(data) -> str:
    url = text(data, "media_url", 2000)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise Open311Error(400, _("media_url : adresse web invalide.")) from None
    return url


def photo_bytes(request) -> bytes | None:
    upload = request.FILES.get("media")
    # One byte more than allowed is enough for the photo pipeline to refuse it.
    return upload.read(settings.PHOTO_MAX_BYTES + 1) if upload else None


def submission_from(request) -> tuple[services.Submission, str]:
    data = request.POST
    category = active_category(data.get("service_code", ""))
    latitude, longitude = parse_point(data)
    address = text(data, "address_string", 250)
    commune = (find_commune(address, text(data, "address_id", 5)) if latitude is None
               else None)
    description = text(data, "description", MAX_DESCRIPTION)
    first_line = description.splitlines()[0] if description else ""
    submission = services.Submission(
        category=category,
        title=Truncator(first_line).chars(120) or category.name,
        description=description,
        address=address,
        commune=commune,
        latitude=latitude,
        longitude=longitude,
        attributes=parse_attributes(category, data),
        photo=photo_bytes(request),
        source=Report.Source.OPEN311,
        **parse_contact(data),
    )
    return submission, parse_media_url(data)


def create_request(request):
    owner = authenticate(request)
    submission, media_url = submission_from(request)
    try:
        report = services.submit_report(submission)
    except services.ReportError as error:
        raise Open311Error(400, error.message) from None
    audit.record(owner, "report.received_open311", report)
    if media_url:
        services.add_note(report, owner, _("Média joint via Open311 (non vérifié) : %(url)s")
                          % {"url": media_url})
    return "service_requests", [{
        "service_request_id": report.tracking_code,
        "service_notice": _("Transmis au service : %(service)s.")
        % {"service": report.service.name},
        "account_id": None,
    }]


@endpoint("GET", "POST")
def service_requests(request):
    return create_request(request) if request.method == "POST" else request_list(request)


@endpoint("GET")
def service_request(request, code):
    return request_detail(request, code)


@endpoint("GET")
def token(request, token):
    """Requests are created in real time: the token is the service_request_id itself."""
    if not Report.objects.filter(tracking_code=token).exists():
        raise Open311Error(404, _("Jeton inconnu : %(token)s.") % {"token": token[:100]})
    return "service_requests", [{"service_request_id": token, "token": token}]


@endpoint()
def not_found(request, path=""):
    raise Open311Error(404, _("Aucune ressource Open311 à cette adresse."))
