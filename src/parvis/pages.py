"""The registry of public pages: every page anyone can open without an account.

The quality gates (accessibility, EcoIndex, working without JavaScript, no browser error)
walk this list with the demo data loaded, so a public page added to the site gets its
line here. A page's address is resolved only when a gate opens it, from a URL name or,
for a page about some content, from the database.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from parvis.agenda.models import Event
from parvis.budgets.models import Project, ProjectStatus
from parvis.calls.applications import public_calls
from parvis.comments.models import Debate
from parvis.consultations.models import Consultation, ResultsVisibility
from parvis.consultations.permissions import visible_consultations
from parvis.core.models import User
from parvis.ideas.models import Idea, IdeaBox
from parvis.notifications.services import unsubscribe_token
from parvis.panels.recruitment import public_panels
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


def demo_debate() -> Debate:
    debate = (Debate.objects.visible().filter(process__in=Process.objects.published(),
                                              comments__isnull=False).order_by("pk").first())
    if debate is None:
        raise LookupError("No debate with comments: load the demo data (`parvis load_demo`).")
    return debate


def debate_list() -> str:
    return reverse("debates:list", args=[demo_debate().process.slug])


def debate_detail() -> str:
    return demo_debate().get_absolute_url()


def unsubscribe_link() -> str:
    """The page an e-mail's unsubscribe link opens, for the first demo account."""
    user = User.objects.filter(is_active=True).order_by("pk").first()
    if user is None:
        raise LookupError("No account: load the demo data (`parvis load_demo`).")
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def answered_idea() -> Idea:
    idea = Idea.objects.listed().filter(history__message__gt="").order_by("pk").first()
    if idea is None:
        raise LookupError("No idea with an official answer: load the demo data.")
    return idea


def idea_box() -> str:
    return answered_idea().box.get_absolute_url()


def idea_detail() -> str:
    return answered_idea().get_absolute_url()


def idea_proposal_form() -> str:
    box = IdeaBox.objects.filter(process__in=Process.objects.published()).order_by("pk").first()
    if box is None:
        raise LookupError("No idea box: load the demo data (`parvis load_demo`).")
    return reverse("ideas:propose", args=[box.slug])


def closed_consultation() -> Consultation:
    """The demo's closed consultation whose results are public ("Îlots de fraîcheur")."""
    consultation = (visible_consultations(AnonymousUser()).filter(
        closes_at__lte=timezone.now(), results_visibility=ResultsVisibility.AFTER_CLOSING,
        sites__isnull=False).order_by("pk").first())
    if consultation is None:
        raise LookupError("No closed consultation with sites: load the demo data.")
    return consultation


def consultation_results() -> str:
    return reverse("consultations:results", args=[closed_consultation().slug])


def consultation_site_results() -> str:
    site = closed_consultation().sites.order_by("slug").first()
    return f"{consultation_results()}?{urlencode({'site': site.slug})}"


def open_consultation_form() -> str:
    """An open demo consultation anyone may answer ("Les outils de participation")."""
    consultation = (visible_consultations(AnonymousUser()).open_at(timezone.now())
                    .filter(audience="anyone")
                    .order_by("pk").first())
    if consultation is None:
        raise LookupError("No open consultation: load the demo data (`parvis load_demo`).")
    return consultation.get_absolute_url()


def event_with_registration() -> Event:
    event = (Event.objects.published().upcoming().filter(registration_required=True)
             .exclude(process=None).order_by("starts_at").first())
    if event is None:
        raise LookupError("No event with registration: load the demo data (`parvis load_demo`).")
    return event


def event_detail() -> str:
    return event_with_registration().get_absolute_url()


def event_registration_form() -> str:
    return reverse("agenda:register", args=[event_with_registration().slug])


def reviewed_project() -> Project:
    """A demo project with a public review decision (the budget in its submission phase)."""
    project = (Project.objects.public().filter(status=ProjectStatus.ELIGIBLE)
               .exclude(public_reason="").order_by("pk").first())
    if project is None:
        raise LookupError("No eligible project: load the demo data (`parvis load_demo`).")
    return project


def budget_detail() -> str:
    return reviewed_project().budget.get_absolute_url()


def budget_projects() -> str:
    return reverse("budgets:projects", args=[reviewed_project().budget.slug])


def budget_project_detail() -> str:
    return reviewed_project().get_absolute_url()


def budget_submission_form() -> str:
    return reverse("budgets:submit", args=[reviewed_project().budget.slug])


def budget_vote() -> str:
    return reverse("budgets:vote", args=[reviewed_project().budget.slug])


def lost_budget_project() -> Project:
    """A project not selected by a published vote: its explanation tells the most."""
    published = Project.objects.public().filter(budget__results_published_at__isnull=False)
    project = (published.filter(status=ProjectStatus.NOT_SELECTED)
               .select_related("budget").order_by("pk").first())
    if project is None:
        raise LookupError("No published budget results: load the demo data (`parvis load_demo`).")
    return project


