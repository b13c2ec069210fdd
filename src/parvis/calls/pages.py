"""The public pages of calls for projects, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""


from django.urls import reverse
from django.utils import timezone

from parvis.calls import jury
from parvis.calls.applications import public_calls
from parvis.calls.models import JuryMember
from parvis.core.models import Role
from parvis.core.modules import PublicPage, holder_of, require_demo_data, signed_in

demo_juror = holder_of(Role.JURY_MEMBER)


def open_call() -> str:
    """The demo's call for projects open to applications ("Clic et Déclic 2027")."""
    now = timezone.now()
    call = public_calls().filter(launched_at__lte=now, deadline__gt=now).order_by("pk").first()
    require_demo_data(call, "No open call for projects")
    return call.get_absolute_url()


def published_laureates() -> str:
    """The demo's judged call whose laureates are published ("Clic et Déclic 2026")."""
    call = public_calls().filter(laureates_published_at__isnull=False).order_by("pk").first()
    require_demo_data(call, "No call with published laureates")
    return reverse("calls:laureates", args=[call.slug])


def demo_jury_seat() -> JuryMember:
    """The demo juror's seat on the newest call they judge."""
    seat = (JuryMember.objects.filter(user=demo_juror()).select_related("call")
            .order_by("-call__launched_at").first())
    return require_demo_data(seat, "The demo juror sits on no jury")


def jury_space() -> str:
    return reverse("calls:jury", args=[demo_jury_seat().call.slug])


def jury_application() -> str:
    """An application of the demo juror's jury, on the page where they score it."""
    seat = demo_jury_seat()
    application = jury.juror_space(seat).order_by("pk").first()
    require_demo_data(application, "No application before the demo jury")
    return reverse("calls:jury_application", args=[seat.call.slug, application.pk])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("call-list", "calls:list"),
        PublicPage("call-detail", resolver=open_call),
        PublicPage("call-laureates", resolver=published_laureates),
        PublicPage("call-jury", resolver=jury_space, session=signed_in(demo_juror)),
        PublicPage("call-jury-application", resolver=jury_application,
                   session=signed_in(demo_juror)),
    ]
