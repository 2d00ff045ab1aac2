"""Funded projects: their creation (from the count of a vote, or by staff), their state machine, and what the
carrying associations report (updates with photos, milestones, expenses, progress). Followers hear about
transitions and updates through the notification pipeline (`budgets.notifications`).

Every service: one transaction, the project's row locked, the rule checked (`budgets.rules`), a domain check
raising a `DomainError` with a clear message, `save(update_fields=...)`, a `DomainEvent`."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed, can_proceed

from participation.coordinates import clean_coordinates
from participation.exceptions import AlreadyDoneError, DomainError, InvalidInputError
from participation.models import Area, EventKind
from participation.permissions import require_perm
from participation.services.events import event_record

from ..models import (
    Association,
    Budget,
    FundedProject,
    FundedProjectExpense,
    FundedProjectFollow,
    FundedProjectMilestone,
    FundedProjectPhoto,
    FundedProjectTransition,
    FundedProjectUpdate,
    ProgressMode,
    ProjectResult,
)
from ..uploads import clean_photo, clean_receipt

MAX_PHOTOS_PER_UPDATE = 6
BODY_MAX_LENGTH = 10_000
REASON_MAX_LENGTH = 1_000

# The rule each transition declares as its `permission=` on `FundedProject`.
TRANSITION_PERMS = {
    "start": "budgets.change_funded_project_state",
    "pause": "budgets.change_funded_project_state",
    "resume": "budgets.change_funded_project_state",
    "complete": "budgets.change_funded_project_state",
    "cancel": "budgets.cancel_funded_project",
}


class FundedProjectError(DomainError):
    code = "funded_project"
    status = 409
    default_message = _("This is not possible for this project.")


class ProjectClosedError(FundedProjectError):
    code = "funded_project_closed"
    default_message = _("This project is cancelled or completed: it accepts no new expense.")


class FundedTransitionError(FundedProjectError):
    code = "funded_project_transition_not_allowed"
    default_message = _("This project cannot make that change in its current state.")


def _locked(project: FundedProject) -> FundedProject:
    return FundedProject.objects.select_for_update(of=("self",)).select_related("process").get(pk=project.pk)


def _event_payload(project: FundedProject, **extra) -> dict:
    # Everything the notification wording needs (`budgets.notifications.describe_*` must not query).
    return {"funded_project_id": project.pk, "title": project.title, **extra}


# --- Creation -----------------------------------------------------------------------------------------------


def funded_projects_create_for_budget(*, budget: Budget) -> list[FundedProject]:
    """One funded project per selected project of the counted `budget`, linked to the budget project and its
    proposal, with its title, text, area, location and allocated amount (state planned, progress from
    milestones). Idempotent: the budget project is unique on `FundedProject` (one-to-one), existing ones are
    skipped. Called by `budget_allocate` in the transaction of the count (no permission check: the count is
    the authority), and by staff (`funded_projects_create_for_budget_by_staff`). Side effects: the rows and a
    `FUNDED_PROJECT_CREATED` event each. Returns the projects created now."""
    created = []
    results = (
        ProjectResult.objects.filter(
            project__budget=budget, selected=True, project__funded_project__isnull=True
        )
        .select_related("project__budget__process", "project__proposal")
        .order_by("rank", "pk")
    )
    for result in results:
        budget_project = result.project
        with transaction.atomic():
            project, was_created = FundedProject.objects.get_or_create(
                budget_project=budget_project,
                defaults={
                    "process": budget_project.budget.process,
                    "proposal": budget_project.proposal,
                    "title": budget_project.title,
                    "description": budget_project.description,
                    "area_id": budget_project.area_id or budget_project.budget.area_id,
                    "latitude": budget_project.latitude,
                    "longitude": budget_project.longitude,
                    "allocated_cents": result.allocated_cents,
                },
            )
            if was_created:
                event_record(
                    kind=EventKind.FUNDED_PROJECT_CREATED,
                    process=project.process,
                    proposal=project.proposal,
                    payload=_event_payload(project, budget_project=budget_project.pk),
                )
                created.append(project)
    return created


def funded_projects_create_for_budget_by_staff(*, actor, budget: Budget) -> list[FundedProject]:
    """Staff run the creation again for a counted budget (e.g. after deleting a project by mistake). Rule
    `budgets.manage_funded_projects`; a budget not counted raises `FundedProjectError`."""
    require_perm(actor, "budgets.manage_funded_projects")
    if budget.allocated_at is None:
        raise FundedProjectError(_("The votes of this budget have not been counted yet."))
    return funded_projects_create_for_budget(budget=budget)


def funded_project_create(
    *,
    actor,
    title,
    allocated_cents,
    process=None,
    description="",
    area=None,
    latitude=None,
    longitude=None,
    parent=None,
    associations=(),
) -> FundedProject:
    """Staff create a project funded another way (rule `budgets.manage_funded_projects`): title (1–200
    characters), allocated amount (whole cents, 0 or more), optional process, area, location, parent project
    and carrying associations. Bad input raises `InvalidInputError` with `field_errors`. Side effects: the
    row, its associations, a `FUNDED_PROJECT_CREATED` event."""
    require_perm(actor, "budgets.manage_funded_projects")
    errors: dict[str, list] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Give the project a title.")]
    elif len(title) > 200:
        errors["title"] = [_("Use at most %(max)d characters.") % {"max": 200}]
    if isinstance(allocated_cents, bool) or not isinstance(allocated_cents, int) or allocated_cents < 0:
        errors["allocated_cents"] = [_("Enter an amount of 0 € or more.")]
    if area is not None and not isinstance(area, Area):
        errors["area"] = [_("Choose an area of the list.")]
    coordinates, coordinate_errors = clean_coordinates(latitude, longitude)
    errors.update(coordinate_errors)
    if errors:
        raise InvalidInputError(field_errors=errors)
    with transaction.atomic():
        project = FundedProject.objects.create(
            process=process,
            title=title,
            description=(description or "").strip(),
            area=area,
            allocated_cents=allocated_cents,
            parent=parent,
            **coordinates,
        )
        if associations:
            project.associations.set(associations)
        event_record(
            kind=EventKind.FUNDED_PROJECT_CREATED,
            actor=actor,
            process=process,
            payload=_event_payload(project),
        )
    return project


def funded_project_set_associations(*, actor, project: FundedProject, associations) -> FundedProject:
    """Staff set which associations carry the project (rule `budgets.manage_funded_projects`)."""
    require_perm(actor, "budgets.manage_funded_projects")
    associations = list(associations)
    if any(not isinstance(association, Association) for association in associations):
        raise InvalidInputError(field_errors={"associations": [_("Choose associations of the list.")]})
    with transaction.atomic():
        project = _locked(project)
        project.associations.set(associations)
    return project


# --- State machine ------------------------------------------------------------------------------------------


def funded_project_transition(*, actor, project: FundedProject, name: str, reason="") -> FundedProject:
    """Applies a transition of the project's machine: start (planned → in progress), pause, resume, complete
    (in progress → completed), cancel (any state but completed, with a public reason, staff only). The rule
    is the transition's `permission=` (`TRANSITION_PERMS`). An impossible transition raises
    `FundedTransitionError`; cancelling without a reason raises `InvalidInputError`. Side effects: the state,
    a `FundedProjectTransition` row (the public timeline), a `FUNDED_PROJECT_TRANSITION` event (followers are
    notified)."""
    if name not in TRANSITION_PERMS:
        raise FundedTransitionError()
    reason = (reason or "").strip()
    with transaction.atomic():
        project = _locked(project)
        require_perm(actor, TRANSITION_PERMS[name], project)
        method = getattr(project, name)
        if not can_proceed(method, check_conditions=False):
            raise FundedTransitionError()
        if name == "cancel" and not reason:
            raise InvalidInputError(
                field_errors={"reason": [_("Say publicly why the project is cancelled.")]}
            )
        if len(reason) > REASON_MAX_LENGTH:
            raise InvalidInputError(
                field_errors={"reason": [_("Use at most %(max)d characters.") % {"max": REASON_MAX_LENGTH}]}
            )
        from_state = project.state
        try:
            method(reason=reason) if name == "cancel" else method()
        except TransitionNotAllowed as error:
            raise FundedTransitionError() from error
        project.state_changed_at = timezone.now()
        project.save(update_fields=["state", "state_changed_at", "cancel_reason"])
        FundedProjectTransition.objects.create(
            project=project,
            actor=actor if actor.is_authenticated else None,
            name=name,
            from_state=from_state,
            to_state=project.state,
            public_reason=reason,
        )
        event_record(
            kind=EventKind.FUNDED_PROJECT_TRANSITION,
            actor=actor,
            process=project.process,
            payload=_event_payload(
                project, transition=name, **{"from": str(from_state), "to": str(project.state)}
            ),
        )
    return project


# --- Reporting ----------------------------------------------------------------------------------------------


def _clean_date(value, field, errors):
    if isinstance(value, datetime.date):
        return value
    errors[field] = [_("Enter a date.")]
    return None


def funded_project_post_update(
    *, actor, project: FundedProject, body, happened_on, photos=()
) -> FundedProjectUpdate:
    """A member of a carrying association (or staff) posts news (rule `budgets.post_funded_project_update`:
    not on a cancelled project): a text (1–10,000 characters), a date, and up to `MAX_PHOTOS_PER_UPDATE`
    photos as (file, alternative text) pairs — each checked and re-encoded (`budgets.uploads`), each with its
    required alternative text. Bad input raises `InvalidInputError` and stores nothing. Side effects: the
    update and its photos, a `FUNDED_PROJECT_UPDATE_POSTED` event (followers are notified)."""
    errors: dict[str, list] = {}
    body = (body or "").strip()
    if not body:
        errors["body"] = [_("Write what happened.")]
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = [_("Use at most %(max)d characters.") % {"max": BODY_MAX_LENGTH}]
    happened_on = _clean_date(happened_on, "happened_on", errors)
    photos = [(upload, (alt or "").strip()) for upload, alt in photos if upload]
    if len(photos) > MAX_PHOTOS_PER_UPDATE:
        errors["photos"] = [_("At most %(max)d photos per update.") % {"max": MAX_PHOTOS_PER_UPDATE}]
    cleaned = []
    for index, (_upload, alt) in enumerate(photos):
        if not alt:
            errors[f"alt_{index}"] = [_("Describe the photo for people who cannot see it.")]
        elif len(alt) > 300:
            errors[f"alt_{index}"] = [_("Use at most %(max)d characters.") % {"max": 300}]
    with transaction.atomic():
        project = _locked(project)
        require_perm(actor, "budgets.post_funded_project_update", project)
        if errors:
            raise InvalidInputError(field_errors=errors)
        for index, (upload, alt) in enumerate(photos):
            cleaned.append((clean_photo(upload, field=f"photo_{index}"), alt))
        update = FundedProjectUpdate.objects.create(
            project=project, author=actor, body=body, happened_on=happened_on
        )
        for position, (image, alt) in enumerate(cleaned):
            photo = FundedProjectPhoto(
                update=update, alt=alt, position=position, width=image.width, height=image.height
            )
            photo.image.save(image.name, image, save=False)
            photo.save()
        event_record(
            kind=EventKind.FUNDED_PROJECT_UPDATE_POSTED,
            actor=actor,
            process=project.process,
            payload=_event_payload(project, update_id=update.pk),
        )
    return update


def milestone_add(*, actor, project: FundedProject, title, planned_on=None) -> FundedProjectMilestone:
    """Adds a milestone (rule `budgets.manage_milestones`: not on a cancelled project): a title (1–200
    characters), an optional planned date. Last position."""
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Give the milestone a title.")]
    elif len(title) > 200:
        errors["title"] = [_("Use at most %(max)d characters.") % {"max": 200}]
    if planned_on is not None and not isinstance(planned_on, datetime.date):
        errors["planned_on"] = [_("Enter a date.")]
    with transaction.atomic():
        project = _locked(project)
        require_perm(actor, "budgets.manage_milestones", project)
        if errors:
            raise InvalidInputError(field_errors=errors)
        last = FundedProjectMilestone.objects.filter(project=project).aggregate(last=Max("position"))["last"]
        return FundedProjectMilestone.objects.create(
            project=project, title=title, planned_on=planned_on, position=0 if last is None else last + 1
        )


def milestone_mark_done(*, actor, milestone: FundedProjectMilestone, done_on) -> FundedProjectMilestone:
    """Marks a milestone done on `done_on` (rule `budgets.manage_milestones` on its project). Already done:
    `AlreadyDoneError`, nothing changed."""
    if not isinstance(done_on, datetime.date):
        raise InvalidInputError(field_errors={"done_on": [_("Enter a date.")]})
    with transaction.atomic():
        project = _locked(milestone.project)
        require_perm(actor, "budgets.manage_milestones", project)
        changed = FundedProjectMilestone.objects.filter(
            pk=milestone.pk, project=project, done_on__isnull=True
        ).update(done_on=done_on)
        if not changed:
            raise AlreadyDoneError(_("This milestone is already done."))
    milestone.refresh_from_db()
    return milestone


def expense_declare(
    *, actor, project: FundedProject, amount_cents, spent_on, description, receipt=None
) -> FundedProjectExpense:
    """Declares money spent (rule `budgets.declare_expense`): a member of a carrying association or staff,
    while the project is planned, in progress or paused — a cancelled or completed project accepts no new
    expense (`ProjectClosedError`, nothing stored). Amount in whole cents (0 or more), a date, what it paid
    for (1–300 characters), an optional receipt (PDF or image, checked, images re-encoded). Side effects: the
    row, a `FUNDED_PROJECT_EXPENSE_DECLARED` event."""
    errors: dict[str, list] = {}
    description = (description or "").strip()
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents < 0:
        errors["amount"] = [_("Enter an amount of 0 € or more.")]
    spent_on = _clean_date(spent_on, "spent_on", errors)
    if not description:
        errors["description"] = [_("Say what the money paid for.")]
    elif len(description) > 300:
        errors["description"] = [_("Use at most %(max)d characters.") % {"max": 300}]
    with transaction.atomic():
        project = _locked(project)
        require_perm(actor, "budgets.report_on_funded_project", project)
        if not project.accepts_expenses:
            raise ProjectClosedError()
        require_perm(actor, "budgets.declare_expense", project)
        if errors:
            raise InvalidInputError(field_errors=errors)
        expense = FundedProjectExpense(
            project=project,
            author=actor,
            amount_cents=amount_cents,
            spent_on=spent_on,
            description=description,
        )
        if receipt:
            cleaned, kind = clean_receipt(receipt)
            expense.receipt.save(cleaned.name, cleaned, save=False)
            expense.receipt_kind = kind
        expense.save()
        event_record(
            kind=EventKind.FUNDED_PROJECT_EXPENSE_DECLARED,
            actor=actor,
            process=project.process,
            payload=_event_payload(project, expense_id=expense.pk, amount_cents=amount_cents),
        )
    return expense


def funded_project_set_progress(*, actor, project: FundedProject, mode, percent=None) -> FundedProject:
    """Chooses how progress is shown (rule `budgets.set_funded_project_progress`): by hand (`percent`, a
    whole number 0–100), from the milestones done, or weighted by the allocated amounts of the
    sub-projects."""
    if mode not in ProgressMode.values:
        raise InvalidInputError(field_errors={"mode": [_("Choose a way to compute the progress.")]})
    if mode == ProgressMode.MANUAL and (
        isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100
    ):
        raise InvalidInputError(field_errors={"percent": [_("Enter a whole number between 0 and 100.")]})
    with transaction.atomic():
        project = _locked(project)
        require_perm(actor, "budgets.set_funded_project_progress", project)
        project.progress_mode = mode
        fields = ["progress_mode"]
        if mode == ProgressMode.MANUAL:
            project.progress_manual = percent
            fields.append("progress_manual")
        project.save(update_fields=fields)
    return project


# --- Following ----------------------------------------------------------------------------------------------


def funded_project_follow(*, actor, project: FundedProject) -> FundedProjectFollow:
    """A signed-in person follows the project (rule `budgets.follow_funded_project`): they hear about its
    transitions and updates. Following twice raises `AlreadyDoneError` (one row per pair, a unique
    constraint)."""
    require_perm(actor, "budgets.follow_funded_project", project)
    try:
        with transaction.atomic():
            return FundedProjectFollow.objects.create(user=actor, project=project)
    except IntegrityError as error:
        raise AlreadyDoneError(_("You already follow this project.")) from error


def funded_project_unfollow(*, actor, project: FundedProject) -> None:
    """Stops following; not following raises `AlreadyDoneError`."""
    if not actor.is_authenticated:
        raise AlreadyDoneError(_("You do not follow this project."))
    deleted, _rows = FundedProjectFollow.objects.filter(user=actor, project=project).delete()
    if not deleted:
        raise AlreadyDoneError(_("You do not follow this project."))


def funded_project_states_for(project: FundedProject) -> list[str]:
    """The transitions the project's state allows now (for pages to offer), in a stable order."""
    return [name for name in TRANSITION_PERMS if can_proceed(getattr(project, name), check_conditions=False)]


__all__ = [
    "FundedProjectError",
    "FundedTransitionError",
    "ProjectClosedError",
    "TRANSITION_PERMS",
    "expense_declare",
    "funded_project_create",
    "funded_project_follow",
    "funded_project_post_update",
    "funded_project_set_associations",
    "funded_project_set_progress",
    "funded_project_transition",
    "funded_project_unfollow",
    "funded_projects_create_for_budget",
    "milestone_add",
    "milestone_mark_done",
]
