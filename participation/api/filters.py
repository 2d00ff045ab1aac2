"""django-filter filter sets of the participation API (query parameters of the list endpoints)."""

import django_filters
from django import forms
from django.db.models import Q

from participation.models import Comment, Phase, PhaseKind, Process, Proposal, ProposalState
from participation.models.proposals import PUBLIC_STATES

MAX_ID = 2**62


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number the database can hold (anything else is a 400, not a database error)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class PhaseFilter(django_filters.FilterSet):
    process = django_filters.ModelChoiceFilter(
        field_name="process",
        to_field_name="slug",
        queryset=Process.objects.filter(is_published=True),
        help_text="The slug of a process.",
    )
    kind = django_filters.ChoiceFilter(choices=PhaseKind.choices)

    class Meta:
        model = Phase
        fields = ["process", "kind"]


class ProposalFilter(django_filters.FilterSet):
    process = django_filters.ModelChoiceFilter(
        field_name="process",
        to_field_name="slug",
        queryset=Process.objects.filter(is_published=True),
        help_text="The slug of a process.",
    )
    state = django_filters.ChoiceFilter(
        choices=[(state.value, state.label) for state in ProposalState if state.value in PUBLIC_STATES]
    )
    area = IdFilter(field_name="area_id", help_text="The id of an area.")
    category = IdFilter(field_name="category_id", help_text="The id of a category.")
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words in the title or the text (hidden proposals never match: their text is not public).",
    )

    class Meta:
        model = Proposal
        fields = ["process", "state", "area", "category", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value), hidden_at__isnull=True)


class CommentFilter(django_filters.FilterSet):
    proposal = IdFilter(field_name="proposal_id", help_text="The id of a proposal.")
    parent = IdFilter(field_name="parent_id", help_text="Replies to this comment.")
    top_level = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", help_text="Only comments that are not replies."
    )

    class Meta:
        model = Comment
        fields = ["proposal", "parent", "top_level"]
