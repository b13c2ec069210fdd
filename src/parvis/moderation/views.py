"""Pages of moderation: the charter, flagging, the moderators' queue, appeals, transparency."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parvis.core.pagination import page_of
from parvis.moderation import permissions, registry, services
from parvis.moderation.forms import AppealForm, CharterForm, DecisionForm, FlagForm
from parvis.moderation.models import ModeratedItem
from parvis.processes.models import Process

QUEUE_PAGE_SIZE = 20
REPORT_PAGE_SIZE = 50


def _posted(request):
    """The submitted data on a POST (even empty, so that errors show), else None."""
    return request.POST if request.method == "POST" else None


def _safe_next(request, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


@require_http_methods(["GET", "POST"])
def charter(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    form = CharterForm(_posted(request), initial={"next": next_url})
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            services.accept_charter(request.user)
            messages.success(request, _("Merci : vous avez accepté la charte de participation."))
            return redirect(next_url or "moderation:charter")
    return render(request, "moderation/charter.html", {
        "form": form,
        "version": services.charter_version(),
        "accepted": services.has_accepted_charter(request.user),
    })


def _flaggable(user, content_type_id: int, object_id: int):
    """The moderated object named in the URL, if this person may see it on its own page."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        registration = registry.lookup(model)
    except (ContentType.DoesNotExist, LookupError, AttributeError):
        raise Http404 from None
    content = get_object_or_404(model._default_manager, pk=object_id)
    if not registration.visible(user, content):
        raise Http404
    return content, registration


@login_required
@require_http_methods(["GET", "POST"])
def flag(request, content_type_id: int, object_id: int):
    content, registration = _flaggable(request.user, content_type_id, object_id)
    form = FlagForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.flag(request.user, content, **form.cleaned_data)
        except services.ModerationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Merci : votre signalement a été transmis à l'équipe de modération.")
            )
        return redirect(registration.url(content))
    return render(request, "moderation/flag.html", {
        "form": form, "content": content, "registration": registration,
        "text": registration.text(content), "url": registration.url(content),
    })


@login_required
def queue(request):
    if not permissions.can_use_queue(request.user):
        raise PermissionDenied
    hidden = request.GET.get("etat") == "masquees"
    page = page_of(request, services.queue(request.user, hidden=hidden), QUEUE_PAGE_SIZE)
    return render(request, "moderation/queue.html", {
        "page_obj": page, "entries": [services.entry(item) for item in page], "hidden": hidden,
    })


@login_required
@require_http_methods(["GET", "POST"])
def item(request, pk: int):
    try:
        moderated = services.get_item(pk)
    except ModeratedItem.DoesNotExist:
        raise Http404 from None
    if not permissions.can_decide(request.user, moderated):
        raise PermissionDenied
    entry = services.entry(moderated)
    forms = {action: DecisionForm(action) for action in services.available_actions(entry)}
    action = request.POST.get("action")
    if request.method == "POST" and action in forms:
        form = forms[action] = DecisionForm(action, request.POST)
        if form.is_valid():
            try:
                services.decide(request.user, moderated, action, form.cleaned_data["reason"])
            except services.ModerationError as exc:
                form.add_error("reason", exc.message)
            else:
                messages.success(request, _("Décision enregistrée ; l'auteur en est informé."))
                return redirect("moderation:queue")
    return render(request, "moderation/item.html", {
        "entry": entry, "forms": forms.values(), "decisions": services.decisions(moderated),
        "hid_it": entry.content is not None and entry.content.hidden_by_id == request.user.pk,
    })


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request, pk: int):
    moderated = get_object_or_404(ModeratedItem.objects.select_related("appeal"), pk=pk)
    if not permissions.can_appeal(request.user, moderated):
        raise Http404
    form = AppealForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal(request.user, moderated, form.cleaned_data["text"])
        except services.ModerationError as exc:
            form.add_error("text", exc.message)
        else:
            messages.success(request, _("Votre recours a été transmis à l'équipe de modération."))
            return redirect("moderation:appeal", pk=moderated.pk)
    content = moderated.content_object
    registration = registry.lookup(content) if content is not None else None
    return render(request, "moderation/appeal.html", {
        "form": form,
        "content": content,
        "text": registration.text(content) if registration else "",
        "url": registration.url(content) if registration else "",
        "appeal": getattr(moderated, "appeal", None),
    })


def report(request):
    counts = services.hidden_counts_by_process()
    page = page_of(request, Process.objects.published(), REPORT_PAGE_SIZE)
    return render(request, "moderation/report.html", {
        "page_obj": page,
        "rows": [(process, counts.get(process.pk, 0)) for process in page],
        "outside_processes": counts.get(None, 0),
        "total": sum(counts.values()),
    })
