"""Staff pages of the vote, under /staff/processes/<slug>/vote/ (see `budgets.urls_staff`): the dashboard, the
census upload, the voting-code sheets, voting at a desk, typing in paper ballots and resolving their
mismatches, closing the vote and counting it. And the public download of a results report (see
`budgets.urls_reports`).

Who may open a page is asked of the rules of `budgets.rules` on the process: anonymous visitors go to the
login page, signed-in people without a budgets staff role get a 403 whatever the URL, staff get a 404 for a
process or an object that does not exist, then a 403 when the page is not theirs. Who may do an action is
decided by the service, which raises `PermissionDenied` (403) or a `DomainError` (shown on the page, nothing
changed)."""

import io
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participation.exceptions import DomainError
from participation.form_errors import add_domain_error
from participation.models import Process
from participation.pdf_reports import registry
from participation.services.phases import phase_close_early
from participation.views_reports import latest_pdf_response

from . import selectors_staff as selectors
from .exceptions import CensusNoMatchError
from .forms_staff import (
    BudgetForm,
    CensusDetailsForm,
    CensusUploadForm,
    CodeBatchForm,
    DeskBallotForm,
    PaperEntryForm,
    PaperResolveForm,
)
from .models import Budget, BudgetOutcome, PaperBallotEntry, PaperEntryStatus, VotingCodeBatch
from .pdf import render_code_sheet_pdf
from .pdf_reports import BUDGET_RESULTS, queue_results_pdf
from .predicates import is_desk_agent, is_process_admin
from .services.ballots import ballot_cast_at_desk, paper_entry_record, paper_entry_resolve
from .services.budgets_admin import budget_create, budget_update
from .services.census import census_configure, census_find_entry, census_import
from .services.codes import code_sheet_delete, code_sheet_store, voting_codes_generate
from .services.lifecycle import budgets_advance

MANAGE_BUDGETS = "budgets.manage_budgets"
MANAGE_CENSUS = "budgets.manage_census"
GENERATE_CODES = "budgets.generate_codes"
CAST_AT_DESK = "budgets.cast_at_desk"
ENTER_PAPER = "budgets.enter_paper_ballots"
RESOLVE_PAPER = "budgets.resolve_paper_ballots"
CLOSE_VOTE = "budgets.close_vote"


