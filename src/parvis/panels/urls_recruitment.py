"""URLs of the recruitment pages (joined into the panels namespace by urls.py)."""

urlpatterns = []
