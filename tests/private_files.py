"""What a person gets for a private file, at the public media address it had before private
storage existed and at its permission-checked address."""

from django.conf import settings
from django.urls import reverse


def private_url(kind: str, instance) -> str:
    return reverse("private_file", args=[kind, instance.pk])


def statuses(client, user, file, url: str) -> tuple[int, int]:
    """(status at MEDIA_URL + the file's name, status at `url`) for `user` (None: anonymous)."""
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(settings.MEDIA_URL + file.name).status_code, client.get(url).status_code
