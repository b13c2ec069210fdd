"""URLs of the jury pages (joined into the calls namespace by urls.py)."""

urlpatterns = []