def budget_results() -> str:
    return reverse("budgets:results", args=[lost_budget_project().budget.slug])


def budget_rule_comparison() -> str:
    return reverse("budgets:results_comparison", args=[lost_budget_project().budget.slug])


def budget_project_explanation() -> str:
    project = lost_budget_project()
    return reverse("budgets:project_explanation", args=[project.budget.slug, project.pk])


def budget_receipt_form() -> str:
    return reverse("budgets:receipt_explanation", args=[lost_budget_project().budget.slug])


def budget_receipt_explained() -> str:
    """The receipt form answered with the code of a ballot choosing the lost project."""
    project = lost_budget_project()
    choice = project.ballot_choices.select_related("ballot").order_by("pk").first()
    code = urlencode({"code": choice.ballot.receipt_code})
    return f"{reverse('budgets:receipt_explanation', args=[project.budget.slug])}?{code}"


def open_call() -> str:
    """The demo's call for projects open to applications ("Clic et Déclic 2027")."""
    now = timezone.now()
    call = public_calls().filter(launched_at__lte=now, deadline__gt=now).order_by("pk").first()
    if call is None:
        raise LookupError("No open call for projects: load the demo data (`parvis load_demo`).")
    return call.get_absolute_url()


def published_laureates() -> str:
    """The demo's judged call whose laureates are published ("Clic et Déclic 2026")."""
    call = public_calls().filter(laureates_published_at__isnull=False).order_by("pk").first()
    if call is None:
        raise LookupError("No call with published laureates: load the demo data.")
    return reverse("calls:laureates", args=[call.slug])


def drawn_panel() -> str:
    """The demo's panel whose members were drawn (« Pionniers de la participation 2027 »)."""
    panel = public_panels().filter(draws__performed_at__isnull=False).order_by("pk").first()
    if panel is None:
        raise LookupError("No drawn panel: load the demo data (`parvis load_demo`).")
    return panel.get_absolute_url()


def recruiting_panel() -> str:
    """The demo's panel calling for volunteers (« Foyers pionniers du climat »)."""
    panel = public_panels().filter(status="recruiting").order_by("pk").first()
    if panel is None:
        raise LookupError("No panel calling for volunteers: load the demo data.")
    return panel.get_absolute_url()


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
    PublicPage("moderation-charter", "moderation:charter"),
    PublicPage("moderation-report", "moderation:report"),
    PublicPage("debate-list", resolver=debate_list),
    PublicPage("debate-detail", resolver=debate_detail),
    PublicPage("notifications-unsubscribe", resolver=unsubscribe_link),
    PublicPage("idea-list", "ideas:list"),
    PublicPage("idea-box-list", "ideas:boxes"),
    PublicPage("idea-box", resolver=idea_box),
    PublicPage("idea-detail", resolver=idea_detail),
    PublicPage("idea-new", resolver=idea_proposal_form, has_form=True),
    PublicPage("event-list", "agenda:list"),
    PublicPage("event-list-filtered", "agenda:list", query="mode=on_site&commune=bordeaux"),
    PublicPage("event-month", "agenda:month_current"),
    PublicPage("event-detail", resolver=event_detail),
    PublicPage("event-register", resolver=event_registration_form, has_form=True),
    PublicPage("consultation-list", "consultations:list"),
    PublicPage("consultation-answer", resolver=open_consultation_form, has_form=True),
    PublicPage("consultation-results", resolver=consultation_results),
    PublicPage("consultation-site-results", resolver=consultation_site_results),
    PublicPage("panel-list", "panels:list"),
    PublicPage("panel-detail", resolver=drawn_panel),
    PublicPage("panel-recruiting", resolver=recruiting_panel),
    PublicPage("call-list", "calls:list"),
    PublicPage("call-detail", resolver=open_call),
    PublicPage("call-laureates", resolver=published_laureates),
    PublicPage("budget-list", "budgets:list"),
    PublicPage("budget-detail", resolver=budget_detail),
    PublicPage("budget-projects", resolver=budget_projects),
    PublicPage("budget-project-detail", resolver=budget_project_detail),
    PublicPage("budget-project-new", resolver=budget_submission_form),
    PublicPage("budget-vote", resolver=budget_vote),
    PublicPage("budget-results", resolver=budget_results),
    PublicPage("budget-rule-comparison", resolver=budget_rule_comparison),
    PublicPage("budget-project-explanation", resolver=budget_project_explanation),
    # A GET form (the gates submit POST forms): its error state is a page of its own.
    PublicPage("budget-receipt-explanation", resolver=budget_receipt_form),
    PublicPage("budget-receipt-explanation-error", resolver=budget_receipt_form, query="code="),
    PublicPage("budget-receipt-explanation-found", resolver=budget_receipt_explained),
]
