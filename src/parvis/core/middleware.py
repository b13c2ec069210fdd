"""Security headers that Django 5.2 does not set by itself, and the two-factor gate."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

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


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
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
