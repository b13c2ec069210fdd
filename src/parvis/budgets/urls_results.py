"""URLs of the results pages (joined into the budgets namespace by urls.py)."""

urlpatterns = []
