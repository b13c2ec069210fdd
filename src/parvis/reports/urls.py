from django.urls import path, register_converter

from parvis.reports import exports, views_agent, views_public


class TrackingCodeConverter:
    regex = "[2-9A-HJ-NP-Z]{8}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TrackingCodeConverter, "tracking")

app_name = "reports"
urlpatterns = [
    path("", views_public.report_list, name="list"),
    path("nouveau/", views_public.report_new, name="new"),
    path("carte/donnees.geojson", views_public.map_data, name="map_data"),
    path("mes-signalements/", views_public.my_reports, name="mine"),
    path("suivre/", views_public.lookup, name="lookup"),
    path("suivi/<str:token>/", views_public.follow_up, name="follow"),
    path("suivi/<str:token>/envoyer/", views_public.send_follow_link, name="send_follow_link"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.geojson", exports.export_geojson, name="export_geojson"),
    path("gestion/", views_agent.inbox, name="inbox"),
    path("gestion/chiffres/", views_agent.figures, name="figures"),
    path("gestion/<tracking:code>/", views_agent.inbox_detail, name="inbox_detail"),
    path("<tracking:code>/", views_public.report_detail, name="detail"),
    path("<tracking:code>/moi-aussi/", views_public.me_too, name="me_too"),
]
