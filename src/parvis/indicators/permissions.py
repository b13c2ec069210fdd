"""Who may do what with the strategy's indicators. The dashboard is public."""

from parvis.core.models import Role
from parvis.core.permissions import has_role


def can_manage_indicators(user) -> bool:
    """Enter, import and compute measurements, set up axes and indicators: the people who run
    the participation platform (process managers) and administrators."""
    return has_role(user, Role.PROCESS_MANAGER)
