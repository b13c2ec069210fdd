from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from parvis.api.urls import api
from parvis.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("sante/", views.health, name="health"),
    path("compte/", include("parvis.core.urls_accounts")),
    path("guichet/", include("parvis.core.urls_verification")),
    path("demarches/", include("parvis.processes.urls")),
    path("signalements/", include("parvis.reports.urls")),
    path("open311/v2/", include("parvis.reports.open311_urls")),
    path("moderation/", include("parvis.moderation.urls")),
    path("commentaires/", include("parvis.comments.urls")),
    path("debats/", include("parvis.comments.urls_debates")),
    path("notifications/", include("parvis.notifications.urls")),
    path("idees/", include("parvis.ideas.urls")),
    path("consultations/", include("parvis.consultations.urls")),
    path("agenda/", include("parvis.agenda.urls")),
    path("budgets/", include("parvis.budgets.urls")),
    path("panels/", include("parvis.panels.urls")),
    path("appels-a-projets/", include("parvis.calls.urls")),
    path("prets/", include("parvis.lending.urls")),
    path("gestion/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Uploaded media from the local disk (a proxy or object storage serves them at scale).
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve,
             {"document_root": settings.MEDIA_ROOT})
    )
