from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from parvis.core.models import Commune, Service

router = Router(tags=["territory"])


class CommuneOut(Schema):
    name: str
    slug: str
    insee_code: str
    latitude: float
    longitude: float


class ServiceOut(Schema):
    name: str
    slug: str
    description: str
    owner_commune: str | None
    communes: list[str]

    @staticmethod
    def resolve_owner_commune(obj):
        return obj.owner_commune.slug if obj.owner_commune_id else None

    @staticmethod
    def resolve_communes(obj):
        return [commune.slug for commune in obj.communes.all()]


@router.get("/communes", response=list[CommuneOut])
@paginate(PageNumberPagination, page_size=50)
def list_communes(request):
    return Commune.objects.all()


@router.get("/services", response=list[ServiceOut])
@paginate(PageNumberPagination, page_size=50)
def list_services(request, commune: str | None = None):
    services = Service.objects.filter(is_active=True).select_related("owner_commune")
    if commune:
        services = services.filter(communes__slug=commune)
    return services.prefetch_related("communes").order_by("name", "pk")
