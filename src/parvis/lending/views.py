"""Pages of equipment lending, all behind login: the organisers' inventory, devices, loans,
incidents and CSV export; the members' "Mes prêts" (convention, PDF copy, incidents).
Every permission is checked here on the server; every page works without JavaScript."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core import spreadsheets
from parvis.core.decorators import allowed_only
from parvis.core.forms import carried_out
from parvis.core.pagination import page_of
from parvis.lending import conventions, selectors, services
from parvis.lending.forms import (
    OVERDUE,
    AcceptConventionForm,
    DeviceForm,
    FollowUpForm,
    IncidentForm,
    InventoryFilterForm,
    LoanFilterForm,
    LoanForm,
    PaperConventionForm,
    ReturnForm,
)
from parvis.lending.models import (
    OPEN_LOAN_STATUSES,
    Device,
    Incident,
    IncidentStatus,
    Loan,
    LoanStatus,
)
from parvis.lending.permissions import (
    can_manage_incident,
    can_manage_loan,
    is_borrower,
    is_lending_organiser,
    managed_incidents,
    managed_loans,
)
from parvis.lending.services import LendingError

PAGE_SIZE = 25
GET_POST = ["GET", "HEAD", "POST"]


organisers_only = allowed_only(is_lending_organiser)


def form_page(request, form, *, title, submit, back, intro="", status=200):
    return render(request, "lending/form.html", {
        "form": form, "title": title, "submit": submit, "back": back, "intro": intro,
    }, status=status)


def posted(request):
    return request.POST if request.method == "POST" else None


# Inventory ------------------------------------------------------------------------------


@organisers_only
@require_safe
def inventory(request):
    form = InventoryFilterForm(request.GET or None)
    devices = selectors.filter_inventory(selectors.inventory(), form.filters())
    page = page_of(request, devices, PAGE_SIZE)
    return render(request, "lending/inventory.html", {"form": form, "page_obj": page})


@organisers_only
@require_safe
def inventory_csv(request):
    """The inventory with its indicators; no personal data (nothing about the borrowers)."""
    form = InventoryFilterForm(request.GET or None)
    devices = selectors.filter_inventory(selectors.inventory(), form.filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inventaire-materiel.csv"'
    writer = spreadsheets.Writer(response)
    writer.writerow([_("type"), _("système"), _("modèle"), _("numéro de série"),
                     _("accessoires"), _("état"), _("provenance"), _("acquis le"),
                     _("âge (jours)"), _("prêts"), _("jours en prêt"), _("en prêt")])
    for device in devices.prefetch_related("events"):
        figures = selectors.device_indicators(device, device.events.all())
        writer.writerow([
            device.get_kind_display(), device.os, device.model, device.serial_number,
            device.accessories, device.get_state_display(), device.get_acquisition_display(),
            device.acquired_on.isoformat(), figures.age_days, figures.loans,
            figures.days_on_loan, _("oui") if device.on_loan else _("non"),
        ])
    return response


@organisers_only
@require_http_methods(GET_POST)
def device_create(request):
    form = DeviceForm(posted(request))
    created = carried_out(request, form, LendingError,
                          lambda data: services.save_device(form.instance, request.user,
                                                            created=True, note=data["note"]),
                          _("L'appareil est inscrit à l'inventaire."))
    if created.succeeded:
        return redirect(created.result)
    return form_page(request, form, title=_("Nouvel appareil"), submit=_("Ajouter"),
                     back=(reverse("lending:inventory"), _("Retour à l'inventaire")))


@organisers_only
@require_http_methods(GET_POST)
def device_edit(request, pk):
    device = get_object_or_404(Device, pk=pk)
    form = DeviceForm(posted(request), instance=device)
    edited = carried_out(request, form, LendingError,
                         lambda data: services.save_device(form.instance, request.user,
                                                           created=False, note=data["note"]),
                         _("L'appareil est modifié."))
    if edited.succeeded:
        return redirect(device)
    return form_page(request, form, title=_("Modifier %(device)s") % {"device": device},
                     submit=_("Enregistrer"), back=(device.get_absolute_url(),
                                                    _("Retour à l'appareil")))


@organisers_only
@require_safe
def device_detail(request, pk):
    device = get_object_or_404(selectors.inventory(), pk=pk)
    events = list(device.events.order_by("pk"))
    managed = set(managed_loans(request.user).filter(device=device).values_list("pk",
                                                                                 flat=True))
    open_loan = selectors.with_people(device.loans.filter(status__in=OPEN_LOAN_STATUSES)).first()
    return render(request, "lending/device.html", {
        "device": device,
        "figures": selectors.device_indicators(device, events),
        "events": reversed(events),
        "managed_loans": managed,
        "open_loan": open_loan,
        "incidents": device.incidents.order_by("-declared_at", "-pk"),
    })


# Loans ----------------------------------------------------------------------------------


def managed_loan(request, pk) -> Loan:
    loan = get_object_or_404(
        selectors.with_people(Loan.objects.select_related("convention")), pk=pk)
    if not can_manage_loan(request.user, loan):
        raise PermissionDenied
    return loan


@organisers_only
@require_http_methods(GET_POST)
def loan_create(request, pk):
    device = get_object_or_404(Device, pk=pk)
    form = LoanForm(posted(request), user=request.user, device=device)
    prepared = carried_out(
        request, form, LendingError,
        lambda data: services.prepare_loan(
            device, data["member"], request.user, starts_on=data["starts_on"],
            planned_end_on=data["planned_end_on"], accessories=data["accessories"],
            state_at_start=data["state_at_start"],
        ),
        _("Le prêt est préparé : le membre doit maintenant accepter la convention."))
    if prepared.succeeded:
        return redirect(prepared.result)
    return form_page(request, form, title=_("Prêter %(device)s") % {"device": device},
                     submit=_("Préparer le prêt"),
                     back=(device.get_absolute_url(), _("Retour à l'appareil")),
                     intro=_("Le matériel sera remis une fois la convention acceptée en ligne"
                             " par le membre, ou signée sur papier."))


def render_loans(request, loans, *, title, form=None):
    page = page_of(request, selectors.with_people(loans), PAGE_SIZE)
    return render(request, "lending/loans.html", {"form": form, "page_obj": page,
                                                  "title": title})


@organisers_only
@require_safe
def loan_list(request):
    form = LoanFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    loans = managed_loans(request.user)
    if filters.get("status") == OVERDUE:
        loans = selectors.overdue(loans)
    elif filters.get("status"):
        loans = loans.filter(status=filters["status"])
    if filters.get("panel"):
        loans = loans.filter(panel=filters["panel"])
    return render_loans(request, loans, title=_("Prêts"), form=form)


@organisers_only
@require_safe
def overdue_list(request):
    return render_loans(request, selectors.overdue(managed_loans(request.user)),
                        title=_("Prêts en retard"))


def render_loan(request, loan, paper_form=None, status=200):
    template = services.current_template()
    return render(request, "lending/loan.html", {
        "loan": loan,
        "convention_text": (services.render_convention(loan, template)
                            if template and loan.member_id else ""),
        "paper_form": paper_form or PaperConventionForm(),
        "incidents": loan.incidents.order_by("-declared_at", "-pk"),
    }, status=status)


@organisers_only
@require_safe
def loan_detail(request, pk):
    return render_loan(request, managed_loan(request, pk))


def loan_action(request, pk, action, success: str):
    """A button of the loan page: do `action(loan, user)`, then back to the page."""
    loan = managed_loan(request, pk)
    try:
        action(loan, request.user)
    except LendingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(loan)


@organisers_only
@require_POST
def loan_hand_over(request, pk):
    return loan_action(request, pk, services.hand_over, _("Le matériel est remis au membre."))


@organisers_only
@require_POST
def loan_cancel(request, pk):
    return loan_action(request, pk, services.cancel_loan, _("Le prêt est annulé."))


@organisers_only
@require_POST
def loan_paper_convention(request, pk):
    loan = managed_loan(request, pk)
    form = PaperConventionForm(request.POST)
    recorded = carried_out(request, form, LendingError,
                           lambda data: services.record_paper_convention(loan, request.user,
                                                                         **data),
                           _("La convention signée sur papier est enregistrée."))
    if recorded.succeeded:
        return redirect(loan)
    return render_loan(request, loan, paper_form=form, status=400)


@organisers_only
@require_http_methods(GET_POST)
def loan_return(request, pk):
    loan = managed_loan(request, pk)
    form = ReturnForm(posted(request), initial={"state": loan.state_at_start})
    returned = carried_out(request, form, LendingError,
                           lambda data: services.return_loan(loan, request.user, **data),
                           _("Le retour du matériel est enregistré."))
    if returned.succeeded:
        return redirect(loan)
    return form_page(request, form, title=_("Retour du prêt n° %(number)s") % {
        "number": loan.pk}, submit=_("Enregistrer le retour"),
        back=(loan.get_absolute_url(), _("Retour au prêt")))


# Incidents ------------------------------------------------------------------------------


def incident_page(request, form, device, back, by_member: bool):
    declared = carried_out(request, form, LendingError,
                           lambda data: services.declare_incident(device, request.user,
                                                                  by_member=by_member, **data),
                           _("L'incident est déclaré : l'équipe du panel en assure le suivi."))
    if declared.succeeded:
        return redirect(back[0])
    return form_page(request, form, title=_("Déclarer un incident : %(device)s") % {
        "device": device.model}, submit=_("Déclarer l'incident"), back=back)


@organisers_only
@require_http_methods(GET_POST)
def device_incident(request, pk):
    device = get_object_or_404(Device, pk=pk)
    return incident_page(request, IncidentForm(posted(request)), device,
                         (device.get_absolute_url(), _("Retour à l'appareil")),
                         by_member=False)


@organisers_only
@require_safe
def incident_list(request):
    status = request.GET.get("statut", "")
    incidents = managed_incidents(request.user).select_related("device", "loan__panel")
    if status in IncidentStatus.values:
        incidents = incidents.filter(status=status)
    page = page_of(request, incidents, PAGE_SIZE)
    return render(request, "lending/incidents.html", {
        "page_obj": page, "statuses": IncidentStatus.choices, "current_status": status,
    })


@organisers_only
@require_http_methods(GET_POST)
def incident_detail(request, pk):
    incident = get_object_or_404(
        Incident.objects.select_related("device", "loan__panel", "loan__borrower",
                                        "loan__member__volunteer", "replacement_loan__device"),
        pk=pk)
    if not can_manage_incident(request.user, incident):
        raise PermissionDenied
    form = FollowUpForm(posted(request), initial={"status": incident.status,
                                                  "actions": incident.actions})
    followed = carried_out(request, form, LendingError,
                           lambda data: services.follow_up_incident(incident, request.user,
                                                                    **data),
                           _("Le suivi de l'incident est enregistré."))
    if followed.succeeded:
        return redirect(incident)
    return render(request, "lending/incident.html", {"incident": incident, "form": form})


# Members --------------------------------------------------------------------------------


def render_my_loans(request, invalid_form=None, invalid_loan=None, status=200):
    """The member's loans; a loan waiting for its convention shows the text to accept."""
    loans = selectors.with_people(Loan.objects.filter(borrower=request.user)).select_related(
        "convention").exclude(status=LoanStatus.CANCELLED)
    template = services.current_template()
    entries = []
    for loan in loans:
        entry = {"loan": loan, "text": "", "form": None}
        if loan.status == LoanStatus.PREPARED and template and not hasattr(loan, "convention"):
            entry["text"] = services.render_convention(loan, template)
            entry["form"] = invalid_form if loan == invalid_loan else AcceptConventionForm(
                prefix=f"pret-{loan.pk}",
                initial={"text_hash": conventions.fingerprint(entry["text"])})
        entries.append(entry)
    return render(request, "lending/my_loans.html", {"entries": entries}, status=status)


