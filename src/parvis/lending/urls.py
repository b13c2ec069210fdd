from django.urls import include, path

from parvis.lending import views

app_name = "lending"

# The organisers' pages of one device, of one loan.
device_patterns = [
    path("", views.device_detail, name="device"),
    path("modifier/", views.device_edit, name="device_edit"),
    path("preter/", views.loan_create, name="loan_create"),
    path("incident/", views.device_incident, name="device_incident"),
]
loan_patterns = [
    path("", views.loan_detail, name="loan"),
    path("remise/", views.loan_hand_over, name="hand_over"),
    path("annulation/", views.loan_cancel, name="cancel"),
    path("convention-papier/", views.loan_paper_convention, name="paper_convention"),
    path("retour/", views.loan_return, name="return"),
]

urlpatterns = [
    # Members
    path("", views.my_loans, name="my_loans"),
    path("<int:pk>/convention/", views.accept_convention, name="accept_convention"),
    path("<int:pk>/incident/", views.member_incident, name="member_incident"),
    # Organisers
    path("materiel/", include([
        path("", views.inventory, name="inventory"),
        path("inventaire.csv", views.inventory_csv, name="inventory_csv"),
        path("nouveau/", views.device_create, name="device_create"),
        path("<int:pk>/", include(device_patterns)),
    ])),
    path("suivi/", include([
        path("", views.loan_list, name="loans"),
        path("en-retard/", views.overdue_list, name="overdue"),
        path("<int:pk>/", include(loan_patterns)),
    ])),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
]
