"""The access class of every URL name of the site and the API: who gets it, and what
they get. The authorisation matrix checks each role against it; the fuzzing requests each
page as a role that may see it."""

from dataclasses import dataclass

from tests.security.world import ROLES, url_names

EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
SIGNED_IN = EVERYONE - {"anonymous"}
ADMINISTRATOR = frozenset({"administrator"})
# The managers of the demo's processes: the metropolis-wide manager (the commune manager's
# commune, Pessac, has none of them) and the administrator.
MANAGERS = frozenset({"metropolis_manager", "administrator"})
# Any process manager: the lending inventory is shared by every panel organiser.
ORGANISERS = MANAGERS | {"commune_manager"}
MODERATORS = frozenset({"moderator", "administrator"})
AGENTS = frozenset({"agent", "administrator"})
# Help desks: in-person verification and paper ballots.
DESK = frozenset({"helper", "agent", "administrator"})
# The jury of the call: the demo seats the juror and the metropolis' manager.
JURY = frozenset({"juror", "metropolis_manager"})
# The objects the URLs name belong to the citizen (an idea, a report, a comment...).
OWNER = frozenset({"citizen"})
# The panel member: member of the demo panel, borrower of its first loan.
MEMBER = frozenset({"panel_member"})
# The members' space of the panel: its members and its organisers.
SPACE = MEMBER | MANAGERS
STAFF = frozenset({"agent", "moderator", "commune_manager", "metropolis_manager", "juror",
                   "administrator"})


@dataclass(frozen=True)
class Access:
    """Who gets a URL, and what they get.

    `roles` get `ok` (one status or several) on GET; a `post_only` view answers 405 to a GET
    and serves its `roles` on POST; `post_roles` (default: `roles`) are the roles a write
    view accepts a POST from. `guest_only` pages (sign in, register) send signed-in people
    elsewhere. An `explained` refusal is the view's own page saying why (403, or the form
    with the reason when a service refused it), or a redirect to it with the reason as a
    message: an action that `action_decision` or a service refuses."""

    roles: frozenset
    ok: int | tuple = 200
    post_only: bool = False
    post_roles: frozenset | None = None
    guest_only: bool = False
    explained: bool = False

    def accepts_post(self, role: str) -> bool:
        return role in (self.roles if self.post_roles is None else self.post_roles)


def public(**options):
    return Access(EVERYONE, **options)


def only(roles, **options):
    return Access(frozenset(roles), **options)


def post_only(roles, **options):
    return Access(frozenset(roles), post_only=True, **options)


# Public pages with a form: anyone reads it, only a signed-in person posts to it, and a
# visitor who posts is told to sign in.
FORM = public(post_roles=SIGNED_IN, explained=True)
# Public forms that a visitor may send (an e-mail address stands for the account).
OPEN_FORM = public(post_roles=EVERYONE)
# Unknown tokens in an e-mailed link: a clear 400 (a link that is not one) or a 404.
BAD_LINK = public(ok=400)
UNKNOWN_LINK = public(ok=404)
# API operations answer the same to everyone but the managers' (results before publication).
API = public()

