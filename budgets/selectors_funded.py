"""Every read the funded-project and association pages (and, later, their API and open-data exports) need.
Each function owns its joins: a page runs a fixed number of queries whatever the number of projects, updates,
photos or milestones (see the query-count tests). Templates never query.

Progress (`progress_of`): completed → 100; "manual" → the percentage set by hand; "milestones" → done / total
(0 without milestones); "subprojects" → the average of the children's progress weighted by their allocated
amounts (a child's own progress by hand or from its milestones)."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from participation.models import Area, Process

from .models import (
    Association,
    AssociationInvitation,
    AssociationMembership,
    FundedProject,
    FundedProjectExpense,
    FundedProjectFollow,
    FundedProjectMilestone,
    FundedProjectPhoto,
    FundedProjectState,
    FundedProjectTransition,
    FundedProjectUpdate,
    ProgressMode,
)


@dataclass(frozen=True)
class FundedFilters:
    state: str = ""
    area: str = ""  # area slug
    association: str = ""  # association slug

    @classmethod
    def from_query(cls, query) -> "FundedFilters":
        state = query.get("state", "")
        return cls(
            state=state if state in FundedProjectState.values else "",
            area=str(query.get("area", ""))[:120],
            association=str(query.get("association", ""))[:120],
        )

    def as_query(self) -> dict:
        return {
            name: value
            for name, value in (("state", self.state), ("area", self.area), ("association", self.association))
            if value
        }


def _spent_subquery():
    return Coalesce(
        Subquery(
            FundedProjectExpense.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(total=Sum("amount_cents"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _milestones_subquery(done: bool):
    milestones = FundedProjectMilestone.objects.filter(project=OuterRef("pk"))
    if done:
        milestones = milestones.filter(done_on__isnull=False)
    return Coalesce(
        Subquery(
            milestones.order_by().values("project").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_progress_fields(queryset: QuerySet) -> QuerySet:
    """Annotates `spent_cents`, `milestones_total`, `milestones_done` (subqueries: no row multiplication)."""
    return queryset.annotate(
        spent_cents=_spent_subquery(),
        milestones_total=_milestones_subquery(False),
        milestones_done=_milestones_subquery(True),
    )


def _own_progress(project) -> int:
    if project.state == FundedProjectState.COMPLETED:
        return 100
    if project.progress_mode == ProgressMode.MILESTONES:
        total = getattr(project, "milestones_total", 0)
        return round(100 * getattr(project, "milestones_done", 0) / total) if total else 0
    return project.progress_manual


def progress_of(project) -> int:
    """The project's progress in percent (see the module's docstring). Reads only annotated fields and the
    prefetched `children` (annotated with `with_progress_fields`)."""
    if project.state == FundedProjectState.COMPLETED:
        return 100
    if project.progress_mode == ProgressMode.SUBPROJECTS:
        children = getattr(project, "child_list", [])
        weight = sum(child.allocated_cents for child in children)
        if not weight:
            return 0
        return round(sum(child.allocated_cents * _own_progress(child) for child in children) / weight)
    return _own_progress(project)


def _decorate(project) -> None:
    project.progress = progress_of(project)
    project.spent_cents = getattr(project, "spent_cents", 0) or 0
    project.spent_percent = (
        min(100, round(100 * project.spent_cents / project.allocated_cents)) if project.allocated_cents else 0
    )


def _children_prefetch():
    return Prefetch(
        "children", queryset=with_progress_fields(FundedProject.objects.order_by("pk")), to_attr="child_list"
    )


def funded_project_queryset() -> QuerySet:
    """Projects with what a card shows: process, area, associations, children (for weighted progress),
    spent amount and milestone counts."""
    return (
        with_progress_fields(FundedProject.objects.all())
        .select_related("process", "area")
        .prefetch_related(
            Prefetch("associations", queryset=Association.objects.order_by("name", "pk")),
            _children_prefetch(),
        )
    )


def _visible(queryset: QuerySet) -> QuerySet:
    return queryset.filter(Q(process__isnull=True) | Q(process__is_published=True))


def funded_project_list(*, process: Process | None = None, filters: FundedFilters = FundedFilters()) -> list:
    """The public funded projects of `process` (or of the whole territory), filtered, with progress and
    spending. Three queries: the projects (with process and area joined, spending and milestone counts as
    subqueries), their associations, their children."""
    projects = _visible(funded_project_queryset())
    if process is not None:
        projects = projects.filter(process=process)
    if filters.state:
        projects = projects.filter(state=filters.state)
    if filters.area:
        projects = projects.filter(area__slug=filters.area)
    if filters.association:
        projects = projects.filter(associations__slug=filters.association)
    projects = list(projects.order_by("title", "pk"))
    for project in projects:
        _decorate(project)
    return projects


def filter_choices() -> tuple[list[Area], list[Association]]:
    """Areas and associations for the overview's filters. Two queries."""
    return list(Area.objects.order_by("position", "name")), list(Association.objects.order_by("name", "pk"))


def published_process(*, slug: str) -> Process:
    return Process.objects.get(slug=slug, is_published=True)


