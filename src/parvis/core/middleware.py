"""The request bounds (body size, query string), security headers that Django 5.2 does not
set by itself, and the two-factor gate."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.permissions import requires_two_factor
from parvis.core.services import two_factor

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()"


class RequestBoundsMiddleware:
    """Refuse, before any view, what no page can take.

    - A request whose declared body is larger than REQUEST_MAX_BYTES (the largest upload a
      page accepts, with its fields), before a byte of it is read: 413. The WSGI server never
      hands the application more than the declared Content-Length, so this caps every body;
      the reverse proxy should refuse it first (`client_max_body_size` for nginx, see the
      README).
    - A query string with a NUL character: 400 (422 in the API). No text field stores one
      (PostgreSQL refuses it in any text value), so a view filtering on a parameter would
      otherwise fail.

    The API and Open311 get JSON, other pages a French sentence."""

    JSON_PREFIXES = ("/api/", "/open311/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads no body then
        limit = settings.REQUEST_MAX_BYTES
        if declared > limit:
            megabytes = limit // (1024 * 1024)
            return self.refuse(
                request, 413, f"Request body larger than {megabytes} MB.", "too_large",
                _("Votre envoi dépasse %(size)d Mo : réduisez la taille des fichiers joints,"
                  " puis revenez à la page précédente pour réessayer.") % {"size": megabytes},
            )
        if any("\x00" in text for key, values in request.GET.lists() for text in [key, *values]):
            # The API documents an invalid request as 422, Open311 and the pages as 400.
            status = 422 if request.path.startswith("/api/") else 400
            return self.refuse(
                request, status, "The query string holds a NUL character.", "invalid",
                _("L'adresse de la page contient un caractère invalide : revenez à la page"
                  " précédente et réessayez."),
            )
        return self.get_response(request)

    def refuse(self, request, status: int, detail: str, code: str, sentence: str):
        if request.path.startswith(self.JSON_PREFIXES):
            body = {"detail": detail, "code": code}
            if status == 422:  # the API's documented invalid request, field by field
                body["errors"] = [{"loc": ["query"], "msg": detail, "type": code}]
            return JsonResponse(body, status=status)
        return HttpResponse(sentence, status=status, content_type="text/plain; charset=utf-8")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        # A page may widen the policy for what it shows (a map's tiles: `core.maps`).
        policy = getattr(request, "content_security_policy", None) or self.csp
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class TwoFactorMiddleware:
    """A person in a staff role whose session has no second factor yet reaches nothing
    but the two-factor pages: enrolment first, or the code of their authenticator (a session
    opened before enrolment was required, or before a role was granted).

    Runs after django-otp's OTPMiddleware (`request.user.is_verified()`). The API and
    Open311 authenticate with tokens, not sessions, and are not concerned.
    """

    OPEN_PREFIXES = ("/static/", "/media/", "/api/", "/open311/", "/sante/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not request.path.startswith(self.OPEN_PREFIXES)
                and requires_two_factor(user) and not user.is_verified()):
            open_paths = {reverse(name) for name in ("accounts:two_factor", "accounts:logout")}
            if request.path not in open_paths:
                if two_factor.is_enrolled(user):
                    # The code step of the login: the session starts again from there.
                    logout(request)
                    return redirect_to_login(request.get_full_path())
                return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor"))
        return self.get_response(request)
