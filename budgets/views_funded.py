"""Pages of funded projects and associations: overviews (a process's, the territory's) with a map and
exports, a project's page (timeline, progress, spending chart, photos, map, follow, PDF report), the
reporting page of its carrying associations, association pages (public, members for managers), the
invitation link, staff pages (create an association, create a funded project, link carriers), and the files
uploaded (served with safe headers).

Views are thin: a selector reads, a service writes. A `DomainError` lands on the form or as a flash message;
a `PermissionDenied` from a service propagates to the 403 page; what is not public answers 404."""

import csv
import json
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation import charts
from participation.exceptions import DomainError
from participation.form_errors import add_domain_error
from participation.models import Area, Process

from . import maps, opendata
from . import selectors_funded as selectors
from .forms_funded import (
    AssociationForm,
    CarriersForm,
    ExpenseForm,
    FundedFilterForm,
    FundedProjectForm,
    InviteForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProgressForm,
    TransitionForm,
    UpdateForm,
)
from .models import (
    Association,
    AssociationMembership,
    AssociationRole,
    FundedProject,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectPhoto,
)
from .services import associations as association_services
from .services import funded_projects as services

# Served uploads: never sniffed, never run as a page (no script, no plugin, no frame), never framed.
UPLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


# --- Overviews ----------------------------------------------------------------------------------------------


def _overview(request, *, process):
    areas, associations = selectors.filter_choices()
    form = FundedFilterForm(request.GET or None, areas=areas, associations=associations)
    filters = selectors.FundedFilters.from_query(request.GET)
    projects = selectors.funded_project_list(process=process, filters=filters)
    query = filters.as_query()
    map_points = maps.place(
        (project, project.title, project.latitude, project.longitude, project.state) for project in projects
    )
    if process is None:
        csv_url, geojson_url = reverse("funded_projects_csv"), reverse("funded_projects_geojson")
    else:
        csv_url = reverse("process_funded_projects_csv", kwargs={"slug": process.slug})
        geojson_url = reverse("process_funded_projects_geojson", kwargs={"slug": process.slug})
    suffix = f"?{urlencode(query)}" if query else ""
    return render(
        request,
        "budgets/funded/overview.html",
        {
            "process": process,
            "form": form,
            "projects": projects,
            "map_points": map_points,
            "csv_url": csv_url + suffix,
            "geojson_url": geojson_url + suffix,
            "allocated_total": sum(project.allocated_cents for project in projects),
            "spent_total": sum(project.spent_cents for project in projects),
        },
    )


@require_GET
def funded_project_overview(request):
    return _overview(request, process=None)


def _process_or_404(slug) -> Process:
    try:
        return selectors.published_process(slug=slug)
    except Process.DoesNotExist as error:
        raise Http404 from error


@require_GET
def process_funded_projects(request, slug):
    return _overview(request, process=_process_or_404(slug))


# --- A project ----------------------------------------------------------------------------------------------


def _project_or_404(pk) -> FundedProject:
    try:
        return selectors.funded_project_detail(pk=pk)
    except FundedProject.DoesNotExist as error:
        raise Http404 from error


def _money_chart(project):
    rows = [
        ("allocated", _("Allocated"), project.allocated_cents),
        ("spent", _("Spent"), project.spent_cents),
    ]
    return charts.bars(rows, skip_zeros=False)


@require_GET
def funded_project_detail(request, pk):
    project = _project_or_404(pk)
    page = selectors.funded_project_page(project=project, viewer=request.user)
    photos = [photo for update in page.updates for photo in update.photos.all()]
    return render(
        request,
        "budgets/funded/detail.html",
        {
            "project": project,
            "page": page,
            "photos": photos,
            "money_bars": _money_chart(project),
            "map_points": maps.place(
                [(project, project.title, project.latitude, project.longitude, project.state)]
            ),
        },
    )


def _with_message(request, project, action, success):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def funded_project_follow(request, pk):
    project = _project_or_404(pk)
    return _with_message(
        request,
        project,
        lambda: services.funded_project_follow(actor=request.user, project=project),
        _("You follow this project: you will hear about its news."),
    )


@login_required
@require_POST
def funded_project_unfollow(request, pk):
    project = _project_or_404(pk)
    return _with_message(
        request,
        project,
        lambda: services.funded_project_unfollow(actor=request.user, project=project),
        _("You no longer follow this project."),
    )


