"""The person's notifications, their e-mail preference, and unsubscribing from a link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from parvis.notifications import services
from parvis.notifications.forms import PreferenceForm
from parvis.notifications.models import Notification

PER_PAGE = 20


def list_page(request, form=None):
    notifications = Notification.objects.filter(recipient=request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    form = form or PreferenceForm(
        initial={"email_frequency": services.email_frequency(request.user)}
    )
    return render(request, "notifications/list.html", {
        "page_obj": page, "form": form, "unread": services.unread_count(request.user),
    })


@login_required
def notification_list(request):
    return list_page(request)


@require_POST
@login_required
def preferences(request):
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return list_page(request, form)
    services.set_email_frequency(request.user, form.cleaned_data["email_frequency"])
    messages.success(request, _("Votre choix d'envoi par e-mail est enregistré."))
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    services.mark_all_read(request.user)
    messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications:list")


@login_required
def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    url = services.open_notification(notification)
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return redirect("notifications:list")
    return redirect(url)


@csrf_exempt  # the signed token authorises the change; mail clients POST without cookies
def unsubscribe(request, token):
    """GET asks for confirmation (links get prefetched); POST stops the e-mails."""
    done = request.method == "POST"
    try:
        services.unsubscribe(token) if done else services.user_from_token(token)
    except services.UnsubscribeError as exc:
        return render(request, "notifications/unsubscribe.html", {"error": exc}, status=400)
    return render(request, "notifications/unsubscribe.html", {"done": done})