ACCESS: dict[str, Access] = {
    # The platform
    "home": public(), "accessibility": public(), "legal": public(), "privacy": public(),
    "health": public(), "readiness": public(),
    "manifest": public(), "service_worker": public(), "offline": public(),
    "metrics": only(NOBODY),  # a scraper's token only, never a session
    "demo_outbox": only(NOBODY),  # the demo's setting only
    "search": public(), "my_space": only(SIGNED_IN),
    # Address completion and reverse geocoding (JSON; no point given: a clear 400).
    "addresses:complete": public(), "addresses:reverse": public(ok=400),
    "privacy_register_csv": public(), "privacy_register_json": public(),
    # A partner's letter of intent: the call's managers and its jury.
    "private_file": only(MANAGERS | {"juror"}),
    # Open data: the catalog and every dataset's export (no dump has been written here).
    "opendata:catalog": public(), "opendata:catalog_jsonld": public(),
    "opendata:dataset": public(), "opendata:schema": public(), "opendata:dump": public(ok=404),
    "agenda:export_csv": public(), "budgets:all_results_csv": public(),
    "consultations:open_answers_csv": public(), "ideas:all_csv": public(),
    "ideas:all_json": public(),
    # The strategy dashboard and the IT footprint are public.
    "indicators:dashboard": public(), "indicators:axis": public(),
    "indicators:indicator": public(), "indicators:values_csv": public(),
    "footprint:page": public(),
    "api-1.0.0:list_indicators": API, "api-1.0.0:get_indicator": API,
    # Realisations are public; their milestones are published by those who follow them up
    # (the demo's are in the services of no demo agent).
    "realisations:list": public(), "realisations:map": public(),
    "realisations:map_data": public(), "realisations:export_csv": public(),
    "realisations:detail": public(), "realisations:milestone_new": only(MANAGERS),
    "api-1.0.0:list_realisations": API, "api-1.0.0:get_realisation": API,
    "accounts:profile": only(SIGNED_IN),
    "accounts:register": public(guest_only=True),
    "accounts:registration_sent": public(),
    "accounts:login": public(guest_only=True),
    # Without a pending sign-in, the code step sends everyone back to the first step.
    "accounts:login_code": public(ok=302, post_roles=EVERYONE),
    "accounts:two_factor": only(SIGNED_IN),
    "accounts:logout": post_only(EVERYONE),
    "accounts:resend_confirmation": post_only(SIGNED_IN),
    "accounts:confirm_email": BAD_LINK,
    "accounts:password_change": only(SIGNED_IN),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(),  # an invalid link is explained on the page
    "accounts:password_reset_complete": public(),
    "accounts:give_consent": post_only(SIGNED_IN),
    "accounts:revoke_consent": post_only(OWNER | {"helper"}),
    "accounts:my_data": only(SIGNED_IN),
    "accounts:download_my_data": post_only(SIGNED_IN),
    "accounts:delete_account": only(SIGNED_IN),
    "verification:search": only(DESK),
    "verification:person": only(DESK),
    "verification:identity": only(SIGNED_IN),
    # No identity provider is configured in the tests: unknown to everyone.
    "verification:oidc_start": only(NOBODY),
    "verification:oidc_callback": only(NOBODY),
    "processes:list": public(),
    "processes:detail": public(),
    # Shared services
    "notifications:list": only(SIGNED_IN),
    "notifications:preferences": post_only(SIGNED_IN),
    "notifications:mark_all_read": post_only(SIGNED_IN),
    "notifications:push_subscribe": post_only(SIGNED_IN),
    "notifications:push_unsubscribe": post_only(SIGNED_IN),
    "notifications:open": only(OWNER, ok=302),  # marks it read and goes to its object
    "notifications:unsubscribe": BAD_LINK,
    "moderation:charter": FORM,
    "moderation:report": public(),
    "moderation:flag": only(SIGNED_IN),
    "moderation:queue": only(MODERATORS),
    "moderation:item": only(MODERATORS),
    # An appeal is the author's, once their content was moderated (not the case here).
    "moderation:appeal": only(NOBODY),
    "comments:post": post_only(SIGNED_IN),
    "comments:reply": only(SIGNED_IN),
    # The author's edit window (a few minutes after posting) is over in the demo.
    "comments:edit": only(NOBODY, post_roles=OWNER),  # the author is told why on the form
    "comments:delete": only(OWNER),
    "debates:list": public(),
    "debates:new": only(SIGNED_IN),
    "debates:detail": public(),
    # Reports and Open311
    "reports:list": public(),
    "reports:new": OPEN_FORM,
    "reports:map_data": public(),
    "reports:mine": only(SIGNED_IN),
    "reports:follow": public(),
    "reports:lookup": public(),
    "reports:send_follow_link": post_only(EVERYONE),
    "reports:export_csv": public(),
    "reports:export_geojson": public(),
    "reports:inbox": only(AGENTS),
    "reports:figures": only(AGENTS),
    # The citizen's report is handled by another service than the agent's.
    "reports:inbox_detail": only(ADMINISTRATOR),
    "reports:detail": public(),
    "reports:me_too": post_only(EVERYONE),
    "open311:root": public(), "open311:discovery": public(), "open311:services": public(),
    "open311:service": public(), "open311:requests": public(), "open311:request": public(),
    "open311:token": UNKNOWN_LINK,
    # Ideas
    "ideas:list": public(), "ideas:boxes": public(), "ideas:box": public(),
    "ideas:propose": FORM,
    "ideas:similar": public(),
    "ideas:export_csv": public(), "ideas:export_json": public(),
    "ideas:mine": only(SIGNED_IN),
    "ideas:detail": public(),
    "ideas:preview": only(OWNER),
    "ideas:publish": post_only(OWNER),
    "ideas:edit": only(OWNER),
    "ideas:withdraw": only(OWNER),
    "ideas:support": post_only(SIGNED_IN, explained=True),
    "ideas:answer": post_only(MANAGERS),
    "ideas:merge": post_only(MANAGERS | MODERATORS),
    # Agenda
    "agenda:list": public(), "agenda:month_current": public(), "agenda:month": public(),
    "agenda:feed": public(), "agenda:commune_feed": public(), "agenda:process_feed": public(),
    "agenda:cancel": UNKNOWN_LINK,
    "agenda:confirm": UNKNOWN_LINK,
    "agenda:detail": public(), "agenda:ics": public(), "agenda:place": public(),
    "agenda:register": OPEN_FORM,
    "agenda:attendees": only(MANAGERS),
    "agenda:mine": only(SIGNED_IN),
    # Consultations (the results of an open consultation are its managers')
    "consultations:list": public(),
    "consultations:answer": public(),
    # Before publication, the page says when the results will be published.
    "consultations:results": only(MANAGERS, explained=True),
    "consultations:results_csv": only(MANAGERS),
    "consultations:results_moderation": only(MANAGERS),
    "consultations:results_moderate": post_only(MANAGERS),
    "consultations:qr_sheet": only(MANAGERS),
    "consultations:qr_svg": only(MANAGERS),
    "consultations:qr_png": only(MANAGERS),
    # Panels
    "panels:list": public(), "panels:panel": public(), "panels:composition_csv": public(),
    # A volunteer already in is sent to their application.
    "panels:volunteer": only(SIGNED_IN, ok=(200, 302)),
    "panels:application": only(MEMBER),
    "panels:application_edit": only(MEMBER),
    "panels:application_withdraw": only(MEMBER),
    "panels:draws": only(MANAGERS),
    "panels:draw_seed": post_only(MANAGERS),
    "panels:draw_run": post_only(MANAGERS),
    "panels:draw_input": public(),
    "panels:draw_result": public(),
    "panels:member_withdraw": only(MANAGERS),
    "panels:space": only(SPACE),
    "panels:space_members": only(SPACE),
    "panels:space_leave": only(MEMBER),
    "panels:dashboard": only(MANAGERS),
    "panels:dashboard_csv": only(MANAGERS),
    # Lending
    "lending:my_loans": only(SIGNED_IN),
    "lending:accept_convention": post_only(MEMBER),
    "lending:member_incident": only(MEMBER, ok=302),  # the form is on « Mes prêts »
    "lending:inventory": only(ORGANISERS),
    "lending:inventory_csv": only(ORGANISERS),
    "lending:device_create": only(ORGANISERS),
    "lending:device": only(ORGANISERS),
    "lending:device_edit": only(ORGANISERS),
    "lending:loan_create": only(ORGANISERS),
    "lending:device_incident": only(ORGANISERS),
    "lending:loans": only(ORGANISERS),
    "lending:overdue": only(ORGANISERS),
    "lending:loan": only(MANAGERS),
    "lending:hand_over": post_only(MANAGERS),
    "lending:cancel": post_only(MANAGERS),
    "lending:paper_convention": post_only(MANAGERS),
    "lending:return": only(MANAGERS),
    "lending:incidents": only(ORGANISERS),
    "lending:incident": only(MANAGERS),
    # Calls for projects
    "calls:list": public(), "calls:call": public(),
    "calls:mine": only(SIGNED_IN),
    "calls:apply": only(SIGNED_IN),
    # The application: its applicant (none of the roles), the organisers and the jurors.
    "calls:application": only(MANAGERS | {"juror"}),
    "calls:application_edit": only(NOBODY),  # a submitted application is not edited
    "calls:application_review": post_only(MANAGERS),
    "calls:juries": only(SIGNED_IN, ok=(200, 302)),  # a juror of one call: to its space
    "calls:jury": only(JURY),
    "calls:jury_application": only(JURY),
    "calls:jury_interests": post_only(JURY),
    "calls:jury_scores": post_only(JURY),
    "calls:jury_members": only(MANAGERS),
    "calls:juror_remove": post_only(MANAGERS),
    "calls:deliberation": only(MANAGERS),
    "calls:decision": only(MANAGERS),
    "calls:publish_laureates": post_only(MANAGERS),
    "calls:jury_report_pdf": only(MANAGERS),
    "calls:jury_report_csv": only(MANAGERS),
    "calls:laureates": UNKNOWN_LINK,  # published with the decisions: not yet
    # Budgets
    "budgets:list": public(), "budgets:budget": public(), "budgets:projects": public(),
    "budgets:project": public(),
    "budgets:withdraw": only(OWNER, ok=302),  # explains on the project why it is too late
    "budgets:submit": FORM,
    "budgets:review": only(MANAGERS),
    "budgets:promote": post_only(MANAGERS),
    "budgets:review_project": only(MANAGERS),
    "budgets:review_decision": post_only(MANAGERS),
    "budgets:merge": post_only(MANAGERS),
    "budgets:vote": FORM,
    "budgets:vote_confirm": only(SIGNED_IN, ok=302),  # nothing to confirm: back to the ballot
    "budgets:vote_receipt": only(SIGNED_IN),
    "budgets:desk": only(DESK),
    # A desk receipt is shown to whoever recorded the ballot (the demo's helper).
    "budgets:desk_receipt": only({"helper"}),
    "budgets:desk_open": post_only(DESK),
    # Another desk's session: the desk page says why it was not closed or confirmed.
    "budgets:desk_close": post_only({"helper"}, explained=True),
    "budgets:desk_confirm": post_only(DESK - {"helper"}, explained=True),
    "budgets:desk_report_csv": only(DESK),
    "budgets:desk_report_pdf": only(DESK),
    "budgets:results": public(),
    "budgets:publish": post_only(MANAGERS),
    "budgets:results_comparison": public(),
    "budgets:results_csv": public(),
    "budgets:results_json": public(),
    "budgets:ballots_pb": public(),
    "budgets:project_explanation": public(),
    "budgets:receipt_explanation": FORM,
    # The API (django-ninja: tokens, or the session of the site)
    "api-1.0.0:api-root": UNKNOWN_LINK,
    "api-1.0.0:openapi-json": API, "api-1.0.0:openapi-view": API,
    "api-1.0.0:me": only(NOBODY),  # a token's owner only, never a session
    "api-1.0.0:list_communes": API, "api-1.0.0:get_commune": API,
    "api-1.0.0:list_services": API, "api-1.0.0:get_service": API,
    "api-1.0.0:list_processes": API, "api-1.0.0:get_process": API,
    "api-1.0.0:list_themes": API, "api-1.0.0:list_comments": API,
    "api-1.0.0:list_debates": API, "api-1.0.0:get_debate": API,
    "api-1.0.0:list_reports": API, "api-1.0.0:get_report": API,
    "api-1.0.0:list_boxes": API, "api-1.0.0:list_ideas": API, "api-1.0.0:get_idea": API,
    "api-1.0.0:list_events": API, "api-1.0.0:get_event": API,
    "api-1.0.0:list_consultations": API, "api-1.0.0:get_consultation": API,
    "api-1.0.0:consultation_results": only(MANAGERS),
    "api-1.0.0:list_panels": API, "api-1.0.0:get_panel": API,
    "api-1.0.0:list_draws": API, "api-1.0.0:get_draw": API,
    "api-1.0.0:list_calls": API, "api-1.0.0:get_call": API,
    "api-1.0.0:list_laureates": UNKNOWN_LINK,
    "api-1.0.0:list_budgets": API, "api-1.0.0:get_budget": API,
    "api-1.0.0:list_projects": API, "api-1.0.0:budget_results": API,
}


def classified_names() -> list[str]:
    return sorted(name for name in url_names() if not name.startswith("admin:"))


# The same URLs naming private objects: (URL name, the object, its access class).
PRIVATE_CASES = [
    ("processes:detail", "space_process", Access(SPACE)),
    ("debates:list", "space_process", Access(SPACE)),
    ("agenda:process_feed", "space_process", Access(NOBODY)),  # no public calendar
    ("api-1.0.0:get_process", "space_process", Access(SPACE)),
    ("ideas:detail", "draft_idea", Access(OWNER, ok=302)),  # to the author's preview
    ("api-1.0.0:get_idea", "draft_idea", Access(NOBODY)),
]
