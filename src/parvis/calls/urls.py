from parvis.calls import urls_applications, urls_jury

app_name = "calls"
urlpatterns = [*urls_applications.urlpatterns, *urls_jury.urlpatterns]
