"""URLs of the space pages (joined into the panels namespace by urls.py)."""

urlpatterns = []
