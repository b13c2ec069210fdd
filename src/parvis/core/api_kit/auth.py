"""Token authentication for agents' integrations (keys made by `parvis create_api_token`)."""

from ninja.security import HttpBearer

from parvis.core.services import tokens


class BearerToken(HttpBearer):
    openapi_bearerFormat = "pvs_…"
    openapi_description = (
        "A personal API token: `Authorization: Bearer pvs_…`. "
        "An administrator creates it with `parvis create_api_token EMAIL NAME`."
    )

    def authenticate(self, request, token):
        return tokens.authenticate(token)
