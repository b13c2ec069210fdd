"""The JSON API under /api/v1/: one router per app, errors as {"detail", "code"}."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from parvis.core.api import router as core_router
from parvis.processes.api import router as processes_router

api = NinjaAPI(
    title="Parvis API",
    version="1.0.0",
    description="API publique de Parvis : territoire, services, démarches participatives.",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def error(request, status: int, detail, code: str, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return error(request, 422, "Invalid request.", "invalid", errors=exc.errors)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "Not found.", "not_found")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(request, 401, "Authentication required.", "unauthorized")


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return error(request, exc.status_code, str(exc), getattr(exc, "code", "error"))


api.add_router("/", core_router)
api.add_router("/processes", processes_router)
