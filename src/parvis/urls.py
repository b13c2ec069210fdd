"""The site's URLs: the platform's pages, every registered module's, the back office and the
API (`build_urlconf` builds them again, e.g. in a test that registers a module)."""

from types import ModuleType

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from parvis.api.urls import api, build_api
from parvis.core import modules, views, views_app
from parvis.processes import views as process_views


def serve_media(request, path):
    """A public media file from `MEDIA_ROOT` as it is set when the file is asked for."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def build_patterns(api) -> list:
    patterns = [
        path("", process_views.home, name="home"),
        path("accessibilite/", views.accessibility, name="accessibility"),
        path("mentions-legales/", views.legal, name="legal"),
        path("donnees-personnelles/", views.privacy, name="privacy"),
        path("donnees-personnelles/registre.csv", views.privacy_register_csv,
             name="privacy_register_csv"),
        path("donnees-personnelles/registre.json", views.privacy_register_json,
             name="privacy_register_json"),
        path("manifest.webmanifest", views_app.manifest, name="manifest"),
        path("sw.js", views_app.service_worker, name="service_worker"),
        path("hors-ligne/", views_app.offline, name="offline"),
        path("sante/", views.health, name="health"),
        path("sante/pret/", views.readiness, name="readiness"),
        path("sante/metriques/", views.metrics, name="metrics"),
        path("fichiers/<str:kind>/<int:pk>/", views.private_file, name="private_file"),
        path("demo/courriels/", views.demo_outbox, name="demo_outbox"),
        path("compte/", include("parvis.core.urls_accounts")),
        path("guichet/", include("parvis.core.urls_verification")),
        path("adresses/", include("parvis.core.urls_addresses")),
        path("demarches/", include("parvis.processes.urls")),
        path("recherche/", process_views.search, name="search"),
        path("mon-espace/", process_views.my_space, name="my_space"),
        *(path(urls.prefix, include(urls.module))
          for module in modules.all_modules() for urls in module.all_urls()),
        path("gestion/", admin.site.urls),
        path("api/v1/", api.urls),
    ]
    if settings.SERVE_MEDIA and settings.STORAGES["default"]["BACKEND"].endswith(
            "FileSystemStorage"):
        # Public media from the local disk, for the demo (the web server serves them in
        # production). Private files are never under MEDIA_ROOT.
        patterns.append(
            path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)
        )
    return patterns


def build_urlconf() -> ModuleType:
    """A URLconf of the modules registered now, for `ROOT_URLCONF`."""
    urlconf = ModuleType("parvis.urls.rebuilt")
    urlconf.urlpatterns = build_patterns(build_api())
    vars(urlconf).update(ERROR_HANDLERS)
    return urlconf


urlpatterns = build_patterns(api)
handler400 = "parvis.core.views_errors.bad_request"
handler403 = "parvis.core.views_errors.permission_denied"
handler404 = "parvis.core.views_errors.page_not_found"
handler500 = "parvis.core.views_errors.server_error"
ERROR_HANDLERS = {"handler400": handler400, "handler403": handler403,
                  "handler404": handler404, "handler500": handler500}