# --- Reporting (carrying associations and staff) ------------------------------------------------------------


def _reporting_context(project, **forms):
    milestones = list(FundedProjectMilestone.objects.filter(project=project).order_by("position", "pk"))
    context = {
        "project": project,
        "milestones": milestones,
        "available_transitions": services.funded_project_states_for(project),
        "update_form": UpdateForm(),
        "milestone_form": MilestoneForm(),
        "done_form": MilestoneDoneForm(),
        "expense_form": ExpenseForm(),
        "transition_form": TransitionForm(),
        "progress_form": ProgressForm(
            initial={"mode": project.progress_mode, "percent": project.progress_manual}
        ),
    }
    context.update(forms)
    return context


def _reporter_project_or_404(request, pk) -> FundedProject:
    project = _project_or_404(pk)
    if not request.user.has_perm("budgets.report_on_funded_project", project):
        raise PermissionDenied
    return project


@login_required
@require_GET
def funded_project_report_page(request, pk):
    project = _reporter_project_or_404(request, pk)
    return render(request, "budgets/funded/report.html", _reporting_context(project))


def _report_action(request, project, form_name, form, action, success):
    """Runs `action(form)` when `form` is valid; on a refusal shows the reporting page again with the
    form's errors (status 400)."""
    if form.is_valid():
        try:
            action(form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(reverse("funded_project_report", kwargs={"pk": project.pk}))
    return render(
        request, "budgets/funded/report.html", _reporting_context(project, **{form_name: form}), status=400
    )


@login_required
@require_POST
def funded_project_post_update(request, pk):
    project = _reporter_project_or_404(request, pk)
    form = UpdateForm(request.POST, request.FILES)
    return _report_action(
        request,
        project,
        "update_form",
        form,
        lambda form: services.funded_project_post_update(
            actor=request.user,
            project=project,
            body=form.cleaned_data["body"],
            happened_on=form.cleaned_data["happened_on"],
            photos=form.photos(),
        ),
        _("The news is published."),
    )


@login_required
@require_POST
def funded_project_add_milestone(request, pk):
    project = _reporter_project_or_404(request, pk)
    form = MilestoneForm(request.POST)
    return _report_action(
        request,
        project,
        "milestone_form",
        form,
        lambda form: services.milestone_add(
            actor=request.user,
            project=project,
            title=form.cleaned_data["title"],
            planned_on=form.cleaned_data["planned_on"],
        ),
        _("The milestone is added."),
    )


@login_required
@require_POST
def funded_project_milestone_done(request, pk, milestone_pk):
    project = _reporter_project_or_404(request, pk)
    milestone = get_object_or_404(FundedProjectMilestone, pk=milestone_pk, project=project)
    form = MilestoneDoneForm(request.POST)
    return _report_action(
        request,
        project,
        "done_form",
        form,
        lambda form: services.milestone_mark_done(
            actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
        ),
        _("The milestone is marked as done."),
    )


@login_required
@require_POST
def funded_project_declare_expense(request, pk):
    project = _reporter_project_or_404(request, pk)
    form = ExpenseForm(request.POST, request.FILES)
    return _report_action(
        request,
        project,
        "expense_form",
        form,
        lambda form: services.expense_declare(
            actor=request.user,
            project=project,
            amount_cents=form.amount_cents(),
            spent_on=form.cleaned_data["spent_on"],
            description=form.cleaned_data["description"],
            receipt=form.cleaned_data.get("receipt"),
        ),
        _("The expense is recorded."),
    )


@login_required
@require_POST
def funded_project_change_state(request, pk):
    project = _reporter_project_or_404(request, pk)
    form = TransitionForm(request.POST)
    return _report_action(
        request,
        project,
        "transition_form",
        form,
        lambda form: services.funded_project_transition(
            actor=request.user,
            project=project,
            name=form.cleaned_data["transition"],
            reason=form.cleaned_data["reason"],
        ),
        _("The state of the project is changed."),
    )


@login_required
@require_POST
def funded_project_progress(request, pk):
    project = _reporter_project_or_404(request, pk)
    form = ProgressForm(request.POST)
    return _report_action(
        request,
        project,
        "progress_form",
        form,
        lambda form: services.funded_project_set_progress(
            actor=request.user,
            project=project,
            mode=form.cleaned_data["mode"],
            percent=form.cleaned_data["percent"],
        ),
        _("The progress is saved."),
    )


# --- Uploaded files -----------------------------------------------------------------------------------------


def _serve(file_field, *, filename: str, content_type: str, attachment: bool):
    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type, as_attachment=attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@require_GET
def funded_photo(request, pk):
    photo = get_object_or_404(FundedProjectPhoto.objects.select_related("update__project__process"), pk=pk)
    if not request.user.has_perm("budgets.view_funded_project", photo.update.project):
        raise Http404
    extension = photo.image.name.rsplit(".", 1)[-1].lower()
    content_type = "image/png" if extension == "png" else "image/jpeg"
    return _serve(
        photo.image, filename=f"photo-{photo.pk}.{extension}", content_type=content_type, attachment=False
    )


@require_GET
def funded_receipt(request, pk):
    expense = get_object_or_404(FundedProjectExpense.objects.select_related("project__process"), pk=pk)
    if not expense.receipt or not request.user.has_perm("budgets.view_funded_project", expense.project):
        raise Http404
    extension = expense.receipt.name.rsplit(".", 1)[-1].lower()
    content_type = {"pdf": "application/pdf", "png": "image/png"}.get(extension, "image/jpeg")
    # PDFs are always downloaded, never shown inside the site.
    return _serve(
        expense.receipt,
        filename=f"receipt-{expense.pk}.{extension}",
        content_type=content_type,
        attachment=extension == "pdf",
    )


# --- Exports ------------------------------------------------------------------------------------------------

CSV_COLUMNS = [column.name for column in opendata.FUNDED_PROJECT_COLUMNS]


class _Echo:
    def write(self, value):
        return value


def _export_projects(request, slug):
    process = _process_or_404(slug) if slug else None
    return selectors.funded_projects_for_export(
        process=process, filters=selectors.FundedFilters.from_query(request.GET)
    )


def _csv_rows(request, projects) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for project in projects:
        # csv writes None as an empty cell; the open dataset `funded-projects` shares this row.
        yield writer.writerow(
            opendata.funded_project_row(project, request.build_absolute_uri(project.get_absolute_url()))
        )


@require_GET
def funded_projects_csv(request, slug=None):
    response = StreamingHttpResponse(
        _csv_rows(request, _export_projects(request, slug)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="funded-projects.csv"'
    return response


def _geojson_chunks(request, projects) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for project in projects:
        if project.latitude is None or project.longitude is None:
            continue
        feature = {
            "type": "Feature",
            # RFC 7946: [longitude, latitude].
            "geometry": {"type": "Point", "coordinates": [float(project.longitude), float(project.latitude)]},
            "properties": {
                "id": project.pk,
                "title": project.title,
                "state": project.state,
                "process": project.process.slug if project.process_id else None,
                "area": project.area.slug if project.area_id else None,
                "associations": [association.slug for association in project.associations.all()],
                "allocated_cents": project.allocated_cents,
                "spent_cents": project.spent_cents,
                "progress_percent": project.progress,
                "url": request.build_absolute_uri(project.get_absolute_url()),
            },
        }
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"


@require_GET
def funded_projects_geojson(request, slug=None):
    response = StreamingHttpResponse(
        _geojson_chunks(request, _export_projects(request, slug)), content_type="application/geo+json"
    )
    response["Content-Disposition"] = 'attachment; filename="funded-projects.geojson"'
    return response


# --- Associations -------------------------------------------------------------------------------------------


@require_GET
def association_list(request):
    return render(request, "budgets/associations/list.html", {"associations": selectors.association_list()})


@require_GET
def association_detail(request, slug):
    try:
        association, projects = selectors.association_detail(slug=slug)
    except Association.DoesNotExist as error:
        raise Http404 from error
    return render(
        request, "budgets/associations/detail.html", {"association": association, "projects": projects}
    )


def _managed_association_or_404(request, slug) -> Association:
    association = get_object_or_404(Association, slug=slug)
    if not request.user.has_perm("budgets.manage_association_members", association):
        raise PermissionDenied
    return association


def _members_page(request, association, *, invite_form=None, status=200):
    memberships, invitations = selectors.association_members(association=association)
    return render(
        request,
        "budgets/associations/members.html",
        {
            "association": association,
            "memberships": memberships,
            "invitations": invitations,
            "invite_form": invite_form or InviteForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def association_members(request, slug):
    association = _managed_association_or_404(request, slug)
    if request.method == "GET":
        return _members_page(request, association)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            association_services.association_invite(
                actor=request.user,
                association=association,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The invitation is sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect(reverse("association_members", kwargs={"slug": association.slug}))
    return _members_page(request, association, invite_form=form, status=400)


@login_required
@require_POST
def association_member_remove(request, slug, membership_pk):
    association = _managed_association_or_404(request, slug)
    membership = get_object_or_404(AssociationMembership, pk=membership_pk, association=association)
    try:
        association_services.membership_remove(actor=request.user, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The member is removed."))
    return redirect(reverse("association_members", kwargs={"slug": association.slug}))


@require_http_methods(["GET", "POST"])
def association_invitation(request, token):
    """GET shows the invitation (or why the link does not work); POST accepts it (an account is needed:
    anonymous visitors are asked to sign in or sign up and come back)."""
    try:
        invitation = association_services.invitation_from_token(token)
    except DomainError as error:
        return render(request, "budgets/associations/invitation.html", {"error": error.message}, status=400)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            association_services.invitation_accept(actor=request.user, token=token)
        except DomainError as error:
            return render(
                request, "budgets/associations/invitation.html", {"error": error.message}, status=400
            )
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.association.name})
        return redirect(invitation.association.get_absolute_url())
    return render(request, "budgets/associations/invitation.html", {"invitation": invitation})


@login_required
@require_GET
def my_associations(request):
    return render(
        request, "budgets/associations/mine.html", {"associations": selectors.associations_of(request.user)}
    )


# --- Staff --------------------------------------------------------------------------------------------------


def _require_staff(request):
    if not request.user.has_perm("budgets.manage_funded_projects"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def staff_association_create(request):
    _require_staff(request)
    form = AssociationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            association = association_services.association_create(
                actor=request.user,
                name=data["name"],
                description=data["description"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                website=data["website"],
            )
            if data["first_manager"]:
                association_services.association_invite(
                    actor=request.user,
                    association=association,
                    email=data["first_manager"],
                    role=AssociationRole.MANAGER,
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The association is created."))
            return redirect(association.get_absolute_url())
    return render(
        request,
        "budgets/funded/staff_form.html",
        {
            "form": form,
            "title": _("New association"),
            "multipart": False,
        },
        status=400 if form.errors else 200,
    )


def _project_form(data=None):
    return FundedProjectForm(
        data,
        processes=Process.objects.order_by("title"),
        areas=Area.objects.order_by("position", "name"),
        projects=FundedProject.objects.order_by("title"),
        associations=Association.objects.order_by("name"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_funded_project_create(request):
    _require_staff(request)
    form = _project_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.funded_project_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                allocated_cents=form.allocated_cents(),
                process=data["process"],
                area=data["area"],
                parent=data["parent"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                associations=list(data["associations"]),
            )
        except DomainError as error:
            add_domain_error(form, error, field_names={"allocated_cents": "allocated"})
        else:
            messages.success(request, _("The funded project is created."))
            return redirect(project.get_absolute_url())
    return render(
        request,
        "budgets/funded/staff_form.html",
        {
            "form": form,
            "title": _("New funded project"),
            "multipart": False,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_funded_project_carriers(request, pk):
    _require_staff(request)
    project = get_object_or_404(FundedProject, pk=pk)
    associations = Association.objects.order_by("name")
    if request.method == "POST":
        form = CarriersForm(request.POST, associations=associations)
        if form.is_valid():
            services.funded_project_set_associations(
                actor=request.user, project=project, associations=form.cleaned_data["associations"]
            )
            messages.success(request, _("The carrying associations are saved."))
            return redirect(project.get_absolute_url())
    else:
        form = CarriersForm(
            associations=associations, initial={"associations": list(project.associations.all())}
        )
    return render(
        request,
        "budgets/funded/staff_form.html",
        {
            "form": form,
            "title": _("Associations carrying “%(title)s”") % {"title": project.title},
            "multipart": False,
        },
    )
