"""Views of the budgets API. Thin, like the pages: a selector reads, a service writes and enforces the rule
(`budgets.vote`, `budgets.verify_eligibility`), a serializer renders. The voter is always the signed-in
account (voting codes are redeemed on the pages, in a browser session)."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.response import Response

from participation.api.base import ApiViewSet, id_or_404, slug_or_404
from participation.api.filters import IdFilter
from participation.api.serializers import FollowStateSerializer
from participation.models import Process

from .. import selectors, selectors_api
from ..models import (
    Budget,
    BudgetProject,
    FundedProject,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectState,
    FundedProjectUpdate,
)
from ..services import baskets as basket_services
from ..services import funded_projects as funded_services
from ..services.ballots import ballot_cast
from ..services.census import voter_verify_with_census
from ..services.voters import voter_for_user
from . import serializers


class BudgetFilter(django_filters.FilterSet):
    process = django_filters.ModelChoiceFilter(
        field_name="process",
        to_field_name="slug",
        queryset=Process.objects.filter(is_published=True),
        help_text="The slug of a process.",
    )
    area = IdFilter(field_name="area_id", help_text="The id of an area.")
    territory_wide = django_filters.BooleanFilter(
        field_name="area", lookup_expr="isnull", help_text="Only the budgets of the whole territory."
    )

    class Meta:
        model = Budget
        fields = ["process", "area", "territory_wide"]


class BudgetProjectFilter(django_filters.FilterSet):
    budget = IdFilter(field_name="budget_id", help_text="The id of a budget.")
    area = IdFilter(field_name="area_id", help_text="The id of an area.")
    category = IdFilter(field_name="category_id", help_text="The id of a category.")

    class Meta:
        model = BudgetProject
        fields = ["budget", "area", "category"]


def _vote_scene(pk):
    """(process with its vote status, budget) for the basket and the ballot; 404 for what the pages hide."""
    try:
        budget = selectors_api.budget_for_api(pk=id_or_404(pk))
        process = selectors.process_for_budgets(slug=budget.process.slug)
        return process, selectors.budget_detail(process=process, slug=budget.slug)
    except (Budget.DoesNotExist, Process.DoesNotExist) as error:
        raise NotFound from error


def _basket_response(request, process, budget) -> Response:
    context = selectors.voter_context(process=process, viewer=request.user)
    basket = selectors.basket_summary(budget=budget, voter=context.voter)
    basket.status = selectors.budget_status(process=process, budget=budget, context=context)
    return Response(serializers.BasketSerializer(basket).data)


@extend_schema_view(
    list=extend_schema(operation_id="budgets_list", summary="Budgets (envelopes) of the published processes"),
    retrieve=extend_schema(operation_id="budgets_retrieve", summary="One budget"),
)
class BudgetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.BudgetSerializer
    filterset_class = BudgetFilter
    rules_view_perms = {"results": "budgets.view_results"}
    ordering_fields = ["position", "amount_cents", "id"]

    def get_queryset(self):
        return selectors_api.budget_list()

    @extend_schema(
        operation_id="budgets_results",
        summary="The results, once the results page shows them",
        responses={200: serializers.BudgetResultsSerializer},
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        try:
            budget = selectors_api.budget_for_api(pk=id_or_404(pk))
        except Budget.DoesNotExist as error:
            raise NotFound from error
        # Exactly the results page's decision: the rule (404 when it refuses), and a counted budget.
        self.check_object_permissions(request, budget)
        if selectors.budget_outcome_or_none(budget) is None:
            raise NotFound
        return Response(serializers.BudgetResultsSerializer(selectors.budget_results(budget=budget)).data)

    @extend_schema(
        operation_id="budgets_basket_retrieve",
        summary="Your basket in this budget",
        responses={200: serializers.BasketSerializer},
    )
    @action(detail=True, methods=["get"], url_path="basket")
    def basket(self, request, pk=None):
        process, budget = _vote_scene(pk)
        if not request.user.is_authenticated:
            raise NotAuthenticated
        return _basket_response(request, process, budget)

    def _change_basket(self, request, pk, service):
        process, budget = _vote_scene(pk)
        data = serializers.BasketChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = selectors.project_in_budget(budget=budget, pk=data.validated_data["project"])
        if project is None:
            raise NotFound
        voter = voter_for_user(user=request.user, process=process)
        service(actor=request.user, voter=voter, project=project)
        return _basket_response(request, process, budget)

    @extend_schema(
        operation_id="budgets_basket_add",
        summary="Put a project in your basket",
        request=serializers.BasketChangeSerializer,
        responses={200: serializers.BasketSerializer},
    )
    @action(detail=True, methods=["post"], url_path="basket/add")
    def basket_add(self, request, pk=None):
        return self._change_basket(request, pk, basket_services.basket_add)

    @extend_schema(
        operation_id="budgets_basket_remove",
        summary="Take a project out of your basket",
        request=serializers.BasketChangeSerializer,
        responses={200: serializers.BasketSerializer},
    )
    @action(detail=True, methods=["post"], url_path="basket/remove")
    def basket_remove(self, request, pk=None):
        return self._change_basket(request, pk, basket_services.basket_remove)

    @extend_schema(
        operation_id="budgets_ballot_cast",
        summary="Cast your ballot: the projects given, or your basket. Final.",
        request=serializers.BallotCastSerializer,
        responses={201: serializers.BallotReceiptSerializer},
    )
    @action(detail=True, methods=["post"], url_path="ballot")
    def ballot(self, request, pk=None):
        process, budget = _vote_scene(pk)
        data = serializers.BallotCastSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        voter = voter_for_user(user=request.user, process=process)
        ballot, receipt = ballot_cast(
            actor=request.user, voter=voter, budget=budget, project_ids=data.validated_data["project_ids"]
        )
        body = {
            "budget": budget.pk,
            "channel": ballot.channel,
            "cast_at": ballot.cast_at,
            "receipt_code": receipt,
            "project_ids": sorted(ballot.selections.values_list("project_id", flat=True)),
        }
        return Response(serializers.BallotReceiptSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(operation_id="budget_projects_list", summary="Projects on the ballots"),
    retrieve=extend_schema(operation_id="budget_projects_retrieve", summary="One project of a ballot"),
)
class BudgetProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.BudgetProjectSerializer
    filterset_class = BudgetProjectFilter
    ordering_fields = ["cost_cents", "title", "position", "id"]

    def get_queryset(self):
        return selectors_api.project_list()


class VoterViewSet(ApiViewSet):
    """The signed-in person as a voter of a process: where they stand, and the census verification."""

    lookup_field = "slug"
    serializer_class = serializers.VoterSerializer
    # Only for the schema (the type of `slug`): the views read through `selectors.process_for_budgets`.
    queryset = Process.objects.none()

    def _process(self, slug) -> Process:
        try:
            return selectors.process_for_budgets(slug=slug_or_404(slug))
        except Process.DoesNotExist as error:
            raise NotFound from error

    def _standing(self, request, process) -> Response:
        context = selectors.voter_context(process=process, viewer=request.user)
        body = {
            "process": process.slug,
            "may_vote": not context.obstacle,
            "obstacle": context.obstacle,
            "has_census": selectors.process_has_census(process),
            "area": context.area_id,
            "voted_budget_ids": sorted(context.voted_budget_ids),
        }
        return Response(serializers.VoterSerializer(body).data)

    @extend_schema(operation_id="voter_retrieve", summary="Where you stand as a voter of this process")
    def retrieve(self, request, slug=None):
        return self._standing(request, self._process(slug))

    @extend_schema(
        operation_id="voter_verify",
        summary="Prove you are on the list of voters (the census) of this process",
        request=serializers.VoterVerificationSerializer,
        responses={200: serializers.VoterSerializer},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, slug=None):
        process = self._process(slug)
        if not selectors.process_has_census(process):
            raise NotFound
        data = serializers.VoterVerificationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        voter_verify_with_census(actor=request.user, process=process, values=data.validated_data["values"])
        return self._standing(request, process)


# --- Funded projects and associations -----------------------------------------------------------------------


class FundedProjectFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=FundedProjectState.choices)
    area = IdFilter(field_name="area_id", help_text="The id of an area.")
    association = django_filters.CharFilter(
        field_name="associations__slug", max_length=120, help_text="The slug of a carrying association."
    )
    process = django_filters.ModelChoiceFilter(
        field_name="process",
        to_field_name="slug",
        queryset=Process.objects.filter(is_published=True),
        help_text="The slug of a process.",
    )

    class Meta:
        model = FundedProject
        fields = ["state", "area", "association", "process"]


class FundedUpdateFilter(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", help_text="The id of a funded project.")

    class Meta:
        model = FundedProjectUpdate
        fields = ["project"]


class FundedMilestoneFilter(FundedUpdateFilter):
    class Meta:
        model = FundedProjectMilestone
        fields = ["project"]


class FundedExpenseFilter(FundedUpdateFilter):
    class Meta:
        model = FundedProjectExpense
        fields = ["project"]


def _funded_project_or_404(pk) -> FundedProject:
    try:
        return selectors_api.funded_project_for_api(pk=id_or_404(pk))
    except FundedProject.DoesNotExist as error:
        raise NotFound from error


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _project_response(pk, *, status_code=status.HTTP_200_OK) -> Response:
    project = selectors_api.funded_project_list().get(pk=pk)
    return Response(serializers.FundedProjectSerializer(project).data, status=status_code)


@extend_schema_view(
    list=extend_schema(operation_id="funded_projects_list", summary="Funded projects (public ones)"),
    retrieve=extend_schema(
        operation_id="funded_projects_retrieve", summary="One funded project, with its state timeline"
    ),
)
class FundedProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Funded projects, as their pages show them. The writes are those of the reporting page (members of a
    carrying association and staff) and of the project page (follow); each calls the page's service."""

    serializer_class = serializers.FundedProjectSerializer
    filterset_class = FundedProjectFilter
    ordering_fields = ["title", "allocated_cents", "state_changed_at", "created_at", "id"]

    def get_queryset(self):
        return selectors_api.funded_project_list()

    @extend_schema(
        operation_id="funded_projects_update_create",
        summary="Post news about the project (text; photos are added on the site's reporting page)",
        request=serializers.FundedUpdatePostSerializer,
        responses={201: serializers.FundedUpdateSerializer},
    )
    @action(detail=True, methods=["post"], url_path="updates")
    def post_update(self, request, pk=None):
        project = _funded_project_or_404(pk)
        data = _valid(serializers.FundedUpdatePostSerializer, request)
        update = funded_services.funded_project_post_update(
            actor=request.user, project=project, body=data["body"], happened_on=data["happened_on"]
        )
        update = selectors_api.funded_update_list().get(pk=update.pk)
        return Response(serializers.FundedUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="funded_projects_milestone_create",
        summary="Add a milestone",
        request=serializers.MilestoneAddSerializer,
        responses={201: serializers.FundedMilestoneSerializer},
    )
    @action(detail=True, methods=["post"], url_path="milestones")
    def add_milestone(self, request, pk=None):
        project = _funded_project_or_404(pk)
        data = _valid(serializers.MilestoneAddSerializer, request)
        milestone = funded_services.milestone_add(
            actor=request.user, project=project, title=data["title"], planned_on=data["planned_on"]
        )
        return Response(serializers.FundedMilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="funded_projects_expense_create",
        summary="Declare an expense (receipts are attached on the site's reporting page)",
        request=serializers.ExpenseDeclareSerializer,
        responses={201: serializers.FundedExpenseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="expenses")
    def declare_expense(self, request, pk=None):
        project = _funded_project_or_404(pk)
        data = _valid(serializers.ExpenseDeclareSerializer, request)
        expense = funded_services.expense_declare(
            actor=request.user,
            project=project,
            amount_cents=data["amount_cents"],
            spent_on=data["spent_on"],
            description=data["description"],
        )
        return Response(serializers.FundedExpenseSerializer(expense).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="funded_projects_transition",
        summary="Change the project's state: start, pause, resume, complete (a carrying association's "
        "members and staff), cancel (staff, with a public reason)",
        request=serializers.FundedTransitionInputSerializer,
        responses={200: serializers.FundedProjectSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        project = _funded_project_or_404(pk)
        data = _valid(serializers.FundedTransitionInputSerializer, request)
        funded_services.funded_project_transition(
            actor=request.user, project=project, name=data["transition"], reason=data["reason"]
        )
        return _project_response(project.pk)

    @extend_schema(
        methods=["POST"],
        operation_id="funded_projects_follow_create",
        summary="Follow a funded project",
        request=None,
        responses={200: FollowStateSerializer},
    )
    @extend_schema(
        methods=["DELETE"],
        operation_id="funded_projects_follow_destroy",
        summary="Stop following a funded project",
        request=None,
        responses={200: FollowStateSerializer},
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, pk=None):
        project = _funded_project_or_404(pk)
        if request.method == "POST":
            funded_services.funded_project_follow(actor=request.user, project=project)
        else:
            funded_services.funded_project_unfollow(actor=request.user, project=project)
        return Response({"following": request.method == "POST"})


@extend_schema_view(
    list=extend_schema(operation_id="funded_updates_list", summary="News of the funded projects"),
    retrieve=extend_schema(operation_id="funded_updates_retrieve", summary="One piece of news"),
)
class FundedUpdateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.FundedUpdateSerializer
    filterset_class = FundedUpdateFilter
    ordering_fields = ["happened_on", "id"]

    def get_queryset(self):
        return selectors_api.funded_update_list()


@extend_schema_view(
    list=extend_schema(operation_id="funded_milestones_list", summary="Milestones of the funded projects"),
    retrieve=extend_schema(operation_id="funded_milestones_retrieve", summary="One milestone"),
)
class FundedMilestoneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.FundedMilestoneSerializer
    filterset_class = FundedMilestoneFilter
    ordering_fields = ["planned_on", "done_on", "position", "id"]

    def get_queryset(self):
        return selectors_api.funded_milestone_list()

    @extend_schema(
        operation_id="funded_milestones_done",
        summary="Mark a milestone done",
        request=serializers.MilestoneDoneSerializer,
        responses={200: serializers.FundedMilestoneSerializer},
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        milestone = self.get_object()
        data = _valid(serializers.MilestoneDoneSerializer, request)
        milestone = funded_services.milestone_mark_done(
            actor=request.user, milestone=milestone, done_on=data["done_on"]
        )
        return Response(serializers.FundedMilestoneSerializer(milestone).data)


@extend_schema_view(
    list=extend_schema(operation_id="funded_expenses_list", summary="Expenses of the funded projects"),
    retrieve=extend_schema(operation_id="funded_expenses_retrieve", summary="One expense"),
)
class FundedExpenseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.FundedExpenseSerializer
    filterset_class = FundedExpenseFilter
    ordering_fields = ["spent_on", "amount_cents", "id"]

    def get_queryset(self):
        return selectors_api.funded_expense_list()


@extend_schema_view(
    list=extend_schema(operation_id="associations_list", summary="Associations carrying funded projects"),
    retrieve=extend_schema(operation_id="associations_retrieve", summary="One association"),
)
class AssociationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    lookup_field = "slug"
    serializer_class = serializers.AssociationSerializer
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        return selectors_api.association_list()
