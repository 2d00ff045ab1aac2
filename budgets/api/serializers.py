"""Serializers of the budgets API: output serializers render what a selector loaded; input serializers only
check shapes (the ballot rule, eligibility and the phase are the services')."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation.api.serializers import NamedRefSerializer

from .. import selectors
from ..models import AllocationRule, BallotChannel, BallotRule, Budget, BudgetProject

BUDGET_STATUSES = [
    selectors.STATUS_CAN_VOTE,
    selectors.STATUS_VOTED,
    selectors.STATUS_OTHER_AREA,
    selectors.STATUS_NOT_YET,
    selectors.STATUS_OVER,
    selectors.OBSTACLE_LOGIN,
    selectors.OBSTACLE_EMAIL,
    selectors.OBSTACLE_CENSUS,
]


class BudgetSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area = NamedRefSerializer(allow_null=True, help_text="Empty: the budget of the whole territory.")
    ballot_rule = serializers.ChoiceField(choices=BallotRule.choices)
    allocation_rule = serializers.ChoiceField(choices=AllocationRule.choices)
    projects_count = serializers.IntegerField()
    results_available = serializers.SerializerMethodField(
        help_text="The results are public (GET .../results/ answers), exactly when the results page "
        "shows them."
    )
    url = serializers.SerializerMethodField(help_text="The public page.")

    class Meta:
        model = Budget
        fields = [
            "id",
            "process",
            "slug",
            "title",
            "description",
            "area",
            "amount_cents",
            "ballot_rule",
            "min_projects",
            "max_projects",
            "min_share_percent",
            "allocation_rule",
            "position",
            "projects_count",
            "results_available",
            "url",
        ]

    def get_results_available(self, budget) -> bool:
        viewer = self.context["viewer"]
        return bool(budget.outcome_count) and viewer.has_perm("budgets.view_results", budget)

    def get_url(self, budget) -> str:
        return budget.get_absolute_url()


class BudgetProjectSerializer(serializers.ModelSerializer):
    area = NamedRefSerializer(allow_null=True)
    category = NamedRefSerializer(allow_null=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    image = serializers.SerializerMethodField()

    class Meta:
        model = BudgetProject
        fields = [
            "id",
            "budget",
            "proposal",
            "title",
            "description",
            "cost_cents",
            "area",
            "category",
            "image",
            "image_alt",
            "latitude",
            "longitude",
            "position",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image(self, project):
        return project.image.url if project.image else None


class ProjectResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cost_cents = serializers.IntegerField()
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True)
    votes_online = serializers.IntegerField(source="result.votes_online")
    votes_desk = serializers.IntegerField(source="result.votes_desk")
    votes_paper = serializers.IntegerField(source="result.votes_paper")
    votes_total = serializers.IntegerField(source="result.votes_total")
    selected = serializers.BooleanField(source="result.selected")
    allocated_cents = serializers.IntegerField(source="result.allocated_cents")
    rank = serializers.IntegerField(source="result.rank")


class RuleComparisonSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    is_used = serializers.BooleanField()
    project_ids = serializers.SerializerMethodField()
    total_cents = serializers.IntegerField()

    def get_project_ids(self, comparison) -> list[int]:
        return [project.pk for project in comparison.projects]


class TurnoutSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class BudgetResultsSerializer(serializers.Serializer):
    budget = serializers.IntegerField(source="budget.pk")
    rule = serializers.CharField(source="budget.outcome.rule")
    computed_at = serializers.DateTimeField(source="budget.outcome.computed_at")
    ballots_count = serializers.IntegerField()
    total_cents = serializers.IntegerField()
    left_cents = serializers.IntegerField()
    projects = ProjectResultSerializer(many=True)
    comparisons = RuleComparisonSerializer(many=True)
    by_channel = TurnoutSerializer(many=True)
    by_area = TurnoutSerializer(many=True)


class BasketSerializer(serializers.Serializer):
    budget = serializers.IntegerField(source="budget.pk")
    status = serializers.ChoiceField(choices=BUDGET_STATUSES, help_text="Why you may or may not vote now.")
    project_ids = serializers.SerializerMethodField()
    total_cents = serializers.IntegerField()
    left_cents = serializers.IntegerField()
    picks_left = serializers.IntegerField(allow_null=True)
    projects_missing = serializers.IntegerField()
    share_missing_cents = serializers.IntegerField()
    is_complete = serializers.BooleanField()

    def get_project_ids(self, basket) -> list[int]:
        return [project.pk for project in basket.projects]


class BasketChangeSerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, max_value=2**62, help_text="A project of this budget.")


class BallotCastSerializer(serializers.Serializer):
    project_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62),
        required=False,
        allow_null=True,
        default=None,
        max_length=500,
        help_text="The projects chosen; omitted: the basket.",
    )


class BallotReceiptSerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    channel = serializers.ChoiceField(choices=BallotChannel.choices)
    cast_at = serializers.DateTimeField()
    receipt_code = serializers.CharField(
        help_text="Shown once: keep it to find your ballot in the published list."
    )
    project_ids = serializers.ListField(child=serializers.IntegerField())


class VoterVerificationSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        allow_empty=True,
        help_text="The details the census asks for (its match fields, e.g. birth_date as YYYY-MM-DD).",
    )


class VoterSerializer(serializers.Serializer):
    process = serializers.CharField()
    may_vote = serializers.BooleanField()
    obstacle = serializers.ChoiceField(
        choices=["", selectors.OBSTACLE_LOGIN, selectors.OBSTACLE_EMAIL, selectors.OBSTACLE_CENSUS],
        help_text="What stops you from voting (empty: nothing).",
    )
    has_census = serializers.BooleanField()
    area = serializers.IntegerField(allow_null=True, help_text="The area whose budgets you vote in.")
    voted_budget_ids = serializers.ListField(child=serializers.IntegerField())
