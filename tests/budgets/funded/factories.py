"""Arrangement helpers of the funded-project tests (rows written directly, never through the services)."""

import io

from PIL import Image

from budgets.models import (
    Association,
    AssociationMembership,
    AssociationRole,
    FundedProject,
    FundedProjectState,
)
from budgets.roles import ensure_budget_role_groups
from participation.roles import ensure_role_groups
from tests.factories import ProcessFactory, UserFactory


def make_association(name="Les Amis du Lavoir", slug=None, **fields) -> Association:
    return Association.objects.create(name=name, slug=slug or name.lower().replace(" ", "-"), **fields)


def member_of(association, *, role=AssociationRole.MEMBER, **user_fields):
    user = UserFactory(**user_fields)
    AssociationMembership.objects.create(association=association, user=user, role=role)
    return user


def staff_user(**fields):
    # The staff role of funded projects rides on "Process administrators" (budgets.roles).
    ensure_role_groups()
    ensure_budget_role_groups()
    return UserFactory(process_admin=True, **fields)


def make_funded_project(
    *,
    process=None,
    state=FundedProjectState.PLANNED,
    associations=(),
    title="Un lavoir",
    allocated_cents=20_000_00,
    **fields,
) -> FundedProject:
    if process is None:
        process = ProcessFactory(with_phase="implementation")
    project = FundedProject.objects.create(
        process=process, title=title, allocated_cents=allocated_cents, **fields
    )
    if state != FundedProjectState.PLANNED:
        # A protected FSM field: arranged with an update, as a fixture, not as a transition.
        extra = {"cancel_reason": "Plus de terrain."} if state == FundedProjectState.CANCELLED else {}
        FundedProject.objects.filter(pk=project.pk).update(state=state, **extra)
        project = FundedProject.objects.get(pk=project.pk)
    if associations:
        project.associations.set(associations)
    return project


def image_bytes(fmt="JPEG", size=(40, 30), color=(200, 120, 40), exif=None) -> bytes:
    output = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(output, format=fmt, exif=exif)
    else:
        image.save(output, format=fmt)
    return output.getvalue()
