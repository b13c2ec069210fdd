"""The public pages: every page anyone can open without an account, and the steps of
signing in (the code of a second factor, setting up an authenticator app).

The quality gates (accessibility, EcoIndex, working without JavaScript, no browser error)
walk this list with the demo data loaded: the platform's own pages below, and each module's
(`Module.public_pages`), so a tool's pages are checked as soon as it is registered.
"""

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from parvis.core import modules
from parvis.core.models import Role, User
from parvis.core.modules import PublicPage, require_demo_data
from parvis.core.services.accounts import PENDING_LOGIN_KEY
from parvis.processes.models import Process


def first_published_process() -> str:
    process = Process.objects.published().order_by("pk").first()
    require_demo_data(process, "No published process")
    return process.get_absolute_url()


def demo_staff_member() -> User:
    user = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    return require_demo_data(user, "No staff account")


def login_in_progress() -> dict:
    """A staff member who gave the right password and is asked the code of their app."""
    return {PENDING_LOGIN_KEY: {"user": demo_staff_member().pk,
                                "backend": settings.AUTHENTICATION_BACKENDS[0],
                                "at": timezone.now().timestamp()}}


def demo_citizen() -> User:
    """The demo account without any role that took part the most (judged by the
    notifications its contributions brought it)."""
    user = (User.objects.filter(is_active=True, is_superuser=False, role_grants=None)
            .annotate(activity=Count("notifications")).order_by("-activity", "pk").first())
    return require_demo_data(user, "No citizen account")


def my_space_as(role: Role | None) -> PublicPage:
    """« Mon espace » as the demo's citizen, or as the first demo account holding `role`."""
    name = f"my-space-{role.value.replace('_', '-')}" if role else "my-space-citizen"
    find = modules.holder_of(role) if role else demo_citizen
    return PublicPage(name, "my_space", session=modules.signed_in(find))


PLATFORM_PAGES = [
    PublicPage("home", "home"),
    PublicPage("process-list", "processes:list"),
    PublicPage("process-list-open", "processes:list", query="status=open"),
    PublicPage("process-detail", resolver=first_published_process),
    PublicPage("accessibility", "accessibility"),
    PublicPage("legal-notice", "legal"),
    PublicPage("offline", "offline"),
    PublicPage("privacy", "privacy"),
    PublicPage("login", "accounts:login", has_form=True),
    PublicPage("register", "accounts:register", has_form=True),
    PublicPage("register-sent", "accounts:registration_sent"),
    PublicPage("login-code", "accounts:login_code", has_form=True, session=login_in_progress),
    PublicPage("two-factor-setup", "accounts:two_factor", has_form=True,
               session=modules.signed_in(demo_staff_member)),
    PublicPage("password-reset", "accounts:password_reset", has_form=True),
    PublicPage("password-reset-sent", "accounts:password_reset_done"),
    PublicPage("password-reset-complete", "accounts:password_reset_complete"),
    PublicPage("search", "search"),
    PublicPage("search-results", "search", query={"q": "velo"}),
    PublicPage("search-too-short", "search", query={"q": "v"}),
    PublicPage("error-404", resolver=lambda: "/page-introuvable/", status=404),
    PublicPage("account", "accounts:profile",
               session=modules.signed_in(demo_citizen)),
    my_space_as(None),
    *(my_space_as(role) for role in (Role.AGENT, Role.MODERATOR, Role.PROCESS_MANAGER,
                                     Role.JURY_MEMBER)),
]


def public_pages() -> list[PublicPage]:
    return PLATFORM_PAGES + modules.public_pages()
