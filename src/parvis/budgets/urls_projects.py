"""URLs of the projects pages (joined into the budgets namespace by urls.py)."""

urlpatterns = []
