"""One seeded world for the security tests: the demo data (every kind of object: public and
members-only processes, a panel and its members' space, ideas and drafts, reports, a budget
with ballots, a call with applications and a jury, loans...) plus the few people the demo
lacks, one per role; and, for every URL name of the site, the path values naming real
objects of that world."""

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from parvis.agenda.models import Event
from parvis.budgets.models import Ballot, Budget, DeskSession, Project
from parvis.calls.models import Application, Call, Partner
from parvis.comments.models import Comment, Debate
from parvis.consultations import answer_moderation
from parvis.consultations.models import Consultation, Site
from parvis.core.models import Commune, HelpConsent, Role, User
from parvis.core.services.accounts import give_consent
from parvis.core.services.roles import grant_role
from parvis.ideas.models import Idea
from parvis.ideas.services import Proposal, create_draft
from parvis.indicators.models import Axis, Indicator
from parvis.lending.models import Device, Incident, Loan
from parvis.moderation.models import ModeratedItem
from parvis.notifications.models import Notification
from parvis.panels.models import Draw, Member, Panel
from parvis.processes.models import Process
from parvis.realisations.models import Realisation
from parvis.reports.models import Report

ROLES = (
    "anonymous", "citizen", "panel_member", "helper", "agent", "moderator", "commune_manager",
    "metropolis_manager", "juror", "administrator",
)
DEMO_PEOPLE = {
    "citizen": "Camille33", "panel_member": "MembrePionnier", "helper": "MediateurCenon",
    "agent": "AgentVoirie", "moderator": "ModerationMetropole",
    "metropolis_manager": "GestionParticipation", "juror": "JuryClicDeclic",
    "administrator": "Administration",
}
COMMUNE_MANAGER = "GestionPessac"


def add_people() -> None:
    """The demo has one account per role; a process manager of one commune is added (Pessac,
    which none of the demo's processes concerns)."""
    manager = User.objects.create_user(
        "gestion.pessac@example.org", None, pseudonym=COMMUNE_MANAGER,
    )
    grant_role(None, manager, Role.PROCESS_MANAGER, commune=Commune.objects.get(name="Pessac"))
    found = people()
    give_consent(found["citizen"], found["helper"], "Voter au budget participatif", months=3)
    box = Idea.objects.filter(author=found["citizen"]).first().box
    create_draft(box, found["citizen"], Proposal(title="Brouillon privé", body="Pas encore."))
    budget = Budget.objects.filter(ballots__isnull=False).first()
    DeskSession.objects.create(budget=budget, place="Mairie de Bègles, accueil",
                               opened_by=found["helper"])


def people() -> dict[str, User | None]:
    found = {user.pseudonym: user for user in User.objects.filter(
        pseudonym__in=[*DEMO_PEOPLE.values(), COMMUNE_MANAGER])}
    return {"anonymous": None, "commune_manager": found[COMMUNE_MANAGER],
            **{role: found[pseudonym] for role, pseudonym in DEMO_PEOPLE.items()}}


def url_names() -> dict[str, URLPattern]:
    """Every named URL of the site, by its namespaced name."""
    return {name: pattern for name, (pattern, _converters) in _walk_urls().items()}


def url_converters(name: str) -> dict:
    """The converters of a named URL's path values, those of the prefixes it is included
    under with its own."""
    return _walk_urls()[name][1]


def _walk_urls() -> dict[str, tuple[URLPattern, dict]]:
    found = {}

    def walk(resolver, namespace, converters):
        for pattern in resolver.url_patterns:
            own = {**converters, **getattr(pattern.pattern, "converters", {})}
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(pattern, f"{namespace}{inner}:" if inner else namespace, own)
            elif pattern.name:
                found.setdefault(f"{namespace}{pattern.name}", (pattern, own))

    walk(get_resolver(), "", {})
    return found


