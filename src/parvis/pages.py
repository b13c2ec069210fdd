"""The registry of public pages: every page anyone can open without an account.

The quality gates (accessibility, EcoIndex, working without JavaScript, no browser error)
walk this list with the demo data loaded, so a public page added to the site gets its
line here. A page's address is resolved only when a gate opens it, from a URL name or,
for a page about some content, from the database.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from parvis.processes.models import Process
from parvis.reports.models import Report


@dataclass(frozen=True)
class PublicPage:
    """A public page: a URL name (with an optional query string) or a resolver."""

    name: str
    url_name: str = ""
    query: str = ""
    resolver: Callable[[], str] | None = None
    has_form: bool = False  # a form the gates also submit empty, to check its error state

    def path(self) -> str:
        path = self.resolver() if self.resolver else reverse(self.url_name)
        return f"{path}?{self.query}" if self.query else path


def first_published_process() -> str:
    process = Process.objects.published().order_by("pk").first()
    if process is None:
        raise LookupError("No published process: load the demo data (`parvis load_demo`).")
    return process.get_absolute_url()


def report_with_photo() -> str:
    report = Report.objects.exclude(photo="").order_by("pk").first()
    if report is None:
        raise LookupError("No report with a photo: load the demo data (`parvis load_demo`).")
    return report.get_absolute_url()


PUBLIC_PAGES = [
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
    PublicPage("report-list", "reports:list"),
    PublicPage("report-list-filtered", "reports:list", query="status=open&category=voirie"),
    PublicPage("report-new", "reports:new", has_form=True),
    PublicPage("report-detail", resolver=report_with_photo),
]
