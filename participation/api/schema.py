"""OpenAPI schema (drf-spectacular): every operation documents the error answers of `errors` (with the
shared `Error` body) besides its success, and the bearer-token authentication is declared."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input (`invalid`, with field errors) or a refusal of the domain.",
    "401": "No valid credentials (`not_authenticated`, `authentication_failed`).",
    "403": "Not allowed (`permission_denied`, or a domain refusal such as `not_verified`).",
    "404": "Missing, or not visible to you (`not_found`).",
    "405": "Method not allowed (`method_not_allowed`).",
    "406": "Cannot answer in the requested format (`not_acceptable`).",
    "409": "Refused by the domain in the current state (`phase_closed`, `already_done`, ...).",
    "415": "The body is not JSON (`unsupported_media_type`).",
    "429": "Too many requests (`throttled`, see `Retry-After`).",
}
WRITE_ONLY_CODES = {"409", "415"}


class PlacetteAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        is_read = self.method in ("GET", "HEAD")
        error_schema = self.resolve_serializer(ErrorSerializer(), "response").ref
        for code, description in ERROR_DESCRIPTIONS.items():
            if code in responses or (is_read and code in WRITE_ONLY_CODES):
                continue
            responses[code] = {
                "content": {"application/json": {"schema": error_schema}},
                "description": description,
            }
        if is_read:
            responses["304"] = {
                "description": "Not modified: your copy (`If-None-Match`, `If-Modified-Since`) is current."
            }
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "participation.api.authentication.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token created on the account page (`plc_...`).",
        }
