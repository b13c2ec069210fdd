"""Territory and services (public), and the profile of a token's owner (`/me`)."""

from ninja import Field, Query, Router, Schema

from parvis.core.api_kit.auth import BearerToken
from parvis.core.api_kit.errors import ErrorOut, ValidationErrorOut, get_by_slug, get_filter_object
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut
from parvis.core.models import Commune, Role, Service
from parvis.core.permissions import is_administrator, visible_services
from parvis.core.search import alphabetical_order

router = Router(tags=["territory"])


class CommuneOut(Schema):
    name: str
    slug: str
    insee_code: str
    latitude: float
    longitude: float


class DistrictOut(Schema):
    name: str
    slug: str


class CommuneDetailOut(CommuneOut):
    districts: list[DistrictOut]

    @staticmethod
    def resolve_districts(obj):
        return list(obj.districts.all())


class ServiceOut(Schema):
    name: str
    slug: str
    description: str
    email: str
    owner_commune: str | None
    communes: list[str]

    @staticmethod
    def resolve_owner_commune(obj):
        return obj.owner_commune.slug if obj.owner_commune_id else None

    @staticmethod
    def resolve_communes(obj):
        return [commune.slug for commune in obj.communes.all()]


class ServiceFilters(Schema):
    commune: Slug = Field(None, description="Services covering this commune.",
                          json_schema_extra={"example": "bordeaux"})


class ServiceRefOut(Schema):
    name: str
    slug: str


class RoleOut(ObjectOut):
    role: Role
    service: str | None
    commune: str | None

    @staticmethod
    def resolve_service(obj):
        return obj.service.slug if obj.service_id else None


class MeOut(Schema):
    pseudonym: str
    is_administrator: bool
    roles: list[RoleOut]
    services: list[ServiceRefOut]


def active_services():
    return Service.objects.filter(is_active=True).select_related("owner_commune")


@router.get("/communes", response={200: list[CommuneOut], 422: ValidationErrorOut})
@paginated(page_size=50)
def list_communes(request):
    """The communes of the metropolis, by name (50 per page unless `page_size` says otherwise)."""
    return Commune.objects.all()


@router.get(
    "/communes/{slug}",
    response={200: CommuneDetailOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def get_commune(request, slug: Slug):
    """A commune and its districts."""
    return get_by_slug(Commune.objects.prefetch_related("districts"), slug, "commune")


@router.get(
    "/services",
    response={200: list[ServiceOut], 404: ErrorOut, 422: ValidationErrorOut},
)
@paginated(page_size=50)
def list_services(request, filters: Query[ServiceFilters]):
    """Active services, by name (50 per page). An unknown `commune` answers 404."""
    services = active_services()
    commune = get_filter_object(Commune.objects, filters.commune, "commune")
    if commune:
        services = services.filter(communes=commune)
    return services.prefetch_related("communes").order_by(*alphabetical_order("name"), "pk")


@router.get(
    "/services/{slug}",
    response={200: ServiceOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def get_service(request, slug: Slug):
    """An active service, with its public contact address."""
    return get_by_slug(active_services().prefetch_related("communes"), slug, "service")


@router.get("/me", auth=BearerToken(), tags=["account"], response={200: MeOut, 401: ErrorOut})
def me(request):
    """The owner of the API token: pseudonym, roles with their scope, and the services
    whose work they handle."""
    user = request.auth
    return {
        "pseudonym": user.pseudonym,
        "is_administrator": is_administrator(user),
        "roles": user.role_grants.select_related("service", "commune").order_by("role", "pk"),
        "services": visible_services(user).order_by(*alphabetical_order("name"), "pk"),
    }
