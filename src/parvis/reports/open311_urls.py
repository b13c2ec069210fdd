"""Open311 GeoReport v2 resources; each answers `.json`, `.xml` or, without an extension,
the format the Accept header prefers (JSON by default)."""

from django.urls import path, re_path

from parvis.reports import open311

FORMAT = r"(?:\.(?P<fmt>\w+))?$"
app_name = "open311"
urlpatterns = [
    path("", open311.discovery, name="root"),
    re_path(r"^discovery" + FORMAT, open311.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, open311.service_list, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FORMAT, open311.service_definition,
            name="service"),
    re_path(r"^requests" + FORMAT, open311.service_requests, name="requests"),
    re_path(r"^requests/(?P<code>[-\w]+)" + FORMAT, open311.service_request, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]+)" + FORMAT, open311.token, name="token"),
    re_path(r"^(?P<path>.*?)" + FORMAT, open311.not_found),
]
