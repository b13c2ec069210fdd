"""The public pages of issue reports, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""



from django.urls import reverse

from parvis.core.modules import PublicPage
from parvis.reports.models import Report


def report_with_photo() -> str:
    report = Report.objects.exclude(photo="").order_by("pk").first()
    if report is None:
        raise LookupError("No report with a photo: load the demo data (`parvis load_demo`).")
    return report.get_absolute_url()


def follow_up_page() -> str:
    """The private follow-up page of the demo's first report (its link is the secret)."""
    report = Report.objects.order_by("pk").first()
    if report is None:
        raise LookupError("No report: load the demo data (`parvis load_demo`).")
    return reverse("reports:follow", args=[report.follow_token])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("report-list", "reports:list"),
        PublicPage("report-list-filtered", "reports:list", query="status=open&category=voirie"),
        PublicPage("report-new", "reports:new", has_form=True),
        PublicPage("report-detail", resolver=report_with_photo),
        PublicPage("report-lookup", "reports:lookup"),
        PublicPage("report-lookup-error", "reports:lookup", query="code=O1I0"),
        PublicPage("report-follow", resolver=follow_up_page, has_form=True),
    ]