def vote_staff_page(*rule_names):
    """Opens the view to signed-in people for whom at least one of `rule_names` holds on the process of the
    URL (`slug`), which the view receives instead of the slug (`process`, see
    `selectors.process_for_vote_staff`). Anonymous: the login page; no budgets staff role: 403; unknown
    process: 404; a role without these rules: 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, slug, *args, **kwargs):
            user = request.user
            if not (is_process_admin(user) or is_desk_agent(user)):
                raise PermissionDenied
            try:
                process = selectors.process_for_vote_staff(slug=slug)
            except Process.DoesNotExist as error:
                raise Http404 from error
            if not any(user.has_perm(rule_name, process) for rule_name in rule_names):
                raise PermissionDenied
            return view(request, process, *args, **kwargs)

        return wrapper

    return decorator


def _census_field_names(match_fields) -> dict[str, str]:
    return {name: f"census_{name}" for name in match_fields}


# --- Dashboard ----------------------------------------------------------------------------------------------


@vote_staff_page(MANAGE_BUDGETS, ENTER_PAPER)
def staff_vote_dashboard(request, process):
    """What the vote looks like now: budgets, ballots per channel, turnout, census, code batches, paper
    entries to finish, and the staff actions the viewer may take."""
    return render(
        request,
        "budgets/staff/dashboard.html",
        {"process": process, "dashboard": selectors.vote_dashboard(process=process)},
    )


# --- Budgets ------------------------------------------------------------------------------------------------

BUDGET_FORM_FIELDS = (
    "title",
    "slug",
    "description",
    "area",
    "amount",
    "ballot_rule",
    "min_projects",
    "max_projects",
    "min_share_percent",
    "allocation_rule",
    "position",
)


def _budget_initial(budget: Budget) -> dict:
    amount = budget.amount
    return {
        "title": budget.title,
        "slug": budget.slug,
        "description": budget.description,
        "area": budget.area_id,
        "amount": f"{amount:.2f}".replace(".", ",").removesuffix(",00"),
        "ballot_rule": budget.ballot_rule,
        "min_projects": budget.min_projects,
        "max_projects": budget.max_projects,
        "min_share_percent": budget.min_share_percent,
        "allocation_rule": budget.allocation_rule,
        "position": budget.position,
    }


@vote_staff_page(MANAGE_BUDGETS)
def staff_budget_create(request, process):
    """GET: the form of a new budget, or why no budget can be added once the vote has started. POST: creates
    it (`budget_create`) and goes back to the dashboard."""
    vote_started = process.phase_kind_has_started("vote")
    form = BudgetForm(areas=_area_queryset(selectors.areas_for_process(process=process)))
    status = 200
    if request.method == "POST" and not vote_started:
        form = BudgetForm(request.POST, areas=form.fields["area"].queryset)
        if form.is_valid():
            try:
                budget = budget_create(
                    actor=request.user,
                    process=process,
                    **{name: form.cleaned_data[name] for name in BUDGET_FORM_FIELDS},
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = 400
            else:
                messages.success(request, _("The budget “%(title)s” is created.") % {"title": budget.title})
                return redirect("staff_vote_dashboard", slug=process.slug)
        else:
            status = 400
    elif request.method == "POST":
        status = 409
    return render(
        request,
        "budgets/staff/budget_form.html",
        {"process": process, "form": form, "budget": None, "vote_started": vote_started},
        status=status,
    )


@vote_staff_page(MANAGE_BUDGETS)
def staff_budget_edit(request, process, budget_slug):
    """GET: the form filled with the budget, or the budget read-only once the vote has started (its envelope
    and rules are those every voter sees). POST: saves it (`budget_update`)."""
    try:
        budget = Budget.objects.select_related("area").get(process=process, slug=budget_slug)
    except Budget.DoesNotExist as error:
        raise Http404 from error
    vote_started = process.phase_kind_has_started("vote")
    areas = _area_queryset(selectors.areas_for_process(process=process))
    form = BudgetForm(initial=_budget_initial(budget), areas=areas)
    status = 200
    if request.method == "POST" and not vote_started:
        form = BudgetForm(request.POST, areas=areas)
        if form.is_valid():
            try:
                budget = budget_update(
                    actor=request.user,
                    budget=budget,
                    **{name: form.cleaned_data[name] for name in BUDGET_FORM_FIELDS},
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = 400
            else:
                messages.success(request, _("The budget “%(title)s” is saved.") % {"title": budget.title})
                return redirect("staff_vote_dashboard", slug=process.slug)
        else:
            status = 400
    elif request.method == "POST":
        status = 409
    return render(
        request,
        "budgets/staff/budget_form.html",
        {"process": process, "form": form, "budget": budget, "vote_started": vote_started},
        status=status,
    )


# --- Census -------------------------------------------------------------------------------------------------


@vote_staff_page(MANAGE_CENSUS)
def staff_census(request, process):
    """GET: the census as it is (entries, entries bound to an account, the report of the last upload) and the
    upload form. POST: configures the census and imports the file, in one transaction: a file the service
    refuses changes nothing, not even the configuration."""
    census = selectors.census_of(process)
    initial = (
        {"minimum_age": census.minimum_age, "match_fields": census.match_fields}
        if census
        else {"minimum_age": 16}
    )
    areas_required = process.areas.exists()
    form = CensusUploadForm(initial=initial, areas_required=areas_required)
    report = None
    status = 200
    if request.method == "POST":
        form = CensusUploadForm(request.POST, request.FILES, areas_required=areas_required)
        if form.is_valid():
            started = timezone.now()
            try:
                with transaction.atomic():
                    census = census_configure(
                        actor=request.user,
                        process=process,
                        match_fields=form.cleaned_data["match_fields"],
                        minimum_age=form.cleaned_data["minimum_age"],
                    )
                    report = census_import(
                        actor=request.user, census=census, rows=io.StringIO(form.cleaned_data["file"])
                    )
            except DomainError as error:
                add_domain_error(form, error)
                status = 400
            else:
                report = dict(report, seconds=round((timezone.now() - started).total_seconds(), 1))
                messages.success(request, _("The census is imported. The report of the file is below."))
                process = selectors.process_for_vote_staff(slug=process.slug)
                form = CensusUploadForm(
                    initial={"minimum_age": census.minimum_age, "match_fields": census.match_fields},
                    areas_required=areas_required,
                )
        else:
            status = 400
    return render(
        request,
        "budgets/staff/census.html",
        {
            "process": process,
            "census_status": selectors.census_status(process=process),
            "form": form,
            "report": report,
        },
        status=status,
    )


# --- Voting codes -------------------------------------------------------------------------------------------


def _code_sheet_name(process, batch) -> str:
    return f"{slugify(process.slug)}-codes-{batch.pk}.pdf"


@vote_staff_page(MANAGE_BUDGETS)
def staff_codes(request, process):
    """GET: the batches of codes and the form. POST: generates the codes (service), renders their sheet of
    cards once and stores it in the batch, all in one transaction: the codes in clear exist only in that
    PDF."""
    areas = selectors.areas_for_process(process=process)
    form = CodeBatchForm(areas=_area_queryset(areas))
    status = 200
    if request.method == "POST":
        form = CodeBatchForm(request.POST, areas=_area_queryset(areas))
        if form.is_valid():
            area, count = form.cleaned_data["area"], form.cleaned_data["count"]
            try:
                with transaction.atomic():
                    batch, codes = voting_codes_generate(
                        actor=request.user, process=process, area=area, count=count
                    )
                    code_sheet_store(
                        actor=request.user,
                        batch=batch,
                        pdf=render_code_sheet_pdf(process, codes, area),
                        filename=_code_sheet_name(process, batch),
                    )
            except DomainError as error:
                add_domain_error(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s code is generated. Download its sheet, print it, then delete it here.",
                        "%(count)s codes are generated. Download their sheet, print it, then delete it here.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("staff_codes", slug=process.slug)
        else:
            status = 400
    return render(
        request,
        "budgets/staff/codes.html",
        {
            "process": process,
            "form": form,
            "can_generate": request.user.has_perm(GENERATE_CODES, process),
            "batches": selectors.code_batches_for_process(process=process),
        },
        status=status,
    )


def _area_queryset(areas):
    from participation.models import Area

    return Area.objects.filter(pk__in=[area.pk for area in areas]).order_by("name")


def _batch_or_404(process, pk) -> VotingCodeBatch:
    try:
        return selectors.code_batch_of_process(process=process, pk=pk)
    except VotingCodeBatch.DoesNotExist as error:
        raise Http404 from error


@vote_staff_page(MANAGE_BUDGETS)
def staff_codes_sheet(request, process, pk):
    """The PDF sheet of a batch, as an attachment; 404 once it was deleted."""
    batch = _batch_or_404(process, pk)
    if not batch.sheet:
        raise Http404
    try:
        handle = batch.sheet.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=_code_sheet_name(process, batch), content_type="application/pdf"
    )


@require_POST
@vote_staff_page(MANAGE_BUDGETS)
def staff_codes_sheet_delete(request, process, pk):
    """Deletes the stored sheet of a batch once printed: the codes then exist only on paper. The codes stay
    valid."""
    batch = _batch_or_404(process, pk)
    if batch.sheet:
        code_sheet_delete(actor=request.user, batch=batch)
        messages.success(request, _("The sheet is deleted. The printed codes stay valid."))
    else:
        messages.info(request, _("This sheet was already deleted."))
    return redirect("staff_codes", slug=process.slug)


# --- Desk ---------------------------------------------------------------------------------------------------


def _desk_context(request, process, **extra):
    census = selectors.census_of(process)
    return {
        "process": process,
        "census": census,
        "can_cast": request.user.has_perm(CAST_AT_DESK, process),
        **extra,
    }


def _desk_budget_forms(process, entry, *, census, data=None, bound_budget_pk=None, bound_form=None):
    """The budgets the person may vote in, each with its ballot form (the census details travel hidden)."""
    rows = selectors.desk_budgets_for_entry(process=process, entry=entry)
    for row in rows:
        if bound_form is not None and row.budget.pk == bound_budget_pk:
            row.form = bound_form
        else:
            row.form = _desk_ballot_form(census, row.budget, row.projects, data=data)
    return rows


def _desk_ballot_form(census, budget, projects, *, data=None, initial=None):
    from .models import BudgetProject

    form = DeskBallotForm(
        data,
        initial=initial,
        match_fields=census.match_fields,
        projects=BudgetProject.objects.filter(pk__in=[project.pk for project in projects]).order_by(
            "position", "id"
        ),
        prefix=f"budget{budget.pk}",
    )
    for name in census.match_fields:
        form.fields[f"census_{name}"].widget = form.fields[f"census_{name}"].hidden_widget()
    return form


@vote_staff_page(ENTER_PAPER, CAST_AT_DESK)
def staff_desk(request, process):
    """Voting at a desk, in two steps. "find": the agent types the resident's details; the page shows the
    budgets the resident may vote in and whether they already voted. "cast": the agent ticks the projects of
    one budget and casts (service `ballot_cast_at_desk`); the answer shows the receipt code to write down for
    the resident. Nothing is kept between the steps: the details travel in the form."""
    census = selectors.census_of(process)
    if census is None:
        return render(request, "budgets/staff/desk.html", _desk_context(request, process))
    find_form = CensusDetailsForm(match_fields=census.match_fields)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cast":
        return _desk_cast(request, process, census)
    if action == "find":
        find_form = CensusDetailsForm(request.POST, match_fields=census.match_fields)
        if find_form.is_valid():
            values = find_form.census_values()
            try:
                entry = census_find_entry(census=census, values=values)
            except CensusNoMatchError as error:
                find_form.add_error(None, error.message)
            except DomainError as error:
                add_domain_error(find_form, error, field_names=_census_field_names(census.match_fields))
            else:
                initial = {f"census_{name}": value for name, value in values.items()}
                rows = selectors.desk_budgets_for_entry(process=process, entry=entry)
                for row in rows:
                    row.form = _desk_ballot_form(census, row.budget, row.projects, initial=initial)
                return render(
                    request,
                    "budgets/staff/desk.html",
                    _desk_context(request, process, find_form=find_form, entry=entry, rows=rows),
                )
        return render(
            request,
            "budgets/staff/desk.html",
            _desk_context(request, process, find_form=find_form),
            status=400,
        )
    return render(request, "budgets/staff/desk.html", _desk_context(request, process, find_form=find_form))


def _desk_cast(request, process, census):
    try:
        budget = selectors.budget_of_process(process=process, slug=request.POST.get("budget", ""))
    except Budget.DoesNotExist as error:
        raise Http404 from error
    projects = selectors.projects_of_budget(budget=budget)
    form = _desk_ballot_form(census, budget, projects, data=request.POST)
    find_form = CensusDetailsForm(match_fields=census.match_fields)
    if form.is_valid():
        values = form.census_values()
        try:
            ballot, receipt_code = ballot_cast_at_desk(
                actor=request.user,
                process=process,
                budget=budget,
                census_values=values,
                project_ids=[project.pk for project in form.cleaned_data["projects"]],
            )
        except DomainError as error:
            add_domain_error(form, error, field_names={"project_ids": "projects"})
        else:
            messages.success(request, _("The ballot is cast. Give the receipt code to the resident."))
            chosen = sorted(form.cleaned_data["projects"], key=lambda project: (project.position, project.pk))
            return render(
                request,
                "budgets/staff/desk_receipt.html",
                {
                    "process": process,
                    "budget": budget,
                    "ballot": ballot,
                    "receipt_code": receipt_code,
                    "chosen": chosen,
                    "census_values": values,
                    "match_fields": census.match_fields,
                },
            )
    # Show the resident's budgets again, with this form's errors.
    entry = None
    try:
        entry = census_find_entry(
            census=census,
            values={
                name: form.data.get(f"budget{budget.pk}-census_{name}", "") for name in census.match_fields
            },
        )
    except DomainError:
        entry = None
    rows = []
    if entry is not None:
        rows = _desk_budget_forms(process, entry, census=census, bound_budget_pk=budget.pk, bound_form=form)
        for row in rows:
            if row.form is not form:
                row.form = _desk_ballot_form(
                    census,
                    row.budget,
                    row.projects,
                    initial={
                        f"census_{name}": form.data.get(f"budget{budget.pk}-census_{name}", "")
                        for name in census.match_fields
                    },
                )
    else:
        for error in form.non_field_errors():
            find_form.add_error(None, error)
    return render(
        request,
        "budgets/staff/desk.html",
        _desk_context(request, process, find_form=find_form, entry=entry, rows=rows, failed_form=form),
        status=400,
    )


# --- Paper ballots ------------------------------------------------------------------------------------------

PAPER_OUTCOMES = {
    PaperEntryStatus.AWAITING_SECOND_ENTRY: ("first", "success"),
    PaperEntryStatus.MATCHED: ("matched", "success"),
    PaperEntryStatus.MISMATCH: ("mismatch", "warning"),
}


@vote_staff_page(ENTER_PAPER)
def staff_paper(request, process):
    """Typing in paper ballots, one by one, each twice by two different people (service
    `paper_entry_record`). `?budget=<slug>` chooses the ballot. The answer says whether this was the first or
    the second entry and, for the second, whether both agree (the ballot is counted) or differ (flagged for
    an administrator, below)."""
    census = selectors.census_of(process)
    budgets = selectors.budgets_of_process(process=process)
    budget = None
    slug = request.GET.get("budget") or (budgets[0].slug if len(budgets) == 1 else "")
    if slug:
        budget = next((candidate for candidate in budgets if candidate.slug == slug), None)
        if budget is None:
            raise Http404
    form = None
    outcome = None
    status = 200
    if budget is not None and census is not None:
        projects = selectors.projects_of_budget(budget=budget)
        form = _paper_form(census, projects)
        if request.method == "POST":
            form = _paper_form(census, projects, data=request.POST)
            if form.is_valid():
                try:
                    entry = paper_entry_record(
                        actor=request.user,
                        budget=budget,
                        paper_number=form.cleaned_data["paper_number"],
                        census_values=form.census_values(),
                        project_ids=[project.pk for project in form.cleaned_data["projects"]],
                    )
                except DomainError as error:
                    add_domain_error(
                        form,
                        error,
                        field_names={"project_ids": "projects", **_census_field_names(census.match_fields)},
                    )
                    status = 400
                else:
                    outcome = _paper_outcome_message(entry)
                    messages.add_message(request, outcome["level"], outcome["message"])
                    url = f"{reverse('staff_paper', kwargs={'slug': process.slug})}?budget={budget.slug}"
                    return redirect(url)
            else:
                status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "budgets/staff/paper.html",
        {
            "process": process,
            "census": census,
            "budgets": budgets,
            "budget": budget,
            "form": form,
            "counts": selectors.paper_counts_by_status(process=process),
            "mismatches": selectors.paper_entries_to_check(process=process),
            "awaiting": selectors.paper_entries_awaiting(process=process),
            "can_resolve": request.user.has_perm(RESOLVE_PAPER, process),
        },
        status=status,
    )


def _paper_form(census, projects, *, data=None):
    from .models import BudgetProject

    return PaperEntryForm(
        data,
        match_fields=census.match_fields,
        projects=BudgetProject.objects.filter(pk__in=[project.pk for project in projects]).order_by(
            "position", "id"
        ),
    )


def _paper_outcome_message(entry: PaperBallotEntry) -> dict:
    if entry.status == PaperEntryStatus.AWAITING_SECOND_ENTRY:
        message = _(
            "First entry of paper ballot %(number)s recorded. Another person must now type in the same "
            "paper: it is counted when both entries agree."
        )
        level = messages.SUCCESS
    elif entry.status == PaperEntryStatus.MATCHED:
        message = _("Second entry of paper ballot %(number)s: both entries match, the ballot is counted.")
        level = messages.SUCCESS
    elif entry.status == PaperEntryStatus.MISMATCH:
        message = _(
            "Second entry of paper ballot %(number)s: the two entries differ. The ballot is not counted; an "
            "administrator must check it against the paper."
        )
        level = messages.WARNING
    else:
        message = _("Paper ballot %(number)s: %(status)s.")
        level = messages.INFO
    return {
        "level": level,
        "message": message % {"number": entry.paper_number, "status": entry.get_status_display()},
    }


def _entry_or_404(process, pk) -> PaperBallotEntry:
    try:
        return selectors.paper_entry_of_process(process=process, pk=pk)
    except PaperBallotEntry.DoesNotExist as error:
        raise Http404 from error


RESOLVABLE = (PaperEntryStatus.MISMATCH, PaperEntryStatus.AWAITING_SECOND_ENTRY)


@vote_staff_page(RESOLVE_PAPER)
def staff_paper_resolve(request, process, pk):
    """An administrator looks at a paper ballot and decides (service `paper_entry_resolve`): a mismatched one
    is counted with the projects really ticked, for the person of the first or the second entry, or voided;
    one still awaiting its second entry can only be voided."""
    entry = _entry_or_404(process, pk)
    projects = selectors.projects_of_budget(budget=entry.budget)
    by_id = {project.pk: project for project in projects}
    form_kwargs = {
        "projects": _project_queryset(projects),
        "allow_count": entry.status == PaperEntryStatus.MISMATCH,
        "two_voters": entry.second_voter_id is not None,
    }
    form = PaperResolveForm(**form_kwargs)
    status = 200
    if request.method == "POST":
        form = PaperResolveForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                paper_entry_resolve(
                    actor=request.user,
                    entry=entry,
                    project_ids=None
                    if form.is_void
                    else [project.pk for project in form.cleaned_data["projects"]],
                    void=form.is_void,
                    use_second_voter=not form.is_void and form.use_second_voter,
                )
            except DomainError as error:
                add_domain_error(form, error, field_names={"project_ids": "projects"})
                status = 400
            else:
                if form.is_void:
                    message = _("Paper ballot %(number)s is void: it is not counted.")
                else:
                    message = _("Paper ballot %(number)s is checked and counted.")
                messages.success(request, message % {"number": entry.paper_number})
                return redirect(
                    f"{reverse('staff_paper', kwargs={'slug': process.slug})}?budget={entry.budget.slug}"
                )
        else:
            status = 400
    return render(
        request,
        "budgets/staff/paper_resolve.html",
        {
            "process": process,
            "entry": entry,
            "first_projects": [by_id[pk] for pk in entry.first_selection or [] if pk in by_id],
            "second_projects": [by_id[pk] for pk in entry.second_selection or [] if pk in by_id],
            "form": form,
            "is_open": entry.status in RESOLVABLE,
        },
        status=status,
    )


def _project_queryset(projects):
    from .models import BudgetProject

    return BudgetProject.objects.filter(pk__in=[project.pk for project in projects]).order_by(
        "position", "id"
    )


# --- Closing and counting -----------------------------------------------------------------------------------


def _queue_results_reports(budget_ids) -> None:
    for budget_id in budget_ids:
        queue_results_pdf(budget_id)


@vote_staff_page(CLOSE_VOTE)
def staff_vote_close(request, process):
    """GET: the vote phase, each budget's count once done (funded projects, votes, what each rule would have
    funded). POST `action=close`: closes the vote phase now (`phase_close_early`) and counts it
    (`budgets_advance`); `action=count`: counts a vote whose phase is over but not counted yet. The results
    reports (PDF) are then generated in the background."""
    error_message = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "close":
                if process.vote_phase is None:
                    raise Http404
                phase_close_early(actor=request.user, phase=process.vote_phase)
                messages.success(request, _("The vote is closed."))
            elif action != "count":
                raise Http404
            report = budgets_advance(process=process)
        except DomainError as error:
            error_message = error.message
        else:
            allocated = [
                budget.pk for budget in Budget.objects.filter(process=process, allocated_at__isnull=False)
            ]
            _queue_results_reports(allocated)
            if report.get("allocated") or allocated:
                messages.success(request, _("The votes are counted. The results are below."))
            else:
                messages.info(request, _("Nothing to count: the vote is not over."))
            return redirect("staff_vote_close", slug=process.slug)
    return render(
        request,
        "budgets/staff/close.html",
        {
            "process": process,
            "budgets": selectors.budgets_for_closing(process=process),
            "error_message": error_message,
            "can_close_phase": process.vote_phase is not None
            and request.user.has_perm("participation.close_phase", process.vote_phase),
        },
        status=400 if error_message else 200,
    )


# --- Results report (public) --------------------------------------------------------------------------------


def budget_results_pdf(request, slug, budget_slug):
    """The results report of a counted budget, as a PDF, for whoever may see its results (rule
    `budgets.view_results`; 404 otherwise). Rendered in the background (a report kind of
    `participation.pdf_reports`, see `budgets.pdf_reports`); until it is ready, a page says it is being
    prepared (503, `Retry-After`) and links to its status page."""
    try:
        budget = (
            Budget.objects.select_related("process", "area")
            .prefetch_related("process__phases")
            .get(process__slug=slug, slug=budget_slug)
        )
    except Budget.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("budgets.view_results", budget):
        raise Http404
    if not BudgetOutcome.objects.filter(budget=budget).exists():
        raise Http404
    return latest_pdf_response(request, registry.get(BUDGET_RESULTS), budget, subject=budget.title)
