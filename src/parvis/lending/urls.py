from django.urls import path

from parvis.lending import views

app_name = "lending"

urlpatterns = [
    # Members
    path("", views.my_loans, name="my_loans"),
    path("<int:pk>/convention/", views.accept_convention, name="accept_convention"),
    path("<int:pk>/incident/", views.member_incident, name="member_incident"),
    # Organisers
    path("materiel/", views.inventory, name="inventory"),
    path("materiel/inventaire.csv", views.inventory_csv, name="inventory_csv"),
    path("materiel/nouveau/", views.device_create, name="device_create"),
    path("materiel/<int:pk>/", views.device_detail, name="device"),
    path("materiel/<int:pk>/modifier/", views.device_edit, name="device_edit"),
    path("materiel/<int:pk>/preter/", views.loan_create, name="loan_create"),
    path("materiel/<int:pk>/incident/", views.device_incident, name="device_incident"),
    path("suivi/", views.loan_list, name="loans"),
    path("suivi/en-retard/", views.overdue_list, name="overdue"),
    path("suivi/<int:pk>/", views.loan_detail, name="loan"),
    path("suivi/<int:pk>/remise/", views.loan_hand_over, name="hand_over"),
    path("suivi/<int:pk>/annulation/", views.loan_cancel, name="cancel"),
    path("suivi/<int:pk>/convention-papier/", views.loan_paper_convention,
         name="paper_convention"),
    path("suivi/<int:pk>/retour/", views.loan_return, name="return"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
]
