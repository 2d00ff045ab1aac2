"""Serializers of the participation API. Output serializers render what a selector loaded (they never
query); input serializers only check the shape of a request — every rule is the service's.

Personal data: a person appears only by their public display name (as on the pages); e-mail addresses, areas
of residence and staff names never leave. A hidden proposal keeps its number, state and timeline, its text
leaves (title, body, author, place, as on the pages); a hidden or deleted comment keeps its place, not its
text."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation.models import (
    Area,
    Category,
    Comment,
    CommentAlignment,
    Phase,
    PhaseKind,
    Process,
    Proposal,
    ProposalState,
    ProposalTransition,
    RejectionReason,
)
from participation.models.comments import COMMENT_MAX_LENGTH
from participation.selectors import ROLE_LABELS


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "name", "slug", "position"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "position"]


class NamedRefSerializer(serializers.Serializer):
    """An area or a category as a reference inside another object."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


PHASE_STATUSES = ["past", "open", "upcoming"]
COMMENT_STATUSES = ["visible", "hidden", "deleted"]


def phase_status(phase: Phase, now=None) -> str:
    now = now or timezone.now()
    if phase.is_open_at(now):
        return "open"
    return "past" if phase.is_past_at(now) else "upcoming"


class PhaseSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind = serializers.ChoiceField(choices=PhaseKind.choices)
    title = serializers.CharField(source="display_title")
    end_at = serializers.DateTimeField(help_text="The planned end.")
    effective_end_at = serializers.DateTimeField(help_text="The planned end, or the early closing.")
    features = serializers.SerializerMethodField(help_text="What this phase opens while it is open.")
    status = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = [
            "id",
            "process",
            "kind",
            "title",
            "description",
            "position",
            "start_at",
            "end_at",
            "closed_at",
            "effective_end_at",
            "features",
            "status",
        ]

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=["submit", "comment", "support", "evaluate", "vote"])
        )
    )
    def get_features(self, phase) -> list[str]:
        return sorted(str(feature) for feature in phase.features)

    @extend_schema_field(serializers.ChoiceField(choices=PHASE_STATUSES))
    def get_status(self, phase) -> str:
        return phase_status(phase)


class ProcessPhaseSerializer(PhaseSerializer):
    class Meta(PhaseSerializer.Meta):
        fields = [name for name in PhaseSerializer.Meta.fields if name != "process"]


class ProcessSerializer(serializers.ModelSerializer):
    areas = NamedRefSerializer(many=True, read_only=True)
    categories = NamedRefSerializer(many=True, read_only=True)
    phases = serializers.SerializerMethodField()
    current_phase = serializers.SerializerMethodField(help_text="The kind of the phase open now, if any.")
    url = serializers.SerializerMethodField(help_text="The public page.")

    class Meta:
        model = Process
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "description",
            "areas",
            "categories",
            "support_limit_per_user",
            "support_threshold",
            "phases",
            "current_phase",
            "url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ProcessPhaseSerializer(many=True))
    def get_phases(self, process):
        phases = sorted(process.phases.all(), key=lambda phase: (phase.position, phase.start_at, phase.pk))
        return ProcessPhaseSerializer(phases, many=True).data

    @extend_schema_field(serializers.ChoiceField(choices=PhaseKind.choices, allow_null=True))
    def get_current_phase(self, process):
        now = timezone.now()
        phases = sorted(process.phases.all(), key=lambda phase: (phase.position, phase.start_at, phase.pk))
        return next((phase.kind for phase in phases if phase.is_open_at(now)), None)

    def get_url(self, process) -> str:
        return process.get_absolute_url()


