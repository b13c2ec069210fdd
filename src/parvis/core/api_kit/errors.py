"""Errors of the JSON API: always `{"detail", "code"}`, plus `errors` for invalid input."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid",
    429: "throttled",
}
# Refusals of an API token, more precise than their status's code.
TOKEN_CODES = ["invalid_token", "token_expired", "insufficient_scope"]


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, for people.")
    code: str = Field(
        description="What went wrong, for programs: " + ", ".join([*CODES.values(), *TOKEN_CODES])
    )


class FieldError(Schema):
    loc: list[str | int] = Field(description='Where, e.g. ["query", "page"].')
    msg: str
    type: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldError]


class NotFound(HttpError):
    def __init__(self, detail: str):
        super().__init__(404, detail)


def get_by_slug(queryset: QuerySet, slug: str, label: str):
    """The object of `queryset` with this slug; a JSON 404 naming `label` otherwise."""
    try:
        return queryset.get(slug=slug)
    except ObjectDoesNotExist:
        raise NotFound(f"Unknown {label} '{slug}'.") from None


def get_filter_object(queryset: QuerySet, slug: str | None, label: str):
    """The object a filter parameter names, None without the filter, a JSON 404 if unknown."""
    return get_by_slug(queryset, slug, label) if slug else None


def field_errors(errors: list[dict]) -> list[dict]:
    """Pydantic's errors, reduced to what `FieldError` documents."""
    return [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "Invalid value")),
            "type": str(error.get("type", "invalid")),
        }
        for error in errors
    ]


def summary(errors: list[dict]) -> str:
    return "; ".join(f"{'.'.join(map(str, error['loc']))}: {error['msg']}" for error in errors)