class World:
    """The objects the URLs name, looked up once in the seeded data."""

    def __init__(self):
        self.people = people()
        citizen = self.people["citizen"]
        self.process = Process.objects.get(title="Budget participatif 2027")
        self.panel = Panel.objects.filter(space_process__isnull=False).first()
        self.space_process = self.panel.space_process
        self.idea = Idea.objects.filter(author=citizen).exclude(status="draft").first()
        self.draft_idea = Idea.objects.get(author=citizen, status="draft")
        self.box = self.idea.box
        self.report = Report.objects.filter(reporter=citizen).first()
        self.event = Event.objects.order_by("pk").first()
        self.consultation = Consultation.objects.order_by("pk").first()
        self.site = Site.objects.order_by("pk").first()
        self.pending_answer = next(
            (answer for consultation in Consultation.objects.all()
             for answer in answer_moderation.pending_texts(consultation)[:1]), None)
        self.call = Call.objects.order_by("pk").first()
        self.application = Application.objects.filter(call=self.call).exclude(
            status="draft").first()
        self.partner = Partner.objects.filter(application=self.application).exclude(
            letter="").first()
        self.budget = Budget.objects.filter(ballots__isnull=False).distinct().first()
        self.project = Project.objects.filter(budget=self.budget).first()
        self.desk_session = DeskSession.objects.filter(budget=self.budget).first()
        self.desk_ballot = Ballot.objects.filter(budget=self.budget, channel="desk").first()
        self.sub_budget = self.budget.sub_budgets.first()
        self.debate = Debate.objects.order_by("pk").first()
        self.comment = Comment.objects.filter(author=citizen).first()
        self.draw = Draw.objects.filter(panel=self.panel).first()
        self.member = Member.objects.filter(panel=self.panel, withdrawn_at=None).first()
        self.loan = Loan.objects.order_by("pk").first()
        self.device = Device.objects.order_by("pk").first()
        self.incident = Incident.objects.order_by("pk").first()
        self.notification = Notification.objects.filter(recipient=citizen).first()
        self.moderated = ModeratedItem.objects.order_by("pk").first()
        self.consent = HelpConsent.objects.order_by("pk").first()
        self.realisation = Realisation.objects.filter(process__isnull=False).order_by("pk").first()
        # What only some roles may see: no refusal may show any of it.
        self.secrets = [
            self.draft_idea.title, self.consent.scope, self.application.title,
            *(person.email for person in self.people.values() if person is not None),
        ]

    def private_values(self, name: str, thing: str) -> dict:
        """The path values of a URL name naming a private object of this world instead."""
        private = getattr(self, thing)
        values = self.path_values(name)
        key = next(key for key in ("slug", "pk", "idea_id") if key in values)
        return {**values, key: private.slug if key == "slug" else private.pk}

    def query(self, name: str) -> str:
        """The query string an operation needs to answer."""
        if name == "api-1.0.0:list_comments":
            return f"?target_type=ideas.idea&target_id={self.idea.pk}"
        return ""

    def path_values(self, name: str) -> dict:
        """The path values of a URL name, naming objects of this world."""
        slug = {"processes": self.process, "debates": self.space_process,
                "ideas": self.box, "agenda": self.event, "consultations": self.consultation,
                "panels": self.panel, "calls": self.call, "budgets": self.budget}
        namespace = name.partition(":")[0]
        values = dict(SPECIAL.get(name, lambda world: {})(self))
        if "slug" in url_converters(name) and "slug" not in values and namespace in slug:
            values["slug"] = slug[namespace].slug
        return values


def _flag(world):
    return {"content_type_id": ContentType.objects.get_for_model(Idea).pk,
            "object_id": world.idea.pk}


