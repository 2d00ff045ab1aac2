"""The Django admin manages accounts, areas, categories, processes and their phases. Proposals, comments,
reports and domain events are read-only here: every change of them goes through a service (the staff pages
of Placette, or the actions below, which call the same services)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .exceptions import DomainError
from .models import (
    ApiToken,
    Area,
    Category,
    Comment,
    DomainEvent,
    Notification,
    PdfReport,
    Phase,
    Process,
    Proposal,
    ProposalTransition,
    Report,
    User,
)
from .predicates import is_process_admin, is_staff_member
from .services.phases import phase_close_early, process_advance
from .services.reports import report_dismiss

# --- Accounts -----------------------------------------------------------------------------------------------


class _EmailCleaningMixin:
    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if email and others.exists():
            raise ValidationError(_("An account with this e-mail address already exists."))
        return email


class UserCreationForm(_EmailCleaningMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class UserChangeForm(_EmailCleaningMixin, DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts log in with their e-mail address: Django's UserAdmin without username, first and last name."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language", "area", "email_verified")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "display_name", "email_verified", "is_staff", "is_active", "date_joined")
    list_filter = ("email_verified", "is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    list_select_related = ()


# --- Territory and processes --------------------------------------------------------------------------------


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = (
        "position",
        "kind",
        "title",
        "start_at",
        "end_at",
        "closed_at",
        "opening_applied_at",
        "closing_applied_at",
    )
    readonly_fields = ("closed_at", "opening_applied_at", "closing_applied_at")
    ordering = ("position", "start_at")


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "is_published", "current_phase_display", "created_at")
    list_filter = ("is_published",)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("areas", "categories")
    inlines = [PhaseInline]
    actions = ["apply_phase_changes", "close_current_phase"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "is_published")}),
        (_("Scope"), {"fields": ("areas", "categories")}),
        (_("Supports"), {"fields": ("support_limit_per_user", "support_threshold")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("phases")

    @admin.display(description=_("current phase"))
    def current_phase_display(self, process):
        phase = process.current_phase()
        return phase.display_title if phase else "—"

    @admin.action(description=_("Apply phase changes now"), permissions=["change"])
    def apply_phase_changes(self, request, queryset):
        opened = closed = moved = 0
        for process in queryset:
            result = process_advance(process=process)
            opened += len(result["opened"])
            closed += len(result["closed"])
            moved += result["proposals_in_debate"]
        self.message_user(
            request,
            _("Phases opened: %(opened)d; phases closed: %(closed)d; proposals moved to debate: %(moved)d.")
            % {"opened": opened, "closed": closed, "moved": moved},
            messages.SUCCESS,
        )

    @admin.action(description=_("Close the current phase now"), permissions=["change"])
    def close_current_phase(self, request, queryset):
        closed = 0
        for process in queryset:
            phase = process.current_phase()
            if phase is None:
                self.message_user(
                    request, _("%(process)s has no open phase.") % {"process": process}, messages.WARNING
                )
                continue
            try:
                phase_close_early(actor=request.user, phase=phase)
            except PermissionDenied:
                self.message_user(
                    request,
                    _("You may not close the phases of %(process)s.") % {"process": process},
                    messages.ERROR,
                )
            except DomainError as error:
                self.message_user(request, f"{process}: {error.message}", messages.ERROR)
            else:
                closed += 1
        if closed:
            self.message_user(
                request,
                ngettext("%(count)d phase closed.", "%(count)d phases closed.", closed) % {"count": closed},
                messages.SUCCESS,
            )


# --- Read-only records (changes go through the services) ----------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through the services: nobody adds, changes or deletes them here. Who may see
    them is `may_view`, which each subclass answers."""

    def may_view(self, user) -> bool:
        raise NotImplementedError

    def has_module_permission(self, request):
        return self.may_view(request.user)

    def has_view_permission(self, request, obj=None):
        return self.may_view(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyStaffAdmin(ReadOnlyAdmin):
    """Visible to moderators and process administrators."""

    def may_view(self, user) -> bool:
        return is_staff_member(user)


class ProposalTransitionInline(admin.TabularInline):
    model = ProposalTransition
    extra = 0
    can_delete = False
    fields = ("created_at", "name", "from_state", "to_state", "actor", "reason_code", "public_reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyStaffAdmin):
    list_display = (
        "title",
        "process",
        "author",
        "state",
        "supports_count",
        "comments_count",
        "is_hidden",
        "created_at",
    )
    list_filter = ("state", "process")
    list_select_related = ("process", "author")
    search_fields = ("title", "body")
    inlines = [ProposalTransitionInline]
    readonly_fields = [field.name for field in Proposal._meta.fields]

    @admin.display(boolean=True, description=_("hidden"))
    def is_hidden(self, proposal):
        return proposal.hidden_at is not None


@admin.register(Comment)
class CommentAdmin(ReadOnlyStaffAdmin):
    list_display = ("__str__", "author", "alignment", "created_at", "deleted_at", "hidden_at")
    list_filter = ("alignment",)
    list_select_related = ("author", "proposal")
    search_fields = ("body",)
    readonly_fields = [field.name for field in Comment._meta.fields]


@admin.register(Report)
class ReportAdmin(ReadOnlyStaffAdmin):
    list_display = ("__str__", "reason", "reporter", "proposal", "comment", "created_at", "resolution")
    list_filter = ("reason", "resolution")
    list_select_related = ("reporter", "proposal", "comment")
    readonly_fields = [field.name for field in Report._meta.fields]
    actions = ["dismiss"]

    def has_dismiss_permission(self, request):
        return is_staff_member(request.user)

    @admin.action(description=_("Dismiss the selected reports"), permissions=["dismiss"])
    def dismiss(self, request, queryset):
        dismissed = 0
        for report in queryset.filter(resolved_at__isnull=True):
            try:
                report_dismiss(actor=request.user, report=report)
            except (PermissionDenied, DomainError):
                continue
            dismissed += 1
        self.message_user(
            request,
            ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", dismissed)
            % {"count": dismissed},
            messages.SUCCESS,
        )


@admin.register(DomainEvent)
class DomainEventAdmin(ReadOnlyStaffAdmin):
    list_display = ("created_at", "kind", "actor", "process", "proposal", "dispatched_at")
    list_filter = ("kind",)
    list_select_related = ("actor", "process", "proposal")
    readonly_fields = [field.name for field in DomainEvent._meta.fields]
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return is_process_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_process_admin(request.user)


@admin.register(PdfReport)
class PdfReportAdmin(ReadOnlyStaffAdmin):
    """The PDF reports and, for a failed one, the error (visitors only see that it failed)."""

    list_display = ("created_at", "kind", "target_id", "title", "state", "progress", "attempts")
    list_filter = ("state", "kind")
    search_fields = ("title",)
    readonly_fields = [field.name for field in PdfReport._meta.fields]
    date_hierarchy = "created_at"


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Personal access tokens of the API, for process administrators (who uses the API, when). The hash is
    never shown; owners create and revoke their tokens on their account page."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__email")
    fields = readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def may_view(self, user) -> bool:
        return is_process_admin(user)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyStaffAdmin):
    """Read-only: failed e-mails are sent again from /staff/notifications/failed/ (a service and its rule)."""

    list_display = ("created_at", "recipient", "topic", "email_state", "email_attempts", "read_at")
    list_filter = ("email_state", "topic", "email_frequency")
    list_select_related = ("recipient",)
    search_fields = ("recipient__email",)
    readonly_fields = [field.name for field in Notification._meta.fields]
    date_hierarchy = "created_at"
