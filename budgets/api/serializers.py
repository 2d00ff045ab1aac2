"""Serializers of the budgets API: output serializers render what a selector loaded; input serializers only
check shapes (the ballot rule, eligibility and the phase are the services')."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation.api.serializers import NamedRefSerializer

from .. import selectors, selectors_funded
from ..models import (
    AllocationRule,
    BallotChannel,
    BallotRule,
    Budget,
    BudgetProject,
    FundedProjectState,
    ProgressMode,
    ReceiptKind,
)
from ..services.funded_projects import TRANSITION_PERMS

# The transitions of a funded project's machine (an enum of the schema, see SPECTACULAR_SETTINGS).
FUNDED_TRANSITIONS = list(TRANSITION_PERMS)

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


# --- Funded projects and associations -----------------------------------------------------------------------


class AssociationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class FundedProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=FundedProjectState.choices)


class FundedTransitionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=FUNDED_TRANSITIONS)
    from_state = serializers.ChoiceField(choices=FundedProjectState.choices)
    to_state = serializers.ChoiceField(choices=FundedProjectState.choices)
    public_reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class FundedProjectSerializer(serializers.Serializer):
    """A funded project as its public page shows it: state and its timeline, progress, allocated and spent."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    state = serializers.ChoiceField(choices=FundedProjectState.choices)
    state_changed_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField(allow_blank=True)
    process = serializers.CharField(
        source="process.slug", allow_null=True, help_text="The slug of its process; null: funded otherwise."
    )
    area = NamedRefSerializer(allow_null=True)
    associations = AssociationRefSerializer(many=True)
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True)
    budget_project = serializers.IntegerField(source="budget_project_id", allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    allocated_cents = serializers.IntegerField()
    spent_cents = serializers.IntegerField()
    progress_mode = serializers.ChoiceField(choices=ProgressMode.choices)
    progress_percent = serializers.SerializerMethodField(help_text="0–100, as the page shows it.")
    milestones_total = serializers.IntegerField()
    milestones_done = serializers.IntegerField()
    timeline = FundedTransitionSerializer(many=True, help_text="Every state change, oldest first.")
    url = serializers.SerializerMethodField(help_text="The public page.")

    def get_progress_percent(self, project) -> int:
        return selectors_funded.progress_of(project)

    def get_url(self, project) -> str:
        return project.get_absolute_url()


class FundedPhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The photo, served by the site (same visibility).")
    alt = serializers.CharField(help_text="Its alternative text.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()

    def get_url(self, photo) -> str:
        return reverse("funded_photo", kwargs={"pk": photo.pk})


class FundedUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    body = serializers.CharField()
    happened_on = serializers.DateField()
    author_name = serializers.SerializerMethodField(help_text="The public name, as the page shows it.")
    photos = FundedPhotoSerializer(many=True)
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_name(self, update):
        return str(update.author.public_name) if update.author_id else None


class FundedMilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    title = serializers.CharField()
    planned_on = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    position = serializers.IntegerField()


class FundedExpenseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    amount_cents = serializers.IntegerField()
    spent_on = serializers.DateField()
    description = serializers.CharField()
    receipt_kind = serializers.ChoiceField(choices=["", *ReceiptKind.values])
    receipt_url = serializers.SerializerMethodField(help_text="The receipt, served by the site; null: none.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt_url(self, expense):
        return reverse("funded_receipt", kwargs={"pk": expense.pk}) if expense.receipt else None


class AssociationSerializer(serializers.Serializer):
    """What the association's public page shows (never its members)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    contact_email = serializers.CharField(allow_blank=True)
    contact_phone = serializers.CharField(allow_blank=True)
    website = serializers.CharField(allow_blank=True)
    projects = FundedProjectRefSerializer(many=True, source="public_projects")
    url = serializers.SerializerMethodField(help_text="The public page.")

    def get_url(self, association) -> str:
        return association.get_absolute_url()


class FundedUpdatePostSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000, help_text="What happened (photos: on the site's page).")
    happened_on = serializers.DateField()


class MilestoneAddSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    planned_on = serializers.DateField(required=False, allow_null=True, default=None)


class MilestoneDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField()


class ExpenseDeclareSerializer(serializers.Serializer):
    amount_cents = serializers.IntegerField(min_value=0, max_value=2**62)
    spent_on = serializers.DateField()
    description = serializers.CharField(max_length=300, help_text="What it paid for (receipts: on the site).")


class FundedTransitionInputSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=FUNDED_TRANSITIONS)
    reason = serializers.CharField(
        max_length=1_000, required=False, allow_blank=True, default="", help_text="Required to cancel."
    )
