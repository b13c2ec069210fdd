"""URLs of the vote pages (joined into the budgets namespace by urls.py)."""

urlpatterns = []
