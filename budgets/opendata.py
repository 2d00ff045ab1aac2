"""The open datasets of participatory budgets, registered by `BudgetsConfig.ready()` in participation's open
data registry: budgets, their projects, their results (once public) and their anonymised ballots (the pabulib
and CSV files the results page already offers, one per counted budget); funded projects (the rows of the
funded projects' CSV export of the pages) and associations (public fields only).

Public means what the pages show: budgets and projects of published processes; results only where the rule
`budgets.view_results` lets anyone see them (published process, results phase started, vote counted) and
the count exists. Each `*_rows` function states its queries; all are fixed in the number of rows."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models import Phase, PhaseKind, Process
from participation.opendata.datasets import CHUNK_SIZE, site_url
from participation.opendata.registry import Column, Dataset, Link, register

from . import selectors_funded
from .models import Association, Budget, BudgetProject, FundedProject, ProjectResult


def _public_budgets(process: Process | None = None):
    queryset = Budget.objects.filter(process__is_published=True)
    return queryset.filter(process=process) if process is not None else queryset


def budgets_with_public_results(process: Process | None = None, *, now=None):
    """Budgets whose results anyone may see (the SQL form of `budgets.view_results` for an anonymous
    visitor: published process, a results phase started, vote counted) and that have their count."""
    now = now or timezone.now()
    results_started = Phase.objects.filter(
        process=OuterRef("process"), kind=PhaseKind.RESULTS, start_at__lte=now
    )
    return _public_budgets(process).filter(
        Exists(results_started), allocated_at__isnull=False, outcome__isnull=False
    )


class BudgetUrls:
    """Absolute budget page URLs, one `reverse()` per budget."""

    def __init__(self):
        self._urls: dict[tuple[str, str], str] = {}

    def __call__(self, process_slug: str, budget_slug: str) -> str:
        key = (process_slug, budget_slug)
        if key not in self._urls:
            self._urls[key] = site_url(
                reverse("budget_detail", kwargs={"slug": process_slug, "budget_slug": budget_slug})
            )
        return self._urls[key]


# --- Budgets ------------------------------------------------------------------------------------------------

BUDGET_COLUMNS = (
    Column("id", _("Identifier of the budget"), "integer"),
    Column("process", _("Short name of the process (slug)"), "string"),
    Column("slug", _("Short name of the budget"), "string"),
    Column("title", _("Title"), "string"),
    Column("description", _("Description"), "string"),
    Column("area", _("Area of the budget (empty: the whole territory)"), "string"),
    Column("amount_cents", _("Envelope, in euro cents"), "integer"),
    Column(
        "ballot_rule",
        _("Ballot rule: knapsack (total cost within the envelope) or approval (up to a number of projects)"),
        "string",
    ),
    Column("min_projects", _("Fewest projects a ballot must choose"), "integer"),
    Column("max_projects", _("Most projects a ballot may choose"), "integer"),
    Column("min_share_percent", _("Least share of the envelope a knapsack ballot must use (%)"), "integer"),
    Column("allocation_rule", _("Counting rule: greedy, equal-shares, equal-shares-plain"), "string"),
    Column("counted_at", _("When the vote was counted (empty: not yet)"), "datetime"),
    Column("url", _("Page of the budget"), "url"),
)


def budget_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Budgets of published processes, by process and position. One query."""
    urls = BudgetUrls()
    for row in (
        _public_budgets(process)
        .order_by("process_id", "position", "id")
        .values_list(
            "id",
            "process__slug",
            "slug",
            "title",
            "description",
            "area__name",
            "amount_cents",
            "ballot_rule",
            "min_projects",
            "max_projects",
            "min_share_percent",
            "allocation_rule",
            "allocated_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        yield (*row, urls(row[1], row[2]))


def budget_dates(*, process: Process | None = None):
    """(first creation, last creation or count) of the public budgets. One query."""
    dates = _public_budgets(process).aggregate(
        issued=Min("created_at"), created=Max("created_at"), counted=Max("allocated_at")
    )
    modified = max((value for value in (dates["created"], dates["counted"]) if value), default=None)
    return dates["issued"], modified


# --- Projects -----------------------------------------------------------------------------------------------

PROJECT_COLUMNS = (
    Column("id", _("Identifier of the project"), "integer"),
    Column("budget", _("Identifier of its budget"), "integer"),
    Column("process", _("Short name of the process (slug)"), "string"),
    Column("budget_slug", _("Short name of its budget"), "string"),
    Column("title", _("Title"), "string"),
    Column("description", _("Description"), "string"),
    Column("cost_cents", _("Cost, in euro cents"), "integer"),
    Column("area", _("Area"), "string"),
    Column("category", _("Category"), "string"),
    Column(
        "proposal", _("Identifier of the proposal it comes from (empty: added by the organisers)"), "integer"
    ),
    Column("longitude", _("Longitude (WGS 84), when the project has a location"), "number"),
    Column("latitude", _("Latitude (WGS 84), when the project has a location"), "number"),
    Column("position", _("Order on the ballot"), "integer"),
    Column("url", _("Page of its budget"), "url"),
)


def _public_projects(process: Process | None = None):
    queryset = BudgetProject.objects.filter(budget__process__is_published=True)
    return queryset.filter(budget__process=process) if process is not None else queryset


def project_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Projects of the budgets of published processes, by budget and ballot order. One query."""
    urls = BudgetUrls()
    for row in (
        _public_projects(process)
        .order_by("budget__process_id", "budget__position", "budget_id", "position", "id")
        .values_list(
            "id",
            "budget_id",
            "budget__process__slug",
            "budget__slug",
            "title",
            "description",
            "cost_cents",
            "area__name",
            "category__name",
            "proposal_id",
            "longitude",
            "latitude",
            "position",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        yield (*row, urls(row[2], row[3]))


def project_dates(*, process: Process | None = None):
    dates = _public_projects(process).aggregate(issued=Min("created_at"), modified=Max("created_at"))
    return dates["issued"], dates["modified"]


# --- Results ------------------------------------------------------------------------------------------------

RESULT_COLUMNS = (
    Column("project", _("Identifier of the project"), "integer"),
    Column("budget", _("Identifier of its budget"), "integer"),
    Column("process", _("Short name of the process (slug)"), "string"),
    Column("budget_slug", _("Short name of its budget"), "string"),
    Column("title", _("Title of the project"), "string"),
    Column("cost_cents", _("Cost, in euro cents"), "integer"),
    Column("rule", _("Counting rule used"), "string"),
    Column("rank", _("Rank in the count"), "integer"),
    Column("selected", _("Funded"), "boolean"),
    Column("allocated_cents", _("Amount allocated, in euro cents"), "integer"),
    Column("votes_online", _("Votes cast online"), "integer"),
    Column("votes_desk", _("Votes cast at a desk"), "integer"),
    Column("votes_paper", _("Votes on paper"), "integer"),
    Column("votes_total", _("All votes"), "integer"),
    Column("counted_at", _("When the vote was counted"), "datetime"),
)


def _public_results(process: Process | None = None):
    return ProjectResult.objects.filter(project__budget__in=budgets_with_public_results(process))


def result_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Project results of the budgets whose results are public, by budget and rank. One query."""
    yield from (
        _public_results(process)
        .order_by(
            "project__budget__process_id",
            "project__budget__position",
            "project__budget_id",
            "rank",
            "project_id",
        )
        .values_list(
            "project_id",
            "project__budget_id",
            "project__budget__process__slug",
            "project__budget__slug",
            "project__title",
            "project__cost_cents",
            "project__budget__outcome__rule",
            "rank",
            "selected",
            "allocated_cents",
            "votes_online",
            "votes_desk",
            "votes_paper",
            "votes_total",
            "project__budget__outcome__computed_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )


def result_dates(*, process: Process | None = None):
    dates = budgets_with_public_results(process).aggregate(
        issued=Min("outcome__computed_at"), modified=Max("outcome__computed_at")
    )
    return dates["issued"], dates["modified"]


# --- Anonymised ballots -------------------------------------------------------------------------------------


def ballot_links() -> Iterator[Link]:
    """The pabulib and CSV files of every budget whose results are public (served by `budgets.views`).
    One query."""
    for process_slug, process_title, budget_slug, budget_title in (
        budgets_with_public_results()
        .order_by("process_id", "position", "id")
        .values_list("process__slug", "process__title", "slug", "title")
    ):
        kwargs = {"slug": process_slug, "budget_slug": budget_slug}
        name = f"{process_title} — {budget_title}"
        yield Link(title=name, path=reverse("budget_ballots_pabulib", kwargs=kwargs), format="pb")
        yield Link(title=name, path=reverse("budget_ballots_csv", kwargs=kwargs), format="csv")


def ballot_dates(*, process: Process | None = None):
    return result_dates(process=process)


# --- Funded projects ----------------------------------------------------------------------------------------

# The columns of the funded projects' CSV file of the pages (`budgets.views_funded`) and of the open dataset:
# one row builder for both (`funded_project_row`).
FUNDED_PROJECT_COLUMNS = (
    Column("id", _("Identifier of the funded project"), "integer"),
    Column("title", _("Title"), "string"),
    Column("state", _("State: planned, in_progress, paused, completed or cancelled"), "string"),
    Column("process", _("Short name of the process (slug; empty: funded outside any process)"), "string"),
    Column("area", _("Short name of the area (slug)"), "string"),
    Column("associations", _("Short names of the carrying associations, separated by |"), "string"),
    Column("allocated_cents", _("Amount allocated, in euro cents"), "integer"),
    Column("spent_cents", _("Amount spent so far (declared expenses), in euro cents"), "integer"),
    Column("progress_percent", _("Progress, in percent (as the project's page shows it)"), "integer"),
    Column("latitude", _("Latitude (WGS 84), when the project has a location"), "number"),
    Column("longitude", _("Longitude (WGS 84), when the project has a location"), "number"),
    Column("proposal_id", _("Identifier of the proposal it comes from (empty: none)"), "integer"),
    Column("url", _("Page of the project"), "url"),
)


def funded_project_row(project: FundedProject, url: str) -> tuple:
    """One funded project (from `selectors_funded.funded_projects_for_export`) in `FUNDED_PROJECT_COLUMNS`
    order. Reads only what the selector loaded."""
    return (
        project.pk,
        project.title,
        project.state,
        project.process.slug if project.process_id else None,
        project.area.slug if project.area_id else None,
        "|".join(association.slug for association in project.associations.all()),
        project.allocated_cents,
        project.spent_cents,
        project.progress,
        project.latitude,
        project.longitude,
        project.proposal_id,
        url,
    )


def funded_project_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """The public funded projects (those their pages show), by id: the export selector of the pages. Three
    queries per 500 projects: the projects (spending and milestone counts as subqueries), their associations,
    their children (for the weighted progress)."""
    for project in selectors_funded.funded_projects_for_export(process=process):
        yield funded_project_row(project, site_url(project.get_absolute_url()))


def _public_funded_projects(process: Process | None = None):
    queryset = FundedProject.objects.filter(Q(process__isnull=True) | Q(process__is_published=True))
    return queryset.filter(process=process) if process is not None else queryset


def funded_project_dates(*, process: Process | None = None):
    """(first creation, last creation or change of state) of the public funded projects. One query."""
    dates = _public_funded_projects(process).aggregate(
        issued=Min("created_at"), created=Max("created_at"), changed=Max("state_changed_at")
    )
    modified = max((value for value in (dates["created"], dates["changed"]) if value), default=None)
    return dates["issued"], modified


# --- Associations -------------------------------------------------------------------------------------------

# What the association's public page shows, but its contact e-mail and phone (often a person's own: they stay
# on the page and in the API, not in a file meant to be copied everywhere); never its members.
ASSOCIATION_COLUMNS = (
    Column("id", _("Identifier of the association"), "integer"),
    Column("slug", _("Short name (slug)"), "string"),
    Column("name", _("Name"), "string"),
    Column("description", _("Description"), "string"),
    Column("website", _("Website"), "url"),
    Column("projects_count", _("Number of public funded projects it carries"), "integer"),
    Column("url", _("Page of the association"), "url"),
)


def association_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Every association with the number of public projects it carries, by name. One query."""
    public = Q(funded_projects__process__isnull=True) | Q(funded_projects__process__is_published=True)
    for row in (
        Association.objects.annotate(projects_count=Count("funded_projects", filter=public, distinct=True))
        .order_by("name", "id")
        .values_list("id", "slug", "name", "description", "website", "projects_count")
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        yield (*row, site_url(reverse("association_detail", kwargs={"slug": row[1]})))


def association_dates(*, process: Process | None = None):
    dates = Association.objects.aggregate(issued=Min("created_at"), modified=Max("created_at"))
    return dates["issued"], dates["modified"]


def _no_rows(*, process: Process | None = None) -> Iterator[tuple]:
    return iter(())


def register_budget_datasets() -> None:
    register(
        Dataset(
            id="budgets",
            title=_("Participatory budgets"),
            description=_(
                "The envelopes of the participatory budgets: amount, area, ballot and counting rules."
            ),
            columns=BUDGET_COLUMNS,
            rows=budget_rows,
            per_process=True,
            dates=budget_dates,
            keywords=("budget participatif",),
        )
    )
    register(
        Dataset(
            id="budget-projects",
            title=_("Projects on the ballot"),
            description=_(
                "The projects residents could vote for in each budget: cost, area, category, location "
                "and the proposal each comes from."
            ),
            columns=PROJECT_COLUMNS,
            rows=project_rows,
            formats=("csv", "json", "geojson"),
            per_process=True,
            geometry=("longitude", "latitude"),
            dates=project_dates,
            keywords=("budget participatif", "projets"),
        )
    )
    register(
        Dataset(
            id="budget-results",
            title=_("Results of the votes"),
            description=_(
                "Votes per project and channel, rank, funded or not and amount allocated, for every "
                "budget whose results are published."
            ),
            columns=RESULT_COLUMNS,
            rows=result_rows,
            per_process=True,
            dates=result_dates,
            keywords=("budget participatif", "résultats", "vote"),
        )
    )
    register(
        Dataset(
            id="ballots",
            title=_("Anonymised ballots"),
            description=_(
                "Every counted ballot of each budget whose results are published, without the voter: "
                "a pabulib file (the format of pabulib.org, read by pabutools) and a CSV file per budget. "
                "Each ballot is named by the fingerprint of its receipt, so a voter can check theirs."
            ),
            columns=(
                Column("ballot", _("Fingerprint of the ballot's receipt"), "string"),
                Column("channel", _("online, desk or paper"), "string"),
                Column("projects", _("Identifiers of the projects chosen, separated by commas"), "string"),
            ),
            rows=_no_rows,
            formats=(),
            links=ballot_links,
            dates=ballot_dates,
            keywords=("budget participatif", "pabulib", "bulletins"),
        )
    )
    register(
        Dataset(
            id="funded-projects",
            title=_("Funded projects"),
            description=_(
                "The projects funded by the votes (or otherwise) and followed until they are done: state, "
                "area, carrying associations, amount allocated and spent, progress, location."
            ),
            columns=FUNDED_PROJECT_COLUMNS,
            rows=funded_project_rows,
            formats=("csv", "json", "geojson"),
            per_process=True,
            geometry=("longitude", "latitude"),
            dates=funded_project_dates,
            keywords=("budget participatif", "projets financés", "suivi"),
        )
    )
    register(
        Dataset(
            id="associations",
            title=_("Associations"),
            description=_(
                "The associations that carry funded projects: name, description, website and the number "
                "of projects they carry (never their members)."
            ),
            columns=ASSOCIATION_COLUMNS,
            rows=association_rows,
            dates=association_dates,
            keywords=("associations", "projets financés"),
        )
    )