def own_loan(request, pk) -> Loan:
    loan = get_object_or_404(Loan.objects.select_related("device", "borrower"), pk=pk)
    if not is_borrower(request.user, loan):
        raise Http404
    return loan


@login_required
@never_cache
@require_safe
def my_loans(request):
    return render_my_loans(request)


@login_required
@require_POST
def accept_convention(request, pk):
    loan = own_loan(request, pk)
    form = AcceptConventionForm(request.POST, prefix=f"pret-{loan.pk}")
    if form.is_valid():
        try:
            services.accept_convention(loan, request.user, form.cleaned_data["text_hash"])
        except LendingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Merci : la convention est acceptée. Vous pouvez en"
                                        " télécharger la copie ; l'équipe du panel vous"
                                        " remettra le matériel."))
        return redirect("lending:my_loans")
    return render_my_loans(request, form, loan, status=400)


@login_required
@require_http_methods(GET_POST)
def member_incident(request, pk):
    loan = own_loan(request, pk)
    if loan.status != LoanStatus.HANDED_OVER:
        messages.error(request, _("Un incident se déclare sur un appareil qui vous est"
                                  " prêté."))
        return redirect("lending:my_loans")
    return incident_page(request, IncidentForm(posted(request)), loan.device,
                         (reverse("lending:my_loans"), _("Retour à mes prêts")), by_member=True)

