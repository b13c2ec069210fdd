"""The module registry: every participation tool declares itself here, once.

A tool is a Django app that registers one `Module` from its `AppConfig.ready()`:

    modules.register(modules.Module(
        app="ideas", label=_("Idées"),
        urls=modules.Urls("idees/", "parvis.ideas.urls"), api="parvis.ideas.api:router",
        navigation=[modules.Link(_("Idées"), "ideas:list")],
        process_block="ideas/process_block.html",
        notification_kinds=[("idea_answer", _("réponse ou changement de statut sur mon idée"))],
        privacy=privacy.processings, personal_data={"ideas": privacy.my_ideas},
        account_deletion=privacy.forget, demo=demo.load, demo_after=["reports"],
        public_pages=pages.public_pages,
    ))

The site, the API, the process page, the navigation, the notification kinds, the privacy
register, « Mes données », retention, account deletion, the demo loader and the quality gates'
page list are loops over the registry: adding a tool is its app plus this one registration.
Shared services (comments, moderation, notifications) register a module too, for the same
hooks. The platform itself (accounts, territory, processes) is not a module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Q, QuerySet
from django.urls import reverse


@dataclass(frozen=True)
class Urls:
    """Pages mounted under `prefix` (e.g. "idees/") from the URLconf module `module`, whose
    `app_name` is the namespace."""

    prefix: str
    module: str


@dataclass(frozen=True)
class Link:
    """An entry of the site's menu: for everyone, or, with `allowed`, for the people it
    returns True for (a staff workspace such as the agents' inbox)."""

    label: str
    url_name: str
    allowed: Callable[[object], bool] | None = None

    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def namespace(self) -> str:
        return self.url_name.partition(":")[0]


@dataclass(frozen=True)
class PublicPage:
    """A page anyone may open without an account, walked by the quality gates (accessibility,
    EcoIndex, no JavaScript) with the demo data loaded: a URL name (with a query string), or a
    resolver that finds the page's address in the database when a gate opens it."""

    name: str
    url_name: str = ""
    query: str | Mapping[str, str] = ""
    resolver: Callable[[], str] | None = None
    has_form: bool = False  # a form the gates also submit empty, to check its error state
    # What the visitor's session holds for the page to show (a login in progress…).
    session: Callable[[], dict] | None = None

    def path(self) -> str:
        path = self.resolver() if self.resolver else reverse(self.url_name)
        query = self.query if isinstance(self.query, str) else urlencode(self.query)
        return f"{path}?{query}" if query else path

    def new_session_key(self) -> str | None:
        """The key of a new session holding what the page needs; None if it needs none."""
        if self.session is None:
            return None
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store.update(self.session())
        store.create()
        return store.session_key


@dataclass(frozen=True)
class Audience:
    """Groups of people a module keeps (a citizen panel's members) and the processes it
    reserves to them: such a process is left out of every public list, and open only to the
    people `open_to` admits. Q objects are over `Process`; `model` is the group's model label
    ("panels.Panel"), for the tools that address a group (a consultation for one panel).

    - `reserved()`: the processes the module reserves;
    - `open_to(user)`: the reserved processes this signed-in person may open;
    - `is_member(user, group)`: whether the person belongs to the group now;
    - `managed(user)`: the groups this person runs (a queryset of `model`).
    """

    model: str
    reserved: Callable[[], Q]
    open_to: Callable[[object], Q]
    is_member: Callable[[object, object], bool]
    managed: Callable[[object], QuerySet]


@dataclass(frozen=True)
class Metric:
    """A figure of the participation an operator follows in Prometheus (`parvis_<name>`):
    `value()` returns a number, or, with a `label`, a mapping of label value to number
    (reports by status)."""

    help: str
    value: Callable[[], float | Mapping[str, float]]
    label: str = ""


@dataclass(frozen=True)
class Module:
    """What a tool brings to the site. Every field but `app` and `label` is optional.

    - `urls`, `more_urls`: its pages; `api`: "module:attribute" of its django-ninja router.
    - `navigation`: its entries in the site's menu; `workspaces`: the menu entries of the
      staff pages it offers, each shown to the people its `allowed` accepts.
    - `process_block`: a template included on a process' page (context: `process`, `user`,
      `now`), listing what the tool offers in that process.
    - `notification_kinds`: (value, label) of the notifications it sends.
    - `privacy`: a function returning its entries of the register of processings;
      `personal_data`: « Mes données » sections (name -> function(user));
      `retention`: purge tasks (kind -> function(now) -> rows deleted), run by
      `purge_expired`; `account_deletion`: function(user) anonymising what it holds.
    - `demo`: function loading its demo data; `demo_after`: the modules whose demo data it
      builds on (loaded first).
    - `public_pages`: function returning its `PublicPage`s for the quality gates.
    - `audience`: the groups of people it keeps and the processes it reserves to them.
    - `metrics`: its figures for the operator's monitoring (name -> `Metric`).
    """

    app: str
    label: str
    urls: Urls | None = None
    more_urls: Sequence[Urls] = ()
    api: str = ""
    navigation: Sequence[Link] = ()
    workspaces: Sequence[Link] = ()
    process_block: str = ""
    notification_kinds: Sequence[tuple[str, str]] = ()
    privacy: Callable[[], list] | None = None
    personal_data: Mapping[str, Callable] = field(default_factory=dict)
    retention: Mapping[str, Callable[[datetime], int]] = field(default_factory=dict)
    account_deletion: Callable | None = None
    demo: Callable[[], None] | None = None
    demo_after: Sequence[str] = ()
    public_pages: Callable[[], Iterable[PublicPage]] | None = None
    audience: Audience | None = None
    metrics: Mapping[str, Metric] = field(default_factory=dict)

    def all_urls(self) -> list[Urls]:
        return ([self.urls] if self.urls else []) + list(self.more_urls)


def signed_in(find_user: Callable[[], object]) -> Callable[[], dict]:
    """A `PublicPage.session` showing the page as `find_user()` sees it once signed in."""

    def session() -> dict:
        user = find_user()
        return {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: user.get_session_auth_hash()}

    return session


_modules: dict[str, Module] = {}


def register(module: Module) -> Module:
    """Declare a module (from its AppConfig.ready); registering it again replaces it."""
    _modules[module.app] = module
    return module


def unregister(app: str) -> None:
    _modules.pop(app, None)


def all_modules() -> list[Module]:
    """Every registered module, in registration order (the order of INSTALLED_APPS)."""
    return list(_modules.values())


def demo_order() -> list[Module]:
    """The modules with demo data in registration order, each after the modules it builds on
    (`demo_after`)."""
    with_demo = {module.app: module for module in _modules.values() if module.demo}
    order: list[Module] = []
    visiting: list[str] = []

    def visit(app: str) -> None:
        if app not in with_demo:
            raise LookupError(f"Module {visiting[-1]!r} loads its demo after {app!r}, which "
                              "has no demo data.")
        if with_demo[app] in order:
            return
        if app in visiting:
            raise LookupError(f"Demo dependencies form a cycle: {' -> '.join(visiting)}.")
        visiting.append(app)
        for before in with_demo[app].demo_after:
            visit(before)
        visiting.pop()
        order.append(with_demo[app])

    for app in with_demo:
        visit(app)
    return order


def navigation() -> list[Link]:
    return [link for module in _modules.values() for link in module.navigation]


def workspaces(user) -> list[Link]:
    """The staff pages this person may open."""
    if not user.is_authenticated:
        return []
    return [link for module in _modules.values() for link in module.workspaces
            if link.allowed is None or link.allowed(user)]


def audiences() -> list[Audience]:
    return [module.audience for module in _modules.values() if module.audience]


def audience_of(model_label: str) -> Audience:
    """The audience whose groups are instances of `model_label` ("panels.Panel")."""
    for audience in audiences():
        if audience.model == model_label:
            return audience
    raise LookupError(f"No module keeps groups of {model_label}.")


def notification_kinds() -> list[tuple[str, str]]:
    return [kind for module in _modules.values() for kind in module.notification_kinds]


def public_pages() -> list[PublicPage]:
    return [page for module in _modules.values() if module.public_pages
            for page in module.public_pages()]
