"""The public pages of citizen panels, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""



from django.urls import reverse

from parvis.core.models import User
from parvis.core.modules import PublicPage, require_demo_data, signed_in
from parvis.panels.demo import MEMBER_EMAIL
from parvis.panels.models import Member
from parvis.panels.recruitment import public_panels


def drawn_panel() -> str:
    """The demo's panel whose members were drawn (« Pionniers de la participation 2027 »)."""
    panel = public_panels().filter(draws__performed_at__isnull=False).order_by("pk").first()
    require_demo_data(panel, "No drawn panel")
    return panel.get_absolute_url()


def recruiting_panel() -> str:
    """The demo's panel calling for volunteers (« Foyers pionniers du climat »)."""
    panel = public_panels().filter(status="recruiting").order_by("pk").first()
    require_demo_data(panel, "No panel calling for volunteers")
    return panel.get_absolute_url()


def demo_member() -> User:
    user = User.objects.filter(email=MEMBER_EMAIL).first()
    return require_demo_data(user, "No demo panel member")


def members_space() -> str:
    """The members' space of the demo member's panel."""
    membership = (Member.objects.filter(user=demo_member()).select_related("panel")
                  .order_by("pk").first())
    require_demo_data(membership, "The demo member belongs to no panel")
    return reverse("panels:space", args=[membership.panel.slug])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("panel-list", "panels:list"),
        PublicPage("panel-detail", resolver=drawn_panel),
        PublicPage("panel-recruiting", resolver=recruiting_panel),
        PublicPage("panel-space", resolver=members_space, session=signed_in(demo_member)),
    ]
