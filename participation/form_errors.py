"""How a service's refusal (a `DomainError`) lands on a staff form. Shared by the staff pages of both apps."""

from .exceptions import DomainError


def add_domain_error(form, error: DomainError, *, field_names: dict | None = None) -> None:
    """Puts a service's refusal on the form: on the field it names (renamed through `field_names` when the
    form calls it otherwise) when the form has it, else on top."""
    field_names = field_names or {}
    placed = False
    for service_name, field_messages in error.field_errors.items():
        field_name = field_names.get(service_name, service_name)
        if isinstance(field_messages, str):
            field_messages = [field_messages]
        for message in field_messages:
            form.add_error(field_name if field_name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
