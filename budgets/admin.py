"""The Django admin of budgets: process administrators set up budgets and their projects before the vote;
everything about voters and ballots is read-only here (it changes only through the services, from the staff
pages), and the census shows counts, never its digests."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from participation.admin import ReadOnlyAdmin
from participation.exceptions import DomainError
from participation.models import PhaseKind
from participation.predicates import is_process_admin

from .models import (
    Association,
    Ballot,
    Budget,
    BudgetOutcome,
    BudgetProject,
    Census,
    FundedProject,
    FundedProjectTransition,
    PaperBallotEntry,
    VotingCodeBatch,
)
from .services.funded_projects import funded_projects_create_for_budget_by_staff
from .services.lifecycle import budgets_advance

# Fields that make the ballot: they cannot change once voters may have seen it.
BALLOT_FIELDS = (
    "process",
    "area",
    "amount_cents",
    "ballot_rule",
    "min_projects",
    "max_projects",
    "min_share_percent",
    "allocation_rule",
)


def _vote_started(budget) -> bool:
    return (
        budget is not None and budget.pk is not None and budget.process.phase_kind_has_started(PhaseKind.VOTE)
    )


class BudgetProjectInline(admin.StackedInline):
    model = BudgetProject
    extra = 0
    fields = (
        "position",
        "title",
        "description",
        "cost_cents",
        "area",
        "category",
        "image",
        "image_alt",
        "latitude",
        "longitude",
        "proposal",
    )
    readonly_fields = ("proposal",)
    ordering = ("position", "pk")

    def _locked(self, obj):
        return _vote_started(obj)

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    """Budgets are configured here. Once the vote has started, the ballot (envelope, rules, projects) is
    frozen: changing it would make ballots already cast mean something else."""

    list_display = (
        "title",
        "process",
        "area",
        "amount_cents",
        "ballot_rule",
        "allocation_rule",
        "allocated_at",
    )
    list_filter = ("process", "ballot_rule", "allocation_rule")
    list_select_related = ("process", "area")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = [BudgetProjectInline]
    actions = ["run_vote_lifecycle", "create_funded_projects"]
    fieldsets = (
        (None, {"fields": ("process", "title", "slug", "description", "area", "position")}),
        (
            _("Ballot"),
            {
                "fields": (
                    "amount_cents",
                    "ballot_rule",
                    "min_projects",
                    "max_projects",
                    "min_share_percent",
                    "allocation_rule",
                    "allocated_at",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        if _vote_started(obj):
            return (*BALLOT_FIELDS, "allocated_at")
        return ("allocated_at",)

    def has_delete_permission(self, request, obj=None):
        return not _vote_started(obj) and super().has_delete_permission(request, obj)

    @admin.action(
        description=_("Put accepted proposals on the ballot / count closed votes now"), permissions=["change"]
    )
    def run_vote_lifecycle(self, request, queryset):
        on_ballot = allocated = 0
        for process in {budget.process for budget in queryset.select_related("process")}:
            if not is_process_admin(request.user):
                raise PermissionDenied
            try:
                result = budgets_advance(process=process)
            except DomainError as error:
                self.message_user(request, f"{process}: {error.message}", messages.ERROR)
                continue
            on_ballot += len(result["on_ballot"])
            allocated += len(result["allocated"])
        self.message_user(
            request,
            _("Proposals put on the ballot: %(on_ballot)d; budgets counted: %(allocated)d.")
            % {"on_ballot": on_ballot, "allocated": allocated},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Create the funded projects of counted budgets (again)"), permissions=["change"]
    )
    def create_funded_projects(self, request, queryset):
        created = 0
        for budget in queryset:
            try:
                created += len(funded_projects_create_for_budget_by_staff(actor=request.user, budget=budget))
            except DomainError as error:
                self.message_user(request, f"{budget}: {error.message}", messages.ERROR)
        self.message_user(
            request, _("Funded projects created: %(count)d.") % {"count": created}, messages.SUCCESS
        )


class ReadOnlyAdminAdmin(ReadOnlyAdmin):
    """Visible to process administrators; nobody adds, changes or deletes here."""

    def may_view(self, user) -> bool:
        return is_process_admin(user)


@admin.register(Census)
class CensusAdmin(ReadOnlyAdminAdmin):
    list_display = ("process", "minimum_age", "entries_count", "bound_count", "uploaded_at")
    fields = ("process", "match_fields", "minimum_age", "uploaded_at", "uploaded_by", "last_import_report")
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("process")
            .annotate(
                entries_total=Count("entries", distinct=True),
                bound_total=Count("entries", filter=Q(entries__user__isnull=False), distinct=True),
            )
        )

    @admin.display(description=_("entries"))
    def entries_count(self, census):
        return census.entries_total

    @admin.display(description=_("verified residents"))
    def bound_count(self, census):
        return census.bound_total


@admin.register(VotingCodeBatch)
class VotingCodeBatchAdmin(ReadOnlyAdminAdmin):
    list_display = ("__str__", "process", "area", "size", "created_by", "created_at")
    list_select_related = ("process", "area", "created_by")
    fields = ("process", "area", "size", "created_by", "created_at")
    readonly_fields = fields


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdminAdmin):
    """Ballots without their choices or voter: enough to audit the channels, nothing more."""

    list_display = ("__str__", "budget", "channel", "recorded_by", "cast_at")
    list_filter = ("channel", "budget__process")
    list_select_related = ("budget", "recorded_by")
    fields = ("budget", "channel", "recorded_by", "cast_at", "total_cost_cents")
    readonly_fields = fields


@admin.register(PaperBallotEntry)
class PaperBallotEntryAdmin(ReadOnlyAdminAdmin):
    list_display = ("paper_number", "budget", "status", "first_entered_by", "second_entered_by")
    list_filter = ("status", "budget__process")
    list_select_related = ("budget", "first_entered_by", "second_entered_by")
    fields = (
        "budget",
        "paper_number",
        "status",
        "first_entered_by",
        "first_entered_at",
        "second_entered_by",
        "second_entered_at",
    )
    readonly_fields = fields


@admin.register(BudgetOutcome)
class BudgetOutcomeAdmin(ReadOnlyAdminAdmin):
    list_display = ("budget", "rule", "ballots_count", "total_cost_cents", "computed_at")
    list_select_related = ("budget",)
    fields = ("budget", "rule", "ballots_count", "total_cost_cents", "comparison", "computed_at")
    readonly_fields = fields


# --- Funded projects and associations (read-only: the staff pages and the services write them) -------------


class _FundedStaffReadOnly(ReadOnlyAdmin):
    def may_view(self, user) -> bool:
        return user.is_active and user.has_perm("budgets.staff_funded_projects")


class _TransitionInline(admin.TabularInline):
    model = FundedProjectTransition

    fields = ("created_at", "name", "from_state", "to_state", "actor", "public_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FundedProject)
class FundedProjectAdmin(_FundedStaffReadOnly):
    list_display = ("title", "state", "process", "area", "allocated_cents", "created_at")
    list_filter = ("state", "process")
    search_fields = ("title",)
    inlines = [_TransitionInline]


@admin.register(Association)
class AssociationAdmin(_FundedStaffReadOnly):
    list_display = ("name", "slug", "contact_email", "created_at")
    search_fields = ("name",)
