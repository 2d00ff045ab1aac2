"""The life of a vote: projects go on the ballot when the vote opens, each budget is counted once when it
closes. Idempotent services run every minute by Celery beat (`budgets.tasks.advance_all_budgets`) and from
the admin; they only catch up with the clock."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from budgets.pdf_reports import queue_results_pdf
from participation.coordinates import clean_coordinates
from participation.exceptions import InvalidInputError, PhaseClosedError
from participation.models import Area, Category, EventKind, PhaseKind, Process, Proposal, ProposalState
from participation.permissions import require_perm
from participation.services.events import event_record
from participation.services.proposals import proposal_apply_system_transition

from ..election import budget_election, votes_per_channel
from ..models import AllocationRule, Budget, BudgetOutcome, BudgetProject, ProjectResult
from ..predicates import vote_phase_has_ended, vote_phase_is_open

logger = logging.getLogger(__name__)

TITLE_MAX_LENGTH = BudgetProject._meta.get_field("title").max_length
DESCRIPTION_MAX_LENGTH = 10_000
IMAGE_ALT_MAX_LENGTH = BudgetProject._meta.get_field("image_alt").max_length


def budgets_advance(*, process: Process, now=None) -> dict:
    """Applies what the clock says to the budgets of `process`.

    While a vote phase is open: every accepted proposal of the process becomes a project of the budget of its
    area (else of the territory-wide budget, the first by position) with its title, text, cost, area,
    category and location, and moves accepted → on_ballot (a `ProposalTransition` without actor and a
    `BUDGET_PROJECT_ADDED` event). A proposal with no budget to go to, or with a cost of 0, stays accepted
    and is listed under "unplaced" (staff decide). Once every vote phase is over: each budget not counted yet
    is counted (`budget_allocate`).

    Idempotent and safe to run concurrently: a proposal is moved only from the accepted state, under its row
    lock; a budget is counted by the run whose conditional update of `allocated_at` changed it. Returns
    {"on_ballot": [proposal ids], "unplaced": [proposal ids], "allocated": [budget ids]}."""
    now = now or timezone.now()
    process = Process.objects.prefetch_related("phases").get(pk=process.pk)
    report = {"on_ballot": [], "unplaced": [], "allocated": []}
    if vote_phase_is_open(process, now):
        _put_accepted_proposals_on_ballot(process, report)
    elif vote_phase_has_ended(process, now):
        for budget_id in (
            Budget.objects.filter(process=process, allocated_at__isnull=True)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        ):
            if budget_allocate(budget=Budget(pk=budget_id), now=now) is not None:
                report["allocated"].append(budget_id)
    return report


def _put_accepted_proposals_on_ballot(process: Process, report: dict) -> None:
    budgets = list(Budget.objects.filter(process=process).order_by("position", "pk"))
    by_area = {}
    for budget in budgets:
        by_area.setdefault(budget.area_id, budget)
    reason = _in_site_language(_("The vote opened: the project is on the ballot."))
    for proposal_id in (
        Proposal.objects.filter(process=process, state=ProposalState.ACCEPTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            proposal = (
                Proposal.objects.select_for_update(of=("self",))
                .filter(pk=proposal_id, state=ProposalState.ACCEPTED)
                .first()
            )
            if proposal is None:  # another run moved it
                continue
            budget = by_area.get(proposal.area_id) or by_area.get(None)
            if budget is None or not proposal.cost_estimate_cents:
                report["unplaced"].append(proposal.pk)
                continue
            if budget.allocated_at is not None:
                report["unplaced"].append(proposal.pk)
                continue
            project, _created = BudgetProject.objects.get_or_create(
                budget=budget,
                proposal=proposal,
                defaults={
                    "title": proposal.title[:TITLE_MAX_LENGTH],
                    "description": proposal.body,
                    "cost_cents": proposal.cost_estimate_cents,
                    "area": proposal.area,
                    "category": proposal.category,
                    "latitude": proposal.latitude,
                    "longitude": proposal.longitude,
                    "position": BudgetProject.objects.filter(budget=budget).count(),
                },
            )
            proposal.process = process
            proposal_apply_system_transition(
                proposal=proposal, transition="put_on_ballot", public_reason=reason
            )
            event_record(
                kind=EventKind.BUDGET_PROJECT_ADDED,
                process=process,
                proposal=proposal,
                payload={"budget": budget.pk, "project": project.pk},
            )
            report["on_ballot"].append(proposal.pk)


def budget_allocate(*, budget: Budget, now=None) -> BudgetOutcome | None:
    """Counts the closed vote of `budget`, once: claims it with a conditional update of `allocated_at`
    (another run, or a second call, gets None and changes nothing), in the same transaction as everything
    below.

    Builds the election of the counted ballots (`budgets.election.budget_election`), runs the budget's
    allocation rule and, for transparency, the other rules (stored in `BudgetOutcome.comparison`); stores
    one `ProjectResult` per project — votes per channel (paper: matched or resolved only), selected, amount
    (its cost when selected), rank (most votes first, ties by id) — moves the proposals of the projects
    on_ballot → selected | not_selected (a `ProposalTransition` each), creates one funded project per selected
    project (`funded_projects_create_for_budget`) and records a `BUDGET_ALLOCATED` event. No permission
    check: callers are `budgets_advance` (the clock) or a staff page that checked
    `budgets.close_vote`. Returns the outcome."""
    from budgets.allocation import RULES

    now = now or timezone.now()
    with transaction.atomic():
        claimed = Budget.objects.filter(pk=budget.pk, allocated_at__isnull=True).update(allocated_at=now)
        if not claimed:
            return None
        budget = Budget.objects.select_related("process", "area").get(pk=budget.pk)
        election = budget_election(budget=budget)
        comparison = {}
        for rule in AllocationRule.values:
            outcome = RULES[rule](election)
            comparison[rule] = {
                "selected": [int(pk) for pk in outcome.selected],
                "total_cost_cents": int(outcome.total_cost),
            }
        chosen = comparison[budget.allocation_rule]
        selected = set(chosen["selected"])
        outcome = BudgetOutcome.objects.create(
            budget=budget,
            rule=budget.allocation_rule,
            ballots_count=len(election.ballots),
            total_cost_cents=chosen["total_cost_cents"],
            comparison=comparison,
        )
        counts = votes_per_channel(budget=budget)
        projects = list(BudgetProject.objects.filter(budget=budget).select_related("proposal"))
        ranked = sorted(projects, key=lambda project: (-sum(counts[project.pk].values()), project.pk))
        ProjectResult.objects.bulk_create(
            ProjectResult(
                project=project,
                votes_online=counts[project.pk]["online"],
                votes_desk=counts[project.pk]["desk"],
                votes_paper=counts[project.pk]["paper"],
                votes_total=sum(counts[project.pk].values()),
                selected=project.pk in selected,
                allocated_cents=project.cost_cents if project.pk in selected else 0,
                rank=rank,
            )
            for rank, project in enumerate(ranked, start=1)
        )
        selected_reason = _in_site_language(_("The vote selected this project: it will be funded."))
        not_selected_reason = _in_site_language(_("The vote did not select this project."))
        for project in projects:
            proposal = project.proposal
            if proposal is None or proposal.state != ProposalState.ON_BALLOT:
                continue
            if project.pk in selected:
                proposal_apply_system_transition(
                    proposal=proposal, transition="select", public_reason=selected_reason
                )
            else:
                proposal_apply_system_transition(
                    proposal=proposal, transition="mark_not_selected", public_reason=not_selected_reason
                )
        event_record(
            kind=EventKind.BUDGET_ALLOCATED,
            process=budget.process,
            payload={
                "budget": budget.pk,
                "rule": budget.allocation_rule,
                "ballots": len(election.ballots),
                "selected": sorted(selected),
                "total_cost_cents": chosen["total_cost_cents"],
            },
        )
        # One funded project per selected project, in the same transaction (idempotent).
        from .funded_projects import funded_projects_create_for_budget

        funded_projects_create_for_budget(budget=budget)
        # The results report is rendered in the background once the count is committed.
        queue_results_pdf(budget.pk)
    return outcome


def advance_all_budgets(*, now=None) -> dict:
    """Runs `budgets_advance` for every process that may have something to do: a vote phase open now, or
    over with a budget not counted yet. One process failing is logged and does not stop the others."""
    now = now or timezone.now()
    open_vote = Q(phases__kind=PhaseKind.VOTE, phases__start_at__lte=now, phases__end_at__gt=now) & (
        Q(phases__closed_at__isnull=True) | Q(phases__closed_at__gt=now)
    )
    uncounted = Q(budgets__allocated_at__isnull=True, phases__kind=PhaseKind.VOTE, phases__start_at__lte=now)
    totals = {"processes": 0, "on_ballot": 0, "allocated": 0, "failed": 0}
    for process in Process.objects.filter(open_vote | uncounted).distinct().order_by("pk"):
        try:
            result = budgets_advance(process=process, now=now)
        except Exception:
            logger.exception("budgets_advance failed for process %s", process.pk)
            totals["failed"] += 1
            continue
        totals["processes"] += 1
        totals["on_ballot"] += len(result["on_ballot"])
        totals["allocated"] += len(result["allocated"])
    return totals


def budget_add_project(
    *,
    actor,
    budget: Budget,
    title,
    cost_cents,
    description="",
    area=None,
    category=None,
    image=None,
    image_alt="",
    latitude=None,
    longitude=None,
) -> BudgetProject:
    """Staff put a project on the ballot of `budget` that did not come from a proposal.

    Rule `budgets.manage_budgets` (process administrators); only before the vote opens, so every voter sees
    the same ballot (`PhaseClosedError`). Title (1–200 characters), cost (whole cents, more than 0), area and
    category of the process, latitude and longitude together, an image only with its description
    (alternative text): else `InvalidInputError` with `field_errors`. Side effects: the project (last
    position), a `BUDGET_PROJECT_ADDED` event."""
    with transaction.atomic():
        budget = Budget.objects.select_for_update(of=("self",)).select_related("process").get(pk=budget.pk)
        process = budget.process
        if process.phase_kind_has_started(PhaseKind.VOTE):
            raise PhaseClosedError(_("Projects can only be added before the vote opens."))
        require_perm(actor, "budgets.manage_budgets", process)
        fields = _clean_project_fields(
            process,
            title=title,
            cost_cents=cost_cents,
            description=description,
            area=area,
            category=category,
            image=image,
            image_alt=image_alt,
            latitude=latitude,
            longitude=longitude,
        )
        project = BudgetProject(
            budget=budget, position=BudgetProject.objects.filter(budget=budget).count(), **fields
        )
        project.save()
        event_record(
            kind=EventKind.BUDGET_PROJECT_ADDED,
            actor=actor,
            process=process,
            payload={"budget": budget.pk, "project": project.pk},
        )
    return project


def _clean_project_fields(
    process, *, title, cost_cents, description, area, category, image, image_alt, latitude, longitude
) -> dict:
    errors: dict[str, list] = {}
    title = (title or "").strip()
    description = (description or "").strip()
    image_alt = (image_alt or "").strip()
    if not title:
        errors["title"] = [_("Give the project a title.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Use at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH}]
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [_("Use at most %(max)d characters.") % {"max": DESCRIPTION_MAX_LENGTH}]
    if isinstance(cost_cents, bool) or not isinstance(cost_cents, int) or cost_cents <= 0:
        errors["cost_cents"] = [_("Enter a cost of more than 0 €.")]
    if area is not None:
        allowed = list(process.areas.all())
        if not isinstance(area, Area) or (allowed and area not in allowed):
            errors["area"] = [_("This area is not part of the process.")]
    if category is not None:
        allowed = list(process.categories.all())
        if not isinstance(category, Category) or (allowed and category not in allowed):
            errors["category"] = [_("This category is not part of the process.")]
    if image and not image_alt:
        errors["image_alt"] = [_("Describe the image for people who cannot see it.")]
    elif len(image_alt) > IMAGE_ALT_MAX_LENGTH:
        errors["image_alt"] = [_("Use at most %(max)d characters.") % {"max": IMAGE_ALT_MAX_LENGTH}]
    coordinates, coordinate_errors = clean_coordinates(latitude, longitude)
    errors.update(coordinate_errors)
    if errors:
        raise InvalidInputError(field_errors=errors)
    return {
        "title": title,
        "description": description,
        "cost_cents": cost_cents,
        "area": area,
        "category": category,
        "image": image or "",
        "image_alt": image_alt if image else "",
        **coordinates,
    }


def _in_site_language(message) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)
