"""The public pages: every page anyone can open without an account.

The quality gates (accessibility, EcoIndex, working without JavaScript, no browser error)
walk this list with the demo data loaded: the platform's own pages below, and each module's
(`Module.public_pages`), so a tool's pages are checked as soon as it is registered.
"""

from parvis.core import modules
from parvis.core.modules import PublicPage
from parvis.processes.models import Process


def first_published_process() -> str:
    process = Process.objects.published().order_by("pk").first()
    if process is None:
        raise LookupError("No published process: load the demo data (`parvis load_demo`).")
    return process.get_absolute_url()


PLATFORM_PAGES = [
    PublicPage("home", "home"),
    PublicPage("process-list", "processes:list"),
    PublicPage("process-list-open", "processes:list", query="status=open"),
    PublicPage("process-detail", resolver=first_published_process),
    PublicPage("accessibility", "accessibility"),
    PublicPage("legal-notice", "legal"),
    PublicPage("privacy", "privacy"),
    PublicPage("login", "accounts:login", has_form=True),
    PublicPage("register", "accounts:register", has_form=True),
    PublicPage("password-reset", "accounts:password_reset", has_form=True),
    PublicPage("password-reset-sent", "accounts:password_reset_done"),
    PublicPage("password-reset-complete", "accounts:password_reset_complete"),
]


def public_pages() -> list[PublicPage]:
    return PLATFORM_PAGES + modules.public_pages()
