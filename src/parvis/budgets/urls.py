from parvis.budgets import urls_projects, urls_results, urls_vote

app_name = "budgets"
urlpatterns = [*urls_projects.urlpatterns, *urls_vote.urlpatterns, *urls_results.urlpatterns]