class _ProposalBase(serializers.ModelSerializer):
    """Blanks what the pages do not show of a hidden proposal."""

    HIDDEN_BLANKS = {
        "title": "",
        "body": "",
        "author_name": None,
        "area": None,
        "category": None,
        "latitude": None,
        "longitude": None,
        "edited_at": None,
    }

    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = serializers.CharField(help_text="Empty for a hidden proposal.")
    body = serializers.CharField(help_text="Empty for a hidden proposal.")
    edited_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=ProposalState.choices)
    state_label = serializers.CharField(source="get_state_display")
    author_name = serializers.SerializerMethodField(help_text="The author's public display name.")
    area = NamedRefSerializer(allow_null=True)
    category = NamedRefSerializer(allow_null=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    past_threshold = serializers.BooleanField(help_text="Has reached the process's support threshold.")
    is_hidden = serializers.BooleanField(help_text="Hidden by moderation: its text is no longer public.")
    hidden_reason = serializers.CharField(help_text="Why it was hidden (empty when it is not).")
    rejection_reason = serializers.ChoiceField(choices=[("", "")] + RejectionReason.choices)
    url = serializers.SerializerMethodField(help_text="The public page.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_name(self, proposal):
        return str(proposal.author.public_name)

    def get_url(self, proposal) -> str:
        return proposal.get_absolute_url()

    def to_representation(self, proposal):
        data = super().to_representation(proposal)
        if proposal.hidden_at is not None:
            data.update(self.HIDDEN_BLANKS)
        return data


PROPOSAL_LIST_FIELDS = [
    "id",
    "process",
    "title",
    "body",
    "state",
    "state_label",
    "author_name",
    "area",
    "category",
    "latitude",
    "longitude",
    "supports_count",
    "comments_count",
    "past_threshold",
    "is_hidden",
    "hidden_reason",
    "cost_estimate_cents",
    "answer",
    "rejection_reason",
    "duplicate_of",
    "created_at",
    "edited_at",
    "submitted_at",
    "state_changed_at",
    "url",
]


class ProposalListSerializer(_ProposalBase):
    class Meta:
        model = Proposal
        fields = PROPOSAL_LIST_FIELDS


class TransitionSerializer(serializers.ModelSerializer):
    """One step of the public timeline. Staff appear by role, never by name."""

    from_state = serializers.ChoiceField(choices=ProposalState.choices)
    to_state = serializers.ChoiceField(choices=ProposalState.choices)
    reason_code = serializers.ChoiceField(choices=[("", "")] + RejectionReason.choices)
    public_reason = serializers.CharField(source="display_public_reason")
    actor_role = serializers.ChoiceField(choices=list(ROLE_LABELS))
    actor_role_label = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = ProposalTransition
        fields = [
            "name",
            "from_state",
            "to_state",
            "reason_code",
            "public_reason",
            "actor_role",
            "actor_role_label",
            "at",
        ]


class ProposalDetailSerializer(_ProposalBase):
    timeline = TransitionSerializer(source="transitions", many=True)
    viewer_supports = serializers.BooleanField(help_text="The signed-in person supports it.")
    viewer_follows = serializers.BooleanField(help_text="The signed-in person follows it.")

    class Meta:
        model = Proposal
        fields = PROPOSAL_LIST_FIELDS + ["timeline", "viewer_supports", "viewer_follows"]


class ProposalWriteSerializer(serializers.Serializer):
    """A proposal's editable fields. Lengths, completeness, the areas and categories of the process and
    the pairing of coordinates are the service's rules (400 `invalid` with field errors)."""

    title = serializers.CharField(max_length=1000, allow_blank=True, trim_whitespace=False)
    body = serializers.CharField(
        max_length=20000, allow_blank=True, required=False, default="", trim_whitespace=False
    )
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), allow_null=True, required=False, default=None
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), allow_null=True, required=False, default=None
    )
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, required=False, default=None, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, required=False, default=None, coerce_to_string=False
    )
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit it right away (in the same transaction)."
    )


class ProposalCreateSerializer(ProposalWriteSerializer):
    process = serializers.SlugField(max_length=120, help_text="The slug of the process.")


class ProposalRejectSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=RejectionReason.choices)
    public_reason = serializers.CharField(max_length=10000, allow_blank=True)
    duplicate_of = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**62,
        help_text="For the reason `duplicate`.",
    )


class ProposalAcceptSerializer(serializers.Serializer):
    cost_estimate_cents = serializers.IntegerField(min_value=0, max_value=2**62)
    answer = serializers.CharField(max_length=10000, allow_blank=True)


class HideSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class CommentSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField(help_text="Empty for a hidden or deleted comment.")
    alignment = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "proposal",
            "parent",
            "status",
            "alignment",
            "body",
            "author_name",
            "hidden_reason",
            "created_at",
            "edited_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=COMMENT_STATUSES))
    def get_status(self, comment) -> str:
        if comment.hidden_at is not None:
            return "hidden"
        return "deleted" if comment.deleted_at is not None else "visible"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_name(self, comment):
        return str(comment.author.public_name) if comment.is_visible else None

    @extend_schema_field(serializers.ChoiceField(choices=CommentAlignment.choices, allow_null=True))
    def get_alignment(self, comment):
        return comment.alignment if comment.is_visible else None

    def to_representation(self, comment):
        data = super().to_representation(comment)
        if not comment.is_visible:
            data["body"] = ""
            data["edited_at"] = None
        return data


class CommentCreateSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(min_value=1, max_value=2**62)
    parent = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**62,
        help_text="Reply to this top-level comment.",
    )
    body = serializers.CharField(max_length=COMMENT_MAX_LENGTH * 2, allow_blank=True, trim_whitespace=False)
    alignment = serializers.ChoiceField(choices=CommentAlignment.choices, default=CommentAlignment.NEUTRAL)


class CommentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=COMMENT_MAX_LENGTH * 2, allow_blank=True, trim_whitespace=False)
    alignment = serializers.ChoiceField(choices=CommentAlignment.choices)


class FollowStateSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class SupportStateSerializer(serializers.Serializer):
    supporting = serializers.BooleanField()
    supports_count = serializers.IntegerField()
