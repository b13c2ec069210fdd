"""Addresses of the site's pages as people outside it use them (e-mails, API, feeds)."""

from urllib.parse import urljoin

from django.conf import settings


def absolute(url: str) -> str:
    """`url` (a path such as "/idees/12/", or already absolute) on the site's public address
    (`SITE_URL`)."""
    return urljoin(settings.SITE_URL, url)
