"""The JSON API under /api/v1/: one router per app, every error as JSON {"detail", "code"}."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from parvis.agenda.api import router as agenda_router
from parvis.api.errors import CODES, field_errors, summary
from parvis.budgets.api import router as budgets_router
from parvis.calls.api import router as calls_router
from parvis.comments.api import router as comments_router
from parvis.consultations.api import router as consultations_router
from parvis.core.api import router as core_router
from parvis.core.services.tokens import TokenRefused
from parvis.ideas.api import router as ideas_router
from parvis.panels.api import router as panels_router
from parvis.processes.api import router as processes_router
from parvis.reports.api import router as reports_router


class ParvisAPI(NinjaAPI):
    """Also answers JSON where Django would answer HTML: unknown routes, disallowed methods."""

    def error(self, request, status: int, detail: str, **extra):
        body = {"detail": detail, "code": CODES.get(status, "error"), **extra}
        return self.create_response(request, body, status=status)

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        patterns = [
            URLPattern(pattern.pattern, self.json_errors(pattern.callback),
                       pattern.default_args, pattern.name)
            for pattern in patterns
        ]
        return [*patterns, re_path(r"", self.unknown_route)], app_name, namespace

    def json_errors(self, view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:  # the API root, which has no content
                return self.unknown_route(request)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = self.error(
                    request, 405, f"Method {request.method} not allowed; allowed: {allowed}."
                )
                response["Allow"] = allowed
            return response

        return wrapper

    def unknown_route(self, request):
        return self.error(request, 404, f"No API route at {request.path}.")


api = ParvisAPI(
    title="Parvis API",
    version="1.0.0",
    description=(
        "API publique de Parvis : territoire, services, démarches participatives.\n\n"
        "Listings are paginated (`page`, `page_size` up to 100; answer: `items` and `count`). "
        "Errors are JSON `{\"detail\": ..., \"code\": ...}`, with `errors` (field by field) "
        "when the request is invalid (422). An unknown commune or theme in a filter is a 404."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    errors = field_errors(exc.errors)
    return api.error(request, 422, f"Invalid request: {summary(errors)}.", errors=errors)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.error(request, 404, "Not found.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    response = api.error(
        request, 401, "A valid API token is required: Authorization: Bearer <key>."
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(TokenRefused)
def on_token_refused(request, exc):
    response = api.error(request, exc.status, exc.detail, code=exc.code)
    if exc.status in (401, 403):
        error = "insufficient_scope" if exc.status == 403 else "invalid_token"
        response["WWW-Authenticate"] = f'Bearer error="{error}"'
    return response


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return api.error(request, exc.status_code, str(exc))


api.add_router("/", core_router)
api.add_router("/", processes_router)
api.add_router("/", reports_router)
api.add_router("/", ideas_router)
api.add_router("/", comments_router)
api.add_router("/", agenda_router)
api.add_router("/", consultations_router)
api.add_router("/", calls_router)
api.add_router("/", budgets_router)
api.add_router("/", panels_router)
