"""The person's notifications, their e-mail preference, their devices receiving them (Web
Push), and unsubscribing from a link."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from parvis.core.pagination import page_of
from parvis.notifications import push, services
from parvis.notifications.forms import PreferenceForm
from parvis.notifications.models import Notification

PER_PAGE = 20


def list_page(request, form=None):
    notifications = Notification.objects.filter(recipient=request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )
    page = page_of(request, notifications, PER_PAGE)
    form = form or PreferenceForm(
        initial={"email_frequency": services.email_frequency(request.user)}
    )
    return render(request, "notifications/list.html", {
        "page_obj": page, "form": form, "unread": services.unread_count(request.user),
        "push_key": settings.VAPID_PUBLIC_KEY if push.enabled() else "",
        "devices": push.device_count(request.user),
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


def json_body(request):
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None


@require_POST
@login_required
def push_subscribe(request):
    """Keep the PushSubscription the page's script sends (JSON); answers JSON."""
    try:
        push.subscribe(request.user, json_body(request))
    except push.SubscriptionRefused as exc:
        return JsonResponse({"detail": exc.message, "code": exc.code}, status=400)
    return JsonResponse({"detail": _("Cet appareil recevra vos notifications.")}, status=201)


@require_POST
@login_required
def push_unsubscribe(request):
    """Forget one device (the script sends its endpoint as JSON) or, from the page's form,
    every device of the person."""
    if request.content_type == "application/json":
        body = json_body(request)
        endpoint = body.get("endpoint") if isinstance(body, dict) else None
        if not isinstance(endpoint, str):
            return JsonResponse({"detail": _("Indiquez l'appareil à désabonner."),
                                 "code": "invalid_subscription"}, status=400)
        push.unsubscribe(request.user, endpoint)
        return JsonResponse({"detail": _("Cet appareil ne recevra plus vos notifications.")})
    push.unsubscribe(request.user)
    messages.success(request, _("Vos appareils ne recevront plus vos notifications."))
    return redirect("notifications:list")