SPECIAL = {
    "accounts:confirm_email": lambda w: {"token": "jeton-inconnu"},
    "accounts:password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "jeton-inconnu"},
    "accounts:revoke_consent": lambda w: {"pk": w.consent.pk},
    "verification:person": lambda w: {"pk": w.people["citizen"].pk},
    "verification:oidc_start": lambda w: {"slug": "franceconnect"},
    "verification:oidc_callback": lambda w: {"slug": "franceconnect"},
    "notifications:open": lambda w: {"pk": w.notification.pk},
    "notifications:unsubscribe": lambda w: {"token": "jeton-inconnu"},
    "moderation:flag": _flag,
    "moderation:item": lambda w: {"pk": w.moderated.pk},
    "moderation:appeal": lambda w: {"pk": w.moderated.pk},
    "comments:reply": lambda w: {"pk": w.comment.pk},
    "comments:edit": lambda w: {"pk": w.comment.pk},
    "comments:delete": lambda w: {"pk": w.comment.pk},
    "debates:detail": lambda w: {"pk": w.debate.pk, "slug": w.debate.process.slug},
    "debates:list": lambda w: {"slug": w.debate.process.slug},
    "debates:new": lambda w: {"slug": w.debate.process.slug},
    "reports:follow": lambda w: {"token": w.report.follow_token},
    "reports:send_follow_link": lambda w: {"token": w.report.follow_token},
    "reports:inbox_detail": lambda w: {"code": w.report.tracking_code},
    "reports:detail": lambda w: {"code": w.report.tracking_code},
    "reports:me_too": lambda w: {"code": w.report.tracking_code},
    "open311:discovery": lambda w: {"fmt": "json"},
    "open311:services": lambda w: {"fmt": "json"},
    "open311:requests": lambda w: {"fmt": "json"},
    "open311:service": lambda w: {"code": w.report.category.slug, "fmt": "json"},
    "open311:request": lambda w: {"code": w.report.tracking_code, "fmt": "json"},
    "open311:token": lambda w: {"token": "jeton-inconnu", "fmt": "json"},
    **{f"ideas:{name}": (lambda w: {"pk": w.idea.pk}) for name in (
        "detail", "edit", "withdraw", "support", "answer", "merge")},
    "ideas:preview": lambda w: {"pk": w.draft_idea.pk},
    "ideas:publish": lambda w: {"pk": w.draft_idea.pk},
    "agenda:month": lambda w: {"year": 2027, "month": 3},
    "agenda:commune_feed": lambda w: {"slug": "bordeaux"},
    "agenda:process_feed": lambda w: {"slug": w.process.slug},
    "agenda:cancel": lambda w: {"token": "jeton-inconnu"},
    "agenda:confirm": lambda w: {"token": "jeton-inconnu"},
    "consultations:results_moderate": lambda w: {"slug": w.pending_answer.response.consultation
                                                 .slug, "pk": w.pending_answer.pk},
    "consultations:qr_svg": lambda w: {"slug": w.site.consultation.slug, "site": w.site.slug},
    "consultations:qr_png": lambda w: {"slug": w.site.consultation.slug, "site": w.site.slug},
    "panels:draw_run": lambda w: {"pk": w.draw.pk},
    "panels:draw_input": lambda w: {"pk": w.draw.pk},
    "panels:draw_result": lambda w: {"pk": w.draw.pk},
    "panels:member_withdraw": lambda w: {"pk": w.member.pk},
    **{f"lending:{name}": (lambda w: {"pk": w.loan.pk}) for name in (
        "accept_convention", "member_incident", "loan", "hand_over", "cancel",
        "paper_convention", "return")},
    **{f"lending:{name}": (lambda w: {"pk": w.device.pk}) for name in (
        "device", "device_edit", "loan_create", "device_incident")},
    "lending:incident": lambda w: {"pk": w.incident.pk},
    **{f"calls:{name}": (lambda w: {"pk": w.application.pk}) for name in (
        "application", "application_edit", "application_review", "jury_application",
        "jury_interests", "jury_scores", "decision")},
    "private_file": lambda w: {"kind": "calls.letter", "pk": w.partner.pk},
    "indicators:axis": lambda w: {"slug": Axis.objects.order_by("pk").first().slug},
    "indicators:indicator": lambda w: {"code": Indicator.objects.order_by("pk").first().code},
    "api-1.0.0:get_indicator": lambda w: {"code": Indicator.objects.order_by("pk").first().code},
    **{f"realisations:{name}": (lambda w: {"pk": w.realisation.pk}) for name in (
        "detail", "milestone_new")},
    "api-1.0.0:get_realisation": lambda w: {"realisation_id": w.realisation.pk},
    "opendata:dataset": lambda w: {"slug": "signalements"},
    "opendata:schema": lambda w: {"slug": "signalements"},
    "opendata:dump": lambda w: {"slug": "signalements", "format": "csv"},
    "calls:juror_remove": lambda w: {"pk": w.call.jury.first().pk},
    **{f"budgets:{name}": (lambda w: {"pk": w.project.pk}) for name in (
        "project", "withdraw", "review_project", "review_decision", "merge",
        "project_explanation")},
    **{f"budgets:{name}": (lambda w: {"pk": w.desk_session.pk}) for name in (
        "desk_close", "desk_confirm", "desk_report_csv", "desk_report_pdf")},
    "budgets:desk_receipt": lambda w: {"code": w.desk_ballot.receipt_code},
    "budgets:ballots_pb": lambda w: {"sub_budget": w.sub_budget.pk},
    "api-1.0.0:get_commune": lambda w: {"slug": "bordeaux"},
    "api-1.0.0:get_service": lambda w: {"slug": w.report.service.slug},
    "api-1.0.0:get_process": lambda w: {"slug": w.process.slug},
    "api-1.0.0:list_debates": lambda w: {"slug": w.debate.process.slug},
    "api-1.0.0:get_debate": lambda w: {"debate_id": w.debate.pk},
    "api-1.0.0:get_report": lambda w: {"code": w.report.tracking_code},
    "api-1.0.0:get_idea": lambda w: {"idea_id": w.idea.pk},
    "api-1.0.0:get_event": lambda w: {"slug": w.event.slug},
    **{f"api-1.0.0:{name}": (lambda w: {"slug": w.consultation.slug}) for name in (
        "get_consultation", "consultation_results")},
    **{f"api-1.0.0:{name}": (lambda w: {"slug": w.panel.slug}) for name in (
        "get_panel", "list_draws")},
    "api-1.0.0:get_draw": lambda w: {"slug": w.panel.slug, "draw_id": w.draw.pk},
    **{f"api-1.0.0:{name}": (lambda w: {"slug": w.call.slug}) for name in (
        "get_call", "list_laureates")},
    **{f"api-1.0.0:{name}": (lambda w: {"slug": w.budget.slug}) for name in (
        "get_budget", "list_projects", "budget_results")},
}
