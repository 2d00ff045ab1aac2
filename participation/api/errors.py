"""One JSON shape for every error of the API: `{"code": "<stable_snake_case>", "detail": "<human text in the
request's language>"}`, plus `"errors": {"field": ["..."]}` when the input had field errors.

- a `DomainError` (a refusal of the domain): its own `status` (400, 403, 404, 409 or 429) and `code`;
- Django's `PermissionDenied`: 403 `permission_denied`;
- anything missing or invisible (`Http404`, `ObjectDoesNotExist`): 404 `not_found`;
- DRF's validation errors: 400 `invalid` with the field errors;
- DRF's other errors keep their status, with their own code (`not_authenticated`, `authentication_failed`,
  `throttled` with `Retry-After`, `method_not_allowed`, `parse_error`, `unsupported_media_type`...).
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from participation.exceptions import DomainError


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (documented on every operation of the schema)."""

    code = serializers.CharField(help_text="A stable snake_case code, see docs/api.md.")
    detail = serializers.CharField(help_text="What went wrong, for a person, in the request's language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field errors, by field name (`non_field_errors` for the input as a whole).",
    )


def _field_errors(data) -> dict[str, list[str]]:
    """DRF's nested error structure flattened to {"field": ["message", ...]} (nested fields as "a.b")."""
    flat: dict[str, list[str]] = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list):
            if all(not isinstance(item, dict | list) for item in value):
                flat.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in value)
            else:
                for index, item in enumerate(value):
                    walk(f"{prefix}.{index}" if prefix else str(index), item)
        else:
            flat.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", data)
    return flat


def error_body(code: str, detail, errors: dict | None = None) -> dict:
    body = {"code": code, "detail": str(detail)}
    if errors:
        body["errors"] = {str(key): [str(message) for message in value] for key, value in errors.items()}
    return body


def api_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error as `ErrorSerializer`. Unknown exceptions propagate
    (a 500 is a bug, reported as such)."""
    if isinstance(exc, DomainError):
        errors = {
            key: value if isinstance(value, list | tuple) else [value]
            for key, value in exc.field_errors.items()
        }
        return Response(error_body(exc.code, exc.message, errors), status=exc.status)
    if isinstance(exc, PermissionDenied):
        return Response(
            error_body("permission_denied", _("You are not allowed to do this.")),
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, Http404 | ObjectDoesNotExist | exceptions.NotFound):
        return Response(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            error_body("invalid", _("Some fields are missing or wrong."), _field_errors(exc.detail)),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait))
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        return Response(error_body(exc.default_code, detail), status=exc.status_code, headers=headers)
    return None


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 (not the HTML page), in the same shape as every error."""
    from django.http import JsonResponse

    return JsonResponse(error_body("not_found", _("Not found.")), status=404)