@dataclass
class FundedProjectPage:
    project: FundedProject
    updates: list
    milestones: list
    expenses: list
    transitions: list
    is_followed: bool


def funded_project_detail(*, pk: int) -> FundedProject:
    """One project with everything its page shows except the lists (see `funded_project_page`): process (and
    its phases, read by the rules), area, proposal, budget project with budget, associations, children,
    spending and milestone counts. Raises `FundedProject.DoesNotExist` when it is not public."""
    project = (
        _visible(funded_project_queryset())
        .select_related("proposal__process", "budget_project__budget", "parent")
        .prefetch_related("process__phases")
        .get(pk=pk)
    )
    _decorate(project)
    return project


def funded_project_page(*, project: FundedProject, viewer) -> FundedProjectPage:
    """The lists of a project page. Five queries (four plus one when signed in): updates with their authors,
    their photos, milestones, expenses, transitions with actors, and whether the viewer follows."""
    updates = list(
        FundedProjectUpdate.objects.filter(project=project)
        .select_related("author")
        .prefetch_related(Prefetch("photos", queryset=FundedProjectPhoto.objects.order_by("position", "pk")))
        .order_by("-happened_on", "-pk")
    )
    milestones = list(FundedProjectMilestone.objects.filter(project=project).order_by("position", "pk"))
    expenses = list(FundedProjectExpense.objects.filter(project=project).order_by("-spent_on", "-pk"))
    transitions = list(
        FundedProjectTransition.objects.filter(project=project)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    is_followed = bool(
        viewer.is_authenticated and FundedProjectFollow.objects.filter(user=viewer, project=project).exists()
    )
    return FundedProjectPage(project, updates, milestones, expenses, transitions, is_followed)


def funded_project_for_report(*, pk: int) -> FundedProject | None:
    """The project a PDF report is asked for (any state, published or not: the rule decides). Two queries."""
    return (
        FundedProject.objects.select_related("process", "area")
        .prefetch_related("process__phases")
        .filter(pk=pk)
        .first()
    )


def funded_project_report(*, project: FundedProject) -> dict:
    """What the progress report prints: the project with progress and spending, milestones, expenses,
    updates (without photos), transitions. Seven queries."""
    full = funded_project_queryset().select_related("proposal", "budget_project__budget").get(pk=project.pk)
    _decorate(full)
    page = funded_project_page(project=full, viewer=_Nobody())
    return {
        "project": full,
        "milestones": page.milestones,
        "expenses": page.expenses,
        "updates": page.updates,
        "transitions": page.transitions,
    }


class _Nobody:
    is_authenticated = False


def funded_projects_for_export(
    *, process: Process | None = None, filters: FundedFilters = FundedFilters()
) -> Iterator[FundedProject]:
    """The public projects for the CSV and GeoJSON files, streamed in chunks (`iterator(chunk_size=...)` with
    their associations prefetched per chunk): a constant number of queries per 500 projects."""
    projects = _visible(
        with_progress_fields(FundedProject.objects.all())
        .select_related("process", "area")
        .prefetch_related(
            Prefetch("associations", queryset=Association.objects.order_by("name", "pk")),
            _children_prefetch(),
        )
    )
    if process is not None:
        projects = projects.filter(process=process)
    if filters.state:
        projects = projects.filter(state=filters.state)
    if filters.area:
        projects = projects.filter(area__slug=filters.area)
    if filters.association:
        projects = projects.filter(associations__slug=filters.association)
    for project in projects.order_by("pk").iterator(chunk_size=500):
        _decorate(project)
        yield project


# --- Associations -------------------------------------------------------------------------------------------


def association_list() -> list[Association]:
    """Every association with its number of projects. One query."""
    return list(Association.objects.annotate(projects_count=Count("funded_projects")).order_by("name", "pk"))


def association_detail(*, slug: str) -> tuple[Association, list]:
    """An association and the public projects it carries (with progress). Four queries: the association, the
    projects, their associations, their children."""
    association = Association.objects.get(slug=slug)
    projects = _visible(funded_project_queryset()).filter(associations=association).order_by("title", "pk")
    projects = list(projects)
    for project in projects:
        _decorate(project)
    return association, projects


def association_members(*, association: Association) -> tuple[list, list]:
    """Memberships with their people (managers first) and invitations not accepted yet. Two queries."""
    memberships = list(
        AssociationMembership.objects.filter(association=association)
        .select_related("user")
        .order_by("role", "user__display_name", "pk")
    )
    invitations = list(
        AssociationInvitation.objects.filter(association=association, accepted_at__isnull=True).order_by(
            "-created_at", "-pk"
        )
    )
    return memberships, invitations


def associations_of(user) -> list[Association]:
    """The associations `user` belongs to, with their role (`role` attribute). One query."""
    if not user.is_authenticated:
        return []
    memberships = AssociationMembership.objects.filter(user=user).select_related("association")
    associations = []
    for membership in memberships.order_by("association__name"):
        membership.association.role = membership.role
        associations.append(membership.association)
    return associations
