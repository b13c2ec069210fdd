"""The site's URLs: the platform's pages, every registered module's, the back office and the
API (`build_urlconf` builds them again, e.g. in a test that registers a module)."""

from types import ModuleType

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from parvis.api.urls import api, build_api
from parvis.core import modules, views
from parvis.processes import views as process_views


def build_patterns(api) -> list:
    patterns = [
        path("", process_views.home, name="home"),
        path("accessibilite/", views.accessibility, name="accessibility"),
        path("mentions-legales/", views.legal, name="legal"),
        path("donnees-personnelles/", views.privacy, name="privacy"),
        path("sante/", views.health, name="health"),
        path("sante/pret/", views.readiness, name="readiness"),
        path("sante/metriques/", views.metrics, name="metrics"),
        path("compte/", include("parvis.core.urls_accounts")),
        path("guichet/", include("parvis.core.urls_verification")),
        path("demarches/", include("parvis.processes.urls")),
        *(path(urls.prefix, include(urls.module))
          for module in modules.all_modules() for urls in module.all_urls()),
        path("gestion/", admin.site.urls),
        path("api/v1/", api.urls),
    ]
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        # Uploaded media from the local disk (a proxy or object storage serves them at scale).
        patterns.append(
            path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve,
                 {"document_root": settings.MEDIA_ROOT})
        )
    return patterns


def build_urlconf() -> ModuleType:
    """A URLconf of the modules registered now, for `ROOT_URLCONF`."""
    urlconf = ModuleType("parvis.urls.rebuilt")
    urlconf.urlpatterns = build_patterns(build_api())
    return urlconf


urlpatterns = build_patterns(api)
