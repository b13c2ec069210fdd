"""The public pages of citizen panels, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""



from parvis.core.modules import PublicPage
from parvis.panels.recruitment import public_panels


def drawn_panel() -> str:
    """The demo's panel whose members were drawn (« Pionniers de la participation 2027 »)."""
    panel = public_panels().filter(draws__performed_at__isnull=False).order_by("pk").first()
    if panel is None:
        raise LookupError("No drawn panel: load the demo data (`parvis load_demo`).")
    return panel.get_absolute_url()


def recruiting_panel() -> str:
    """The demo's panel calling for volunteers (« Foyers pionniers du climat »)."""
    panel = public_panels().filter(status="recruiting").order_by("pk").first()
    if panel is None:
        raise LookupError("No panel calling for volunteers: load the demo data.")
    return panel.get_absolute_url()


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("panel-list", "panels:list"),
        PublicPage("panel-detail", resolver=drawn_panel),
        PublicPage("panel-recruiting", resolver=recruiting_panel),
    ]
