"""Who may keep the IT inventory and the emission factors. The footprint page is public."""

from parvis.core.permissions import is_administrator


def can_manage_inventory(user) -> bool:
    """The IT department's inventory: administrators (the IT operator) only."""
    return is_administrator(user)
