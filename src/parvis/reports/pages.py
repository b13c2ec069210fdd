"""The public pages of issue reports, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""



from django.urls import reverse

from parvis.core.models import Role
from parvis.core.modules import PublicPage, holder_of, require_demo_data, signed_in
from parvis.reports.models import Report
from parvis.reports.permissions import inbox_reports

demo_agent = holder_of(Role.AGENT)


def report_with_photo() -> str:
    report = Report.objects.exclude(photo="").order_by("pk").first()
    require_demo_data(report, "No report with a photo")
    return report.get_absolute_url()


def report_in_agent_inbox() -> str:
    """The newest report the demo agent handles, on their side."""
    report = inbox_reports(demo_agent()).order_by("-pk").first()
    require_demo_data(report, "No report for the demo agent")
    return reverse("reports:inbox_detail", args=[report.tracking_code])
def follow_up_page() -> str:
    """The private follow-up page of the demo's first report (its link is the secret)."""
    report = Report.objects.order_by("pk").first()
    require_demo_data(report, "No report")
    return reverse("reports:follow", args=[report.follow_token])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("report-list", "reports:list"),
        PublicPage("report-list-filtered", "reports:list", query="status=open&category=voirie"),
        PublicPage("report-new", "reports:new", has_form=True),
        PublicPage("report-detail", resolver=report_with_photo),
        PublicPage("report-inbox", "reports:inbox", session=signed_in(demo_agent)),
        PublicPage("report-inbox-detail", resolver=report_in_agent_inbox,
                   session=signed_in(demo_agent)),
        PublicPage("report-figures", "reports:figures", session=signed_in(demo_agent)),
        PublicPage("report-lookup", "reports:lookup"),
        PublicPage("report-lookup-error", "reports:lookup", query="code=O1I0"),
        PublicPage("report-follow", resolver=follow_up_page, has_form=True),
    ]
