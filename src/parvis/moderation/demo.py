"""Demo data: the demo accounts accepted the charter (the moderation examples of the forum are
in the comments module's demo)."""


from parvis.core.models import User
from parvis.moderation import services

DEMO_DOMAIN = "@demo.parvis.test"


def load() -> None:
    """Idempotent."""
    for user in User.objects.filter(email__endswith=DEMO_DOMAIN, is_active=True):
        services.accept_charter(user)
