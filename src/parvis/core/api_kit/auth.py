"""Token authentication for integrations (keys made by `parvis create_api_token`)."""

from ninja.security import HttpBearer

from parvis.core.models import ApiToken
from parvis.core.services import tokens


class BearerToken(HttpBearer):
    """A token allowing `scope`; a refusal is answered as JSON by the API's handler."""

    openapi_bearerFormat = "pvs_…"
    openapi_description = (
        "An API token: `Authorization: Bearer pvs_…`. An administrator creates it with "
        "`parvis create_api_token EMAIL NAME --scope read`; it has scopes, an expiry and "
        "an hourly rate. Refusals: 401 `invalid_token` or `token_expired`, 403 "
        "`insufficient_scope`, 429 `throttled`."
    )

    def __init__(self, scope: str = ApiToken.Scope.READ):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token):
        return tokens.authenticate(token, self.scope)
