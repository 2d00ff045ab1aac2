"""Printable documents of the budgets, rendered with WeasyPrint from templates under `templates/reports/`.

Plain rendering functions: data in, PDF bytes out, through `participation.pdf` (tagged PDF, offline). They
never write to the database or to storage (the callers decide where the bytes go). The results report is
also a report kind of `participation.pdf_reports` (see `budgets.pdf_reports`), rendered in the background.

Documents are printed in the site's language (`settings.LANGUAGE_CODE`, French), whoever asked for them: a
sheet of voting cards is handed to residents, a results report is published."""

from dataclasses import dataclass
from math import ceil

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.charts import bars
from participation.pdf import absolute_url, html_to_pdf, render_document_pdf  # noqa: F401 (re-exported)

from .models import AllocationRule, Budget, BudgetOutcome, ProjectResult

CARDS_PER_PAGE = 10  # 2 columns × 5 rows on an A4 page


def _render(template_name: str, context: dict) -> bytes:
    return render_document_pdf(template_name, context)


# --- Voting codes -------------------------------------------------------------------------------------------


def render_code_sheet_pdf(process, codes: list[str], area) -> bytes:
    """The sheet of voting cards for `codes` (in clear, as `voting_codes_generate` returned them once): ten
    cards per A4 page (two columns of five) to cut out, each with the process's name, the area, the address
    of the code page (`vote_code`), the code in large monospace type and short instructions."""
    pages = [codes[start : start + CARDS_PER_PAGE] for start in range(0, len(codes), CARDS_PER_PAGE)]
    context = {
        "process": process,
        "area": area,
        "pages": pages,
        "vote_url": absolute_url(reverse("vote_code", kwargs={"slug": process.slug})),
        "generated_at": timezone.now(),
        "page_count": ceil(len(codes) / CARDS_PER_PAGE),
    }
    return _render("reports/code_sheet.html", context)


# --- Results ------------------------------------------------------------------------------------------------

METHOD_EXPLANATIONS = {
    AllocationRule.GREEDY: _(
        "The projects are ranked by their number of votes, most votes first. Going down that list, each "
        "project is funded if its cost still fits in what is left of the envelope; a project that does not "
        "fit is skipped and the next one is considered."
    ),
    AllocationRule.EQUAL_SHARES: _(
        "Method of Equal Shares: the envelope is shared equally between the voters. A project is funded when "
        "the voters who chose it can pay for it together from their shares, the projects costing each of "
        "their supporters the least being funded first. So that money is not left unused, the voters' shares "
        "are then raised step by step as long as the result stays within the envelope, and what is still "
        "left goes to the remaining projects with the most votes that fit. Each group of voters thereby gets "
        "projects in proportion to its size, not only the largest group."
    ),
    AllocationRule.EQUAL_SHARES_PLAIN: _(
        "Method of Equal Shares: the envelope is shared equally between the voters. A project is funded when "
        "the voters who chose it can pay for it together from their shares, the projects costing each of "
        "their supporters the least being funded first. Each group of voters thereby gets projects in "
        "proportion to its size, not only the largest group. Money the voters' shares cannot spend stays "
        "unallocated."
    ),
}


@dataclass(frozen=True)
class RuleComparison:
    rule: str
    label: str
    is_used: bool
    titles: list[str]
    total_cost_cents: int


def results_report_context(budget: Budget, outcome: BudgetOutcome, results: list[ProjectResult]) -> dict:
    """Everything the results report prints, from rows already loaded (no query): `results` are the
    `ProjectResult` rows of the budget's projects with their `project` loaded."""
    results = sorted(results, key=lambda result: (result.rank, -result.votes_total, result.project_id))
    titles = {str(result.project_id): result.project.title for result in results}
    comparisons = []
    for rule in AllocationRule:
        outcome_of_rule = (outcome.comparison or {}).get(rule.value)
        if outcome_of_rule is None:
            continue
        selected = [str(project_id) for project_id in outcome_of_rule.get("selected", [])]
        comparisons.append(
            RuleComparison(
                rule=rule.value,
                label=str(rule.label),
                is_used=rule.value == outcome.rule,
                titles=sorted(
                    (titles.get(project_id, f"#{project_id}") for project_id in selected), key=str.casefold
                ),
                total_cost_cents=int(outcome_of_rule.get("total_cost_cents", 0)),
            )
        )
    selected_results = [result for result in results if result.selected]
    return {
        "budget": budget,
        "process": budget.process,
        "outcome": outcome,
        "results": results,
        "selected_count": len(selected_results),
        "allocated_cents": sum(result.allocated_cents for result in selected_results),
        "left_cents": max(budget.amount_cents - outcome.total_cost_cents, 0),
        "rule_label": AllocationRule(outcome.rule).label,
        "method": METHOD_EXPLANATIONS[AllocationRule(outcome.rule)],
        "comparisons": comparisons,
        "chart": bars(
            (
                (("selected" if result.selected else "other"), result.project.title, result.votes_total)
                for result in results
            ),
            skip_zeros=False,
        ),
        "generated_at": timezone.now(),
    }


def render_results_pdf(
    budget: Budget, outcome: BudgetOutcome, results: list[ProjectResult] | None = None
) -> bytes:
    """The results report of a counted budget: summary (envelope, ballots, funded, left), the table of the
    projects with their votes per channel and costs, a bar chart of the votes, what every rule would have
    funded, the method in plain words; page numbers. `results`: the budget's `ProjectResult` rows with their
    `project` (read with one query when not given)."""
    if results is None:
        results = list(
            ProjectResult.objects.filter(project__budget=budget)
            .select_related("project")
            .order_by("rank", "pk")
        )
    return _render("reports/results.html", results_report_context(budget, outcome, results))
