"""The module registry: every participation tool declares itself here, once.

A tool is a Django app that declares its `Module` from its `AppConfig.ready()`, stating only
what is particular to it; the rest is found by convention, the way Django finds `admin.py`:

    def ready(self):
        from parvis.core import modules

        modules.declare(
            self, _("Idées"), prefix="idees/",
            navigation=[modules.Link(_("Idées"), "ideas:list")],
            notification_kinds=[("idea_answer", _("réponse ou changement de statut sur mon idée"))],
            demo_after=["reports"],
        )

`declare` imports the app's conventional submodules that exist and reads their conventional
names (see `CONVENTIONS`): `privacy.py`'s `processings`, `myspace.py`'s `my_space`, `demo.py`'s
`load`… A tool may still build its `Module` itself and `register` it.

The site, the API, the process page, the navigation, the notification kinds, the privacy
register, « Mes données », retention, account deletion, the demo loader and the quality gates'
page list are loops over the registry: adding a tool is its app plus this one declaration.
Shared services (comments, moderation, notifications) declare a module too, for the same
hooks. The platform itself (accounts, territory, processes) is not a module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from operator import attrgetter, methodcaller
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.urls import reverse

from parvis.core.datasets import Dataset


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
    status: int = 200  # the HTTP status the page answers with (404 for the error page)

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
class Entry:
    """One line of a « Mon espace » section or to-do list: what it is, where it leads, a
    detail (a status, a receipt code, a date, a count) and other links (a calendar file)."""

    title: str
    url: str = ""
    detail: str = ""
    links: Sequence[tuple[str, str]] = ()  # (label, url)


@dataclass(frozen=True)
class Section:
    """A part of « Mon espace »: a titled list of entries, with the page that lists them
    all (`more_url`) when there are more than it shows."""

    title: str
    entries: Sequence[Entry]
    more_url: str = ""


MY_SPACE_LIMIT = 10


def section(title: str, rows: QuerySet, entry: Callable[[object], Entry],
            more_url: str = "") -> Section:
    """A « Mon espace » section of the first `MY_SPACE_LIMIT` rows (one query), linking to
    `more_url` when there are more."""
    found = list(rows[:MY_SPACE_LIMIT + 1])
    return Section(title, [entry(row) for row in found[:MY_SPACE_LIMIT]],
                   more_url if len(found) > MY_SPACE_LIMIT else "")


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
class PrivateFile:
    """A kind of private file a module stores (in the private storage): the file field
    `field` of `model` ("calls.Partner"), served by the platform's view
    (`core:private_file`, /fichiers/<app>.<name>/<pk>/) to the people `may_read(user,
    instance)` admits, the same rule as the page that links the file, with the download name
    `filename(instance)`; `opened(user, instance)`, if given, runs before the file is served
    (an audit-log entry, a missing copy made again)."""

    model: str
    field: str
    may_read: Callable[[object, object], bool]
    filename: Callable[[object], str]
    opened: Callable[[object, object], None] | None = None


@dataclass(frozen=True)
class Metric:
    """A figure of the participation an operator follows in Prometheus (`parvis_<name>`):
    `value()` returns a number, or, with a `label`, a mapping of label value to number
    (reports by status)."""

    help: str
    value: Callable[[], float | Mapping[str, float]]
    label: str = ""


@dataclass(frozen=True)
class Measure:
    """A figure computed from the data a module holds, on a given day (the number of
    refurbished devices lent so far…), which a strategy indicator may follow; None when it
    cannot be computed (no data yet). Its name, the key under `Module.measures`, starts with
    the app holding the data ("lending.refurbished_devices_lent")."""

    label: str
    unit: str
    compute: Callable[[date], Decimal | int | float | None]
    url_name: str = ""  # a public page detailing the figure, if any

    def url(self) -> str:
        return reverse(self.url_name) if self.url_name else ""


@dataclass(frozen=True)
class Asset:
    """A piece of IT equipment a module keeps (a device lent to panel members), for the IT
    footprint inventory. `category` is one of the footprint's categories ("laptop",
    "smartphone", "tablet"…); `outcome` of a retired one: "reuse", "refurbishment",
    "recycling" or "" when unknown; `working`: whether it was in working order when retired
    (counted in the share of working equipment given a second life)."""

    reference: str
    category: str
    model: str
    acquired_on: date
    refurbished: bool
    retired_on: date | None = None
    outcome: str = ""
    working: bool = False


@dataclass(frozen=True)
class Moderated:
    """A kind of contribution people may flag and moderators hide (its model inherits
    `parvis.moderation.models.Moderated`).

    `visible(user, obj)` is the question the object's own page asks: may this person see
    it? The flag form answers 404 otherwise. `author`, `commune`, `process`, `url` and
    `text` are functions of one object: `commune` scopes the moderation queue (None: only
    metropolis moderators see it), `process` feeds the public count of moderated
    contributions per process, `text` is what moderators read in the queue.
    `author_field` names the model's field of the author (whose own contributions offer no
    flag button, found without loading the person).
    """

    model: type
    label: str
    visible: Callable[[object, object], bool]
    author: Callable = attrgetter("author")
    commune: Callable = field(default=lambda obj: None)
    process: Callable = field(default=lambda obj: None)
    url: Callable = methodcaller("get_absolute_url")
    text: Callable = str
    author_field: str = "author"


@dataclass(frozen=True)
class Commentable:
    """A kind of object people may comment on; it provides `get_absolute_url()` (where its
    comments are shown) and, for its author to hear of new comments, an `author`.

    - `process(obj)`: the process it belongs to; commenting is then open only while that
      process' current phase opens the "comment" action;
    - `visible(queryset)`: the objects that may be shown (None: those not hidden by
      moderation); comments are posted on, and read through the API for, those only;
    - `closed(obj)`: why commenting on this object is closed (a French sentence), or "";
    - `related`: the relations `get_absolute_url()` reads, selected with a list of targets.
    """

    model: type
    process: Callable | None = None
    visible: Callable | None = None
    closed: Callable | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionPoint:
    """Where a tool lets people do an action that a process opens and closes (an `Action` of
    `parvis.processes`: submit, support, vote…), asked through the one clock,
    `processes.services.action_decision`. The tests cross every declared point with the
    states of the clock (open, opening later, closed, in no phase, process unpublished) and
    with who asks, from the manifests alone.

    - `decide(obj, user)`: the tool's own decision for `obj` (a `Decision`);
    - `page(obj)`: the path of the page offering the action, which shows a refusal's reason
      and, when the action is open, its form; `post(obj)`: where the form posts (default:
      the page), which refuses with the reason too;
    - `sample()`: an object of the demo data where the action is open now;
    - `process(obj)`: the process whose phases open the action;
    - `anonymous`: whether someone without an account may do it;
    - `reschedule(obj, opens_at, closes_at)`: for a tool whose own calendar dates the action
      instead of the phases (a call's launch and deadline), sets that calendar (saved).
    """

    action: str
    name: str
    decide: Callable[[object, object], object]
    page: Callable[[object], str]
    sample: Callable[[], object]
    process: Callable = attrgetter("process")
    post: Callable[[object], str] | None = None
    anonymous: bool = False
    reschedule: Callable[[object, datetime, datetime], None] | None = None

    def post_path(self, obj) -> str:
        return self.post(obj) if self.post else self.page(obj)


@dataclass(frozen=True)
class Adopted:
    """Something a participation adopted (a winning budget project, an idea « retenue », a
    laureate of a call, a strategy commitment), whose realisation the site follows. `key`
    is stable and names the module first ("budgets.project:42"); the other fields describe
    it as published: its page (`url`, a path), its process, commune and point, and the amount
    planned for it in euros, when it has them."""

    key: str
    title: str
    description: str
    url: str
    process_id: int | None = None
    commune_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    planned_amount: int | None = None

    @property
    def app(self) -> str:
        return app_of(self.key)


@dataclass(frozen=True)
class Adoptions:
    """What a module adopted, and who stood for it:

    - `adopted()`: the `Adopted` items, as published now;
    - `supporters(key)`: the ids of the people who supported or voted for the item (a
      queryset of ids or a list), told of its realisation's milestones;
    - `supported_by(user)`: the keys of the adopted items this person supported or voted
      for (« Mon espace »), in a bounded number of queries.
    """

    adopted: Callable[[], Iterable[Adopted]]
    supporters: Callable[[str], Iterable[int]]
    supported_by: Callable[[object], Iterable[str]]


def app_of(key: str) -> str:
    """The module an adopted item's key names ("budgets" for "budgets.project:42")."""
    return key.partition(".")[0]


@dataclass(frozen=True)
class FollowUp:
    """How the realisation of an adopted item stands, shown on the item's own page: its
    status (a label), progress in percent, the page of its realisation, how many dated steps
    it has and the latest one."""

    status: str
    progress: int
    url: str
    steps: int = 0
    last_step: str = ""
    last_step_on: date | None = None


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
    - `private_files`: the kinds of private files it stores (name -> `PrivateFile`).
    - `metrics`: its figures for the operator's monitoring (name -> `Metric`).
    - `measures`: the figures it computes (name -> `Measure`), for strategy indicators;
      `assets`: function returning the IT equipment it keeps (`Asset`s), for the footprint.
    - `datasets`: what it publishes as open data (`core.datasets.Dataset`), listed in the
      open-data catalog.
    - `search`: function(query, user) returning at most `core.search.LIMIT`
      `core.search.Result`s of what this person may see, for the site's search page.
    - `adoptions`: what it adopted (`Adoptions`), whose realisation is followed publicly;
      `follow_up`: function(keys) returning, for those of these adopted items' keys whose
      realisation it follows, their `FollowUp` (key -> FollowUp), in a bounded number of
      queries; `adoptions_changed`: function(app) called when the module `app` adopted
      something or changed what it adopted (`modules.adoptions_changed(app)`).
    - `my_space`: function(user) returning the `Section`s of « Mon espace » about what the
      person did with the tool (empty ones are not shown); `awaiting`: function(user)
      returning the `Entry`s of what awaits this person as staff (reports to triage,
      applications to score…), shown first. Each costs a bounded number of queries,
      whatever the number of entries.
    - `moderated`: the kinds of contributions it lets people flag (`Moderated`);
      `commentable`: the kinds of objects people may comment on (`Commentable`).
    - `results`: function(process, user) returning the `Entry`s of the results of the
      process this person may see (a vote's results, a call's laureates), for the
      « Résultats » block of the process page.
    - `actions`: the `ActionPoint`s where it lets people do what a process' phases open.
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
    private_files: Mapping[str, PrivateFile] = field(default_factory=dict)
    metrics: Mapping[str, Metric] = field(default_factory=dict)
    measures: Mapping[str, Measure] = field(default_factory=dict)
    assets: Callable[[], Iterable[Asset]] | None = None
    datasets: Sequence[Dataset] = ()
    search: Callable[[str, object], Iterable] | None = None
    adoptions: Adoptions | None = None
    follow_up: Callable[[Iterable[str]], Mapping[str, FollowUp]] | None = None
    adoptions_changed: Callable[[str], None] | None = None
    my_space: Callable[[object], Iterable[Section]] | None = None
    awaiting: Callable[[object], Iterable[Entry]] | None = None
    moderated: Sequence[Moderated] = ()
    commentable: Sequence[Commentable] = ()
    results: Callable[[object, object], Iterable[Entry]] | None = None
    actions: Sequence[ActionPoint] = ()

    def all_urls(self) -> list[Urls]:
        return ([self.urls] if self.urls else []) + list(self.more_urls)


# Where `declare` finds a module's hooks: Module field -> (submodule of the app, name in it).
# A submodule that does not exist, or lacks the name, gives nothing for that hook. Besides
# these, `urls` is the app's `urls.py` mounted under the `prefix` given to `declare`, `api` the
# `router` of its `api.py` (both named here, imported when the site and the API are built), and
# `process_block` its template `templates/<app>/process_block.html` when it exists.
CONVENTIONS: dict[str, tuple[str, str]] = {
    "privacy": ("privacy", "processings"),
    "personal_data": ("privacy", "PERSONAL_DATA"),
    "retention": ("privacy", "RETENTION"),
    "account_deletion": ("privacy", "forget"),
    "my_space": ("myspace", "my_space"),
    "awaiting": ("myspace", "awaiting"),
    "results": ("results", "process_results"),
    "demo": ("demo", "load"),
    "public_pages": ("pages", "public_pages"),
    "search": ("site_search", "search"),
    "datasets": ("datasets", "DATASETS"),
    "adoptions": ("adoptions", "ADOPTIONS"),
    "follow_up": ("follow_up", "follow_ups"),
    "adoptions_changed": ("follow_up", "adoptions_changed"),
    "metrics": ("metrics", "METRICS"),
    "measures": ("measures", "MEASURES"),
    "assets": ("measures", "assets"),
    "private_files": ("files", "PRIVATE_FILES"),
    "actions": ("actions", "ACTIONS"),
}


def _submodule(package: str, name: str):
    """The app's submodule `name`, imported, or None when it does not exist (an error raised
    while importing one that exists propagates)."""
    return import_module(f"{package}.{name}") if find_spec(f"{package}.{name}") else None


def conventional_hooks(app_config, prefix: str = "") -> dict:
    """The `Module` fields found by convention in the app of `app_config` (see
    `CONVENTIONS`), its pages mounted under `prefix`."""
    package, app = app_config.name, app_config.label
    hooks: dict = {}
    has_urls = find_spec(f"{package}.urls") is not None
    if prefix and not has_urls:
        raise ImproperlyConfigured(f"Module {app!r} has a URL prefix but no {package}.urls.")
    if has_urls and not prefix:
        raise ImproperlyConfigured(f"Module {app!r} has {package}.urls: give declare() its "
                                   "URL prefix.")
    if prefix:
        hooks["urls"] = Urls(prefix, f"{package}.urls")
    if find_spec(f"{package}.api"):
        hooks["api"] = f"{package}.api.router"
    if (Path(app_config.path) / "templates" / app / "process_block.html").exists():
        hooks["process_block"] = f"{app}/process_block.html"
    for hook, (submodule, name) in CONVENTIONS.items():
        found = _submodule(package, submodule)
        if found is not None and hasattr(found, name):
            hooks[hook] = getattr(found, name)
    return hooks


def declare(app_config, label: str, *, prefix: str = "", **particular) -> Module:
    """Register the module of `app_config`'s app: its hooks found by convention
    (`conventional_hooks`) plus the `particular` fields `Module` takes (navigation,
    notification kinds, demo_after…). Giving a hook the convention also finds is an error:
    a tool states each hook once."""
    hooks = conventional_hooks(app_config, prefix)
    twice = sorted(hooks.keys() & particular.keys())
    if twice:
        raise ImproperlyConfigured(
            f"Module {app_config.label!r} gives {', '.join(twice)} to declare(), which the "
            "conventions already find in its app: keep one.")
    return register(Module(app=app_config.label, label=label, **hooks, **particular))


def signed_in(find_user: Callable[[], object]) -> Callable[[], dict]:
    """A `PublicPage.session` showing the page as `find_user()` sees it once signed in."""

    def session() -> dict:
        user = find_user()
        return {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: user.get_session_auth_hash()}

    return session


def holder_of(role) -> Callable[[], object]:
    """A `find_user` for `signed_in`: the first active account holding `role` (in the demo
    data, the account of that role the gates sign in as)."""

    def find():
        user = (get_user_model().objects.filter(is_active=True, role_grants__role=role)
                .order_by("pk").first())
        return require_demo_data(user, f"No {role} account")

    return find


def require_demo_data(found, missing: str):
    """`found`, what a gated page needs from the demo data; a LookupError saying what is
    `missing` when it is None (the demo data was not loaded)."""
    if found is None:
        raise LookupError(f"{missing}: load the demo data (`parvis load_demo`).")
    return found


def open_sample(objects: Iterable, action: str, what: str,
                process: Callable = attrgetter("process")):
    """The first of `objects` (of the demo data) whose process opens `action` now, for an
    `ActionPoint.sample`; a LookupError naming `what` when there is none."""
    found = next((obj for obj in objects if process(obj).is_open_for(action)), None)
    return require_demo_data(found, f"No {what} where {action!r} is open now")


_modules: dict[str, Module] = {}


def register(module: Module) -> Module:
    """Register a module built by hand (`declare` builds it by convention); registering it
    again replaces it."""
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


def private_file(kind: str) -> PrivateFile:
    """The kind of private file named "<app>.<name>" ("calls.letter")."""
    app, _dot, name = kind.partition(".")
    module = _modules.get(app)
    if module is None or name not in module.private_files:
        raise LookupError(f"No module stores private files of kind {kind!r}.")
    return module.private_files[name]


def notification_kinds() -> list[tuple[str, str]]:
    return [kind for module in _modules.values() for kind in module.notification_kinds]


def search(query: str, user) -> list:
    """Every module's search results for this person, module by module."""
    return [result for module in _modules.values() if module.search
            for result in module.search(query, user)]


def my_space(user) -> list[Section]:
    """The non-empty « Mon espace » sections of every module for this person."""
    return [section for module in _modules.values() if module.my_space
            for section in module.my_space(user) if section.entries]


def awaiting(user) -> list[Entry]:
    """What awaits this person as staff, in every module."""
    return [entry for module in _modules.values() if module.awaiting
            for entry in module.awaiting(user)]


def results(process, user) -> list[Entry]:
    """The results of `process` this person may see, in every module."""
    return [entry for module in _modules.values() if module.results
            for entry in module.results(process, user)]


def public_pages() -> list[PublicPage]:
    return [page for module in _modules.values() if module.public_pages
            for page in module.public_pages()]


def measures() -> dict[str, Measure]:
    """Every measure the modules offer, by name."""
    return {name: measure for module in _modules.values()
            for name, measure in module.measures.items()}


def assets() -> list[Asset]:
    """The IT equipment every module keeps."""
    return [asset for module in _modules.values() if module.assets
            for asset in module.assets()]


def moderated() -> list[Moderated]:
    """Every kind of contribution that can be flagged, in every module."""
    return [kind for module in _modules.values() for kind in module.moderated]


def commentable() -> list[Commentable]:
    """Every kind of object that accepts comments, in every module."""
    return [kind for module in _modules.values() for kind in module.commentable]


def datasets() -> list[Dataset]:
    """Every module's open datasets, in registration order."""
    return [dataset for module in _modules.values() for dataset in module.datasets]


def adopted(app: str | None = None) -> list[Adopted]:
    """Every module's adopted items, module by module (only `app`'s if given)."""
    return [item for module in _modules.values()
            if module.adoptions and app in (None, module.app)
            for item in module.adoptions.adopted()]


def adoptions_of(key: str) -> Adoptions:
    """The adoptions of the module an adopted item's key names."""
    module = _modules.get(app_of(key))
    if module is None or module.adoptions is None:
        raise LookupError(f"No module adopts {key!r}.")
    return module.adoptions


def adoptions_changed(app: str) -> None:
    """The module `app` adopted something or changed what it adopted (a budget's results or
    a call's laureates published, an idea « retenue » or no longer): the modules that follow
    adoptions catch up with its items at once instead of at their daily run. Called in the
    transaction of the change."""
    for module in _modules.values():
        if module.adoptions_changed:
            module.adoptions_changed(app)


def follow_ups(keys: Iterable[str]) -> dict[str, FollowUp]:
    """The realisation follow-up of those of these adopted items' keys that have one."""
    keys = list(keys)
    found: dict[str, FollowUp] = {}
    for module in _modules.values():
        if module.follow_up and keys:
            found.update(module.follow_up(keys))
    return found


def follow_up(key: str) -> FollowUp | None:
    """The realisation follow-up of one adopted item, if its realisation is followed."""
    return follow_ups([key]).get(key)


def follow_ups_of(prefix: str, objects: Sequence) -> list[FollowUp | None]:
    """The follow-up of each of these adopted objects, whose keys are `prefix` and their
    primary key ("budgets.project:" and 42), in their order."""
    found = follow_ups(f"{prefix}{obj.pk}" for obj in objects)
    return [found.get(f"{prefix}{obj.pk}") for obj in objects]


def action_points() -> list[tuple[str, ActionPoint]]:
    """Every module's action points, with the module's app."""
    return [(module.app, point) for module in all_modules() for point in module.actions]


def supported_by(user) -> set[str]:
    """The keys of the adopted items this person supported or voted for, in every module."""
    return {key for module in _modules.values() if module.adoptions
            for key in module.adoptions.supported_by(user)}
