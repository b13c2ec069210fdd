from parvis.panels import urls_recruitment, urls_space

app_name = "panels"
urlpatterns = [*urls_recruitment.urlpatterns, *urls_space.urlpatterns]
