"""URLs of the applications pages (joined into the calls namespace by urls.py)."""

urlpatterns = []
