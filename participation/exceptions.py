"""Domain errors: a refusal a person can understand. Services raise them; pages show `message` on the form or
as a flash message, the API answers 400/409 with {"code": ..., "detail": ...}. Permission refusals are
Django's `PermissionDenied`, not a DomainError."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 400  # the HTTP status the API answers with
    default_message = _("This action is not possible.")

    def __init__(self, message=None, *, field_errors: dict | None = None):
        self.message = message or self.default_message
        # {"title": ["..."], ...} for errors a form can attach to its fields.
        self.field_errors = field_errors or {}
        super().__init__(str(self.message))


class InvalidInputError(DomainError):
    code = "invalid"
    default_message = _("Some fields are missing or wrong.")


class TransitionNotAllowedError(DomainError):
    code = "transition_not_allowed"
    status = 409
    default_message = _("This proposal cannot make that change in its current state.")


class PhaseClosedError(DomainError):
    code = "phase_closed"
    status = 409
    default_message = _("This is not possible during the current phase of the process.")


class AlreadyDoneError(DomainError):
    code = "already_done"
    status = 409
    default_message = _("This has already been done.")


class SupportLimitReachedError(DomainError):
    code = "support_limit_reached"
    status = 409
    default_message = _("You have used all your supports in this process.")
