"""The error pages: 400, 403, 404, 405, 429, 500 and a refused CSRF check, in the site's
layout, in French, with a way back and never a stack trace; in JSON for the API and Open311.

Django calls the handlers named in `parvis/urls.py` and `CSRF_FAILURE_VIEW`;
`ErrorPagesMiddleware` gives a page to the bodiless 405 of `require_http_methods` and to a
rate limit (`throttle.Throttled`) that a view lets through. The 500 page renders with a
minimal context (no context processor, no database): what failed may be the database.
"""

from dataclasses import dataclass

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.template import loader
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from parvis.core import throttle
from parvis.core.api_kit.errors import CODES
from parvis.core.context_processors import platform
from parvis.core.middleware import RequestBoundsMiddleware


@dataclass(frozen=True)
class Error:
    title: str
    message: str
    code: str = ""  # for the API; by default, its status's (`api_kit.errors.CODES`)


ERRORS = {
    400: Error(_("Requête incorrecte"),
               _("La page n'a pas compris ce qui lui a été envoyé. Revenez à la page "
                 "précédente et réessayez.")),
    403: Error(_("Accès refusé"),
               _("Cette page n'est pas accessible avec votre compte. Si vous pensez que c'est "
                 "une erreur, connectez-vous avec le bon compte ou contactez-nous.")),
    404: Error(_("Page introuvable"),
               _("Cette adresse ne correspond à aucune page : elle est peut-être mal écrite, ou "
                 "la page a été déplacée ou retirée.")),
    405: Error(_("Action impossible sur cette page"),
               _("Cette page ne s'ouvre pas de cette façon. Revenez à la page précédente et "
                 "utilisez ses liens et boutons.")),
    429: Error(_("Trop de demandes"),
               _("Vous avez fait beaucoup de demandes en peu de temps. Patientez un moment, "
                 "puis réessayez.")),
    500: Error(_("Erreur du site"),
               _("Le site a rencontré un problème et n'a pas pu afficher cette page. L'équipe "
                 "technique est prévenue ; réessayez dans quelques minutes."), "server_error"),
}
CSRF_FAILURE = Error(
    _("Formulaire expiré"),
    _("Votre formulaire n'a pas pu être vérifié : la page est peut-être restée ouverte trop "
      "longtemps, ou les cookies sont bloqués. Revenez à la page, rechargez-la, puis "
      "envoyez-le à nouveau."), "csrf_failed",
)


def error_response(request, status: int, error: Error | None = None, *,
                   retry_at=None, minimal: bool = False) -> HttpResponse:
    """The page (or JSON) of an error; `minimal` renders without the request's context."""
    error = error or ERRORS[status]
    if request.path.startswith(RequestBoundsMiddleware.JSON_PREFIXES):
        return JsonResponse({"detail": str(error.message), "code": error.code or CODES[status]},
                            status=status)
    template = loader.get_template("errors/error.html")
    with translation.override("fr"):
        context = {"status": status, "error": error,
                   "retry_at": retry_at and formats.time_format(timezone.localtime(retry_at))}
        if minimal:
            html = template.render({**platform(), **context})
        else:
            html = template.render(context, request)
    return HttpResponse(html, status=status)


def handler(status: int, **options):
    """The view Django calls for an error `status` (`handler400`… in `parvis/urls.py`)."""

    def handle(request, exception=None):
        return error_response(request, status, **options)

    return handle


bad_request = handler(400)
permission_denied = handler(403)
page_not_found = handler(404)
server_error = handler(500, minimal=True)


def csrf_failure(request, reason=""):
    return error_response(request, 403, CSRF_FAILURE)


class ErrorPagesMiddleware:
    """A page for the errors no handler sees: a 405 without a body (a view decorated with
    `require_http_methods`) and a rate limit a view did not catch (429, with the time it
    ends)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = error_response(request, 405)
            page["Allow"] = response["Allow"]
            return page
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, throttle.Throttled):
            page = error_response(request, 429, retry_at=exception.retry_at)
            page["Retry-After"] = str(max(1, int((exception.retry_at - timezone.now())
                                                 .total_seconds())))
            return page
        return None
