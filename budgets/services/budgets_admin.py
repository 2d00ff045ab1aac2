"""Staff create and edit the budgets (envelopes) of a process from the staff pages, before the vote opens.

Rule `budgets.manage_budgets` (process administrators). Once the vote phase has started the envelope and the
rules of its ballot are those every voter sees: creating or editing a budget is refused (`PhaseClosedError`).
No domain event: no `EventKind` describes a budget being created or edited, and nobody follows budgets (no
notification hangs on it)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from participation.exceptions import InvalidInputError, PhaseClosedError
from participation.models import Area, PhaseKind, Process
from participation.permissions import require_perm

from ..models import AllocationRule, BallotRule, Budget

TITLE_MAX_LENGTH = Budget._meta.get_field("title").max_length
SLUG_MAX_LENGTH = Budget._meta.get_field("slug").max_length
DESCRIPTION_MAX_LENGTH = 10_000
# 10 billion euros: far above any envelope, well within a bigint of cents.
AMOUNT_MAX_CENTS = 10_000_000_000_00
SLUG_CONSTRAINT = "budget_slug_unique_per_process"
FIELDS = (
    "title",
    "slug",
    "description",
    "area",
    "amount_cents",
    "ballot_rule",
    "min_projects",
    "max_projects",
    "min_share_percent",
    "allocation_rule",
    "position",
)


def parse_euros(raw) -> int | None:
    """Cents from an amount in euros typed by a person: "12500", "12 500,50", "12500.5" → 1250050. None when
    it is not a number with at most two decimals."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        text = str(raw)
    else:
        text = str(raw or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        text = text.removesuffix("€").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount * 100 != int(amount * 100):
        return None
    return int(amount * 100)


def budget_create(
    *,
    actor,
    process: Process,
    title,
    amount,
    slug="",
    description="",
    area=None,
    ballot_rule=BallotRule.KNAPSACK,
    min_projects=None,
    max_projects=None,
    min_share_percent=None,
    allocation_rule=AllocationRule.EQUAL_SHARES,
    position=None,
) -> Budget:
    """A new budget of `process`. `amount` in euros (a number, or text with a comma or a dot); an empty slug
    comes from the title; an empty position puts it last. Errors: `InvalidInputError` with `field_errors`
    (see `_clean`), `PhaseClosedError` once the vote has started."""
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        require_perm(actor, "budgets.manage_budgets", process)
        if process.phase_kind_has_started(PhaseKind.VOTE):
            raise PhaseClosedError(_("Budgets can only be created before the vote opens."))
        fields = _clean(
            process,
            title=title,
            amount=amount,
            slug=slug,
            description=description,
            area=area,
            ballot_rule=ballot_rule,
            min_projects=min_projects,
            max_projects=max_projects,
            min_share_percent=min_share_percent,
            allocation_rule=allocation_rule,
            position=position,
        )
        if fields["position"] is None:
            fields["position"] = Budget.objects.filter(process=process).count()
        budget = Budget(process=process, **fields)
        _save(budget, force_insert=True)
    return budget


def budget_update(
    *,
    actor,
    budget: Budget,
    title,
    amount,
    slug="",
    description="",
    area=None,
    ballot_rule=BallotRule.KNAPSACK,
    min_projects=None,
    max_projects=None,
    min_share_percent=None,
    allocation_rule=AllocationRule.EQUAL_SHARES,
    position=None,
) -> Budget:
    """Every field of `budget` replaced, before the vote opens. Same checks as `budget_create`; once the vote
    has started, `PhaseClosedError` and nothing changes."""
    with transaction.atomic():
        budget = Budget.objects.select_for_update(of=("self",)).select_related("process").get(pk=budget.pk)
        process = budget.process
        require_perm(actor, "budgets.manage_budgets", process)
        if process.phase_kind_has_started(PhaseKind.VOTE):
            raise PhaseClosedError(
                _("The vote has opened: the envelope and the rules of this budget can no longer change.")
            )
        fields = _clean(
            process,
            title=title,
            amount=amount,
            slug=slug,
            description=description,
            area=area,
            ballot_rule=ballot_rule,
            min_projects=min_projects,
            max_projects=max_projects,
            min_share_percent=min_share_percent,
            allocation_rule=allocation_rule,
            position=position,
        )
        if fields["position"] is None:
            fields["position"] = budget.position
        for name, value in fields.items():
            setattr(budget, name, value)
        _save(budget, update_fields=list(FIELDS))
    return budget


def _save(budget: Budget, **kwargs) -> None:
    try:
        with transaction.atomic():
            budget.save(**kwargs)
    except IntegrityError as error:
        # Every check constraint is checked before; the unique slug is the one a concurrent request can break
        # (asked after the failure, to name the field: no check-then-act).
        if (
            not Budget.objects.filter(process_id=budget.process_id, slug=budget.slug)
            .exclude(pk=budget.pk)
            .exists()
        ):
            raise
        raise InvalidInputError(
            field_errors={"slug": [_("Another budget of this process already uses this slug.")]}
        ) from error


def _optional_int(raw, errors, name, message):
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        errors[name] = [message]
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        errors[name] = [message]
        return None


def _clean(
    process,
    *,
    title,
    amount,
    slug,
    description,
    area,
    ballot_rule,
    min_projects,
    max_projects,
    min_share_percent,
    allocation_rule,
    position,
) -> dict:
    errors: dict[str, list] = {}
    title = (title or "").strip()
    description = (description or "").strip()
    slug = (slug or "").strip() or slugify(title)[:SLUG_MAX_LENGTH]
    if not title:
        errors["title"] = [_("Give the budget a title.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Use at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH}]
    if not slug:
        errors.setdefault("slug", [_("Enter a slug (letters, digits and hyphens), used in the address.")])
    elif len(slug) > SLUG_MAX_LENGTH:
        errors["slug"] = [_("Use at most %(max)d characters.") % {"max": SLUG_MAX_LENGTH}]
    else:
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = [_("Use only letters, digits, hyphens and underscores in the slug.")]
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [_("Use at most %(max)d characters.") % {"max": DESCRIPTION_MAX_LENGTH}]
    amount_cents = parse_euros(amount)
    if amount_cents is None or amount_cents <= 0 or amount_cents > AMOUNT_MAX_CENTS:
        errors["amount"] = [_("Enter an amount of more than 0 €, for example 25000 or 25000,50.")]
    # The process's own areas, else (a process without areas) any area, as elsewhere in the budgets.
    if area is not None and (
        not isinstance(area, Area)
        or (process.areas.exists() and not process.areas.filter(pk=area.pk).exists())
    ):
        errors["area"] = [_("This area is not part of the process.")]
    if ballot_rule not in BallotRule.values:
        errors["ballot_rule"] = [_("Choose one of the ballot rules.")]
    if allocation_rule not in AllocationRule.values:
        errors["allocation_rule"] = [_("Choose one of the allocation rules.")]
    number_message = _("Enter a whole number.")
    min_projects = _optional_int(min_projects, errors, "min_projects", number_message)
    max_projects = _optional_int(max_projects, errors, "max_projects", number_message)
    min_share_percent = _optional_int(min_share_percent, errors, "min_share_percent", number_message)
    position = _optional_int(position, errors, "position", number_message)
    if min_projects is not None and min_projects < 0:
        errors["min_projects"] = [_("Enter 0 or more.")]
    if max_projects is not None and max_projects < 1:
        errors["max_projects"] = [_("Enter 1 or more.")]
    if position is not None and position < 0:
        errors["position"] = [_("Enter 0 or more.")]
    if (
        "min_projects" not in errors
        and "max_projects" not in errors
        and min_projects is not None
        and max_projects is not None
        and min_projects > max_projects
    ):
        errors["min_projects"] = [_("The minimum number of projects cannot be above the maximum.")]
    if ballot_rule == BallotRule.APPROVAL and max_projects is None and "max_projects" not in errors:
        errors["max_projects"] = [_("An approval ballot needs a maximum number of projects.")]
    if min_share_percent is not None and "min_share_percent" not in errors:
        if not 0 <= min_share_percent <= 100:
            errors["min_share_percent"] = [_("Enter a percentage from 0 to 100.")]
        elif min_share_percent and ballot_rule == BallotRule.APPROVAL:
            errors["min_share_percent"] = [
                _("A minimum share of the envelope only applies to a knapsack ballot; leave it empty.")
            ]
        elif min_share_percent == 0:
            min_share_percent = None  # 0 %: no minimum
    if errors:
        raise InvalidInputError(field_errors=errors)
    return {
        "title": title,
        "slug": slug,
        "description": description,
        "area": area,
        "amount_cents": amount_cents,
        "ballot_rule": ballot_rule,
        "min_projects": min_projects or None,
        "max_projects": max_projects,
        "min_share_percent": min_share_percent,
        "allocation_rule": allocation_rule,
        "position": position,
    }
