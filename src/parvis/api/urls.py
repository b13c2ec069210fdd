"""The JSON API under /api/v1/: one router per app, every error as JSON {"detail", "code"}."""

from functools import partial, wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.utils.module_loading import import_string
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from parvis.core import modules
from parvis.core.api import router as core_router
from parvis.core.api_kit.errors import CODES, field_errors, summary
from parvis.core.services.tokens import TokenRefused
from parvis.processes.api import router as processes_router


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


def on_validation_error(api, request, exc):
    errors = field_errors(exc.errors)
    return api.error(request, 422, f"Invalid request: {summary(errors)}.", errors=errors)


def on_not_found(api, request, exc):
    return api.error(request, 404, "Not found.")


def on_unauthenticated(api, request, exc):
    response = api.error(
        request, 401, "A valid API token is required: Authorization: Bearer <key>."
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def on_token_refused(api, request, exc):
    response = api.error(request, exc.status, exc.detail, code=exc.code)
    if exc.status in (401, 403):
        error = "insufficient_scope" if exc.status == 403 else "invalid_token"
        response["WWW-Authenticate"] = f'Bearer error="{error}"'
    return response


def on_forbidden(api, request, exc):
    return api.error(request, 403, str(exc) or "You may not do this.")


def on_http_error(api, request, exc):
    return api.error(request, exc.status_code, str(exc))


HANDLERS = {
    ValidationError: on_validation_error,
    Http404: on_not_found,
    AuthenticationError: on_unauthenticated,
    TokenRefused: on_token_refused,
    PermissionDenied: on_forbidden,
    HttpError: on_http_error,
}


def build_api() -> ParvisAPI:
    """The API with the platform's routers and every registered module's."""
    api = ParvisAPI(
        title="Parvis API",
        version="1.0.0",
        description=(
            "API publique de Parvis : territoire, services, démarches participatives.\n\n"
            "Listings are paginated (`page`, `page_size` up to 100; answer: `items` and"
            " `count`). Errors are JSON `{\"detail\": ..., \"code\": ...}`, with `errors`"
            " (field by field) when the request is invalid (422). An unknown commune or theme"
            " in a filter is a 404."
        ),
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
    for exception, handler in HANDLERS.items():
        api.add_exception_handler(exception, partial(handler, api))
    api.add_router("/", core_router)
    api.add_router("/", processes_router)
    for module in modules.all_modules():
        if module.api:
            api.add_router("/", import_string(module.api))
    return api


api = build_api()
