"""The ballot rule of a budget, checked in one place for the basket, the online ballot, the desk and paper.

A valid ballot names at least one project, each once, all on this budget's ballot; at least `min_projects`
and at most `max_projects` of them; for a knapsack ballot a total cost within the envelope and, with
`min_share_percent`, at least that share of it. Refusals are `BallotRuleError` with a sentence a voter
understands (under `field_errors["projects"]` too, for forms)."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from ..exceptions import BallotRuleError
from ..models import BallotRule, Budget, BudgetProject


def format_euros(cents: int) -> str:
    """An amount for people: "12 500,00 €" in French, "12,500.00 €" in English."""
    return f"{number_format(Decimal(cents) / 100, 2, use_l10n=True, force_grouping=True)} €"


def _refuse(message: str):
    raise BallotRuleError(message, field_errors={"projects": [message]})


def clean_project_ids(budget: Budget, project_ids) -> list[BudgetProject]:
    """The projects named by `project_ids` (ints, or digit strings from a form), in the order given. Refuses
    duplicates, unknown ids and projects of another budget."""
    if project_ids is None or isinstance(project_ids, str | bytes):
        _refuse(gettext("Choose at least one project."))
    ids: list[int] = []
    for raw in project_ids:
        try:
            if isinstance(raw, bool):
                raise ValueError
            ids.append(int(raw))
        except (TypeError, ValueError):
            _refuse(gettext("Unknown project: %(id)s.") % {"id": raw})
    duplicates = sorted({pk for pk in ids if ids.count(pk) > 1})
    if duplicates:
        _refuse(
            ngettext(
                "Project %(ids)s is chosen more than once.",
                "Projects %(ids)s are chosen more than once.",
                len(duplicates),
            )
            % {"ids": ", ".join(map(str, duplicates))}
        )
    projects = {project.pk: project for project in BudgetProject.objects.filter(pk__in=ids)}
    unknown = [pk for pk in ids if pk not in projects]
    if unknown:
        _refuse(
            ngettext("Unknown project: %(ids)s.", "Unknown projects: %(ids)s.", len(unknown))
            % {"ids": ", ".join(map(str, unknown))}
        )
    foreign = [projects[pk] for pk in ids if projects[pk].budget_id != budget.pk]
    if foreign:
        _refuse(
            ngettext(
                "“%(titles)s” is not on the ballot of %(budget)s.",
                "“%(titles)s” are not on the ballot of %(budget)s.",
                len(foreign),
            )
            % {"titles": "”, “".join(project.title for project in foreign), "budget": budget.title}
        )
    return [projects[pk] for pk in ids]


def check_complete_ballot(budget: Budget, projects: list[BudgetProject]) -> None:
    """Every bound of the rule, for a ballot about to be cast."""
    count = len(projects)
    total = sum(project.cost_cents for project in projects)
    minimum = max(1, budget.min_projects or 0)
    if count < minimum:
        if minimum == 1:
            _refuse(gettext("Choose at least one project."))
        _refuse(
            ngettext(
                "Choose at least %(min)d project; you chose %(count)d.",
                "Choose at least %(min)d projects; you chose %(count)d.",
                minimum,
            )
            % {"min": minimum, "count": count}
        )
    _check_upper_bounds(budget, count, total)
    if budget.ballot_rule == BallotRule.KNAPSACK and budget.min_share_percent:
        if total * 100 < budget.amount_cents * budget.min_share_percent:
            minimum_cents = -(-budget.amount_cents * budget.min_share_percent // 100)
            _refuse(
                gettext(
                    "Your choice costs %(total)s: choose projects worth at least %(minimum)s "
                    "(%(percent)d%% of the envelope)."
                )
                % {
                    "total": format_euros(total),
                    "minimum": format_euros(minimum_cents),
                    "percent": budget.min_share_percent,
                }
            )


def check_addition(budget: Budget, chosen: list[BudgetProject], project: BudgetProject) -> None:
    """The upper bounds of the rule, for a basket about to receive `project` (lower bounds wait for the
    casting: a basket is a ballot being filled)."""
    _check_upper_bounds(
        budget, len(chosen) + 1, sum(p.cost_cents for p in chosen) + project.cost_cents, adding=project
    )


def _check_upper_bounds(budget: Budget, count: int, total: int, adding: BudgetProject | None = None) -> None:
    if budget.max_projects is not None and count > budget.max_projects:
        _refuse(
            ngettext(
                "You can choose at most %(max)d project.",
                "You can choose at most %(max)d projects.",
                budget.max_projects,
            )
            % {"max": budget.max_projects}
        )
    if budget.ballot_rule == BallotRule.KNAPSACK and total > budget.amount_cents:
        if adding is not None:
            left = budget.amount_cents - (total - adding.cost_cents)
            _refuse(
                gettext(
                    "“%(title)s” costs %(cost)s but only %(left)s are left in your envelope of "
                    "%(amount)s. Remove a project first."
                )
                % {
                    "title": adding.title,
                    "cost": format_euros(adding.cost_cents),
                    "left": format_euros(left),
                    "amount": format_euros(budget.amount_cents),
                }
            )
        _refuse(
            gettext("Your choice costs %(total)s, more than the envelope of %(amount)s.")
            % {"total": format_euros(total), "amount": format_euros(budget.amount_cents)}
        )
