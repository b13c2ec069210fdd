"""WSGI entry point (gunicorn parvis.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
application = get_wsgi_application()
