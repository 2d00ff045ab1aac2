"""Resident pages of the participatory budgets: the budgets of a process, a budget's projects and the basket,
checkout, the receipt, eligibility (census, voting code), the ballot lookup and the results with their
downloads.

Views are thin: a selector reads, a service writes, the view turns the outcome into a page, a flash message
or a redirect. A `DomainError` is shown to the person (on the form or as a flash message); a
`PermissionDenied` from a service propagates to the 403 page; an unpublished process, another process's
budget or results not public yet answer 404.

Who votes: a voter identified by a voting code in this browser (its id kept in the session, see
`CODE_VOTERS_SESSION_KEY`) comes first, else the signed-in account. The receipt codes of the ballots just cast
are kept in the session (`RECEIPTS_SESSION_KEY`) until the person says they noted them, or leaves."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation import charts
from participation.exceptions import DomainError
from participation.models import Process

from . import selectors
from .allocation.election import Election, natural_sorted
from .allocation.election import Project as PabulibProject
from .allocation.pabulib import format_pabulib
from .exceptions import AlreadyVotedError
from .forms import (
    BasketProjectForm,
    CastForm,
    CensusVerifyForm,
    ProjectFilterForm,
    ReceiptLookupForm,
    VotingCodeForm,
    selection_value,
)
from .models import BallotChannel, Budget, Voter
from .pdf import METHOD_EXPLANATIONS, absolute_url, html_to_pdf
from .services import baskets as basket_services
from .services.ballots import ballot_cast, ballot_find_by_receipt
from .services.census import voter_verify_with_census
from .services.codes import voter_from_code
from .services.voters import voter_for_user

CODE_VOTERS_SESSION_KEY = "budgets_code_voters"  # {process id: voter id}
RECEIPTS_SESSION_KEY = "budgets_receipts"  # {process id: [{"budget", "title", "code", "cast_at"}]}
SEED_SESSION_KEY = "budgets_project_seed"

# The anonymised ballots as CSV, one line per counted ballot, ordered by fingerprint (never by time):
#   ballot   – the fingerprint of the ballot: the first characters of the hash of its receipt code
#              (a voter finds their line with the ballot lookup page);
#   channel  – online, desk or paper;
#   projects – the ids of the projects chosen, comma-separated (the ids of the results page and of the
#              pabulib file), empty for an empty ballot.
CSV_COLUMNS = ["ballot", "channel", "projects"]


# --- Helpers ------------------------------------------------------------------------------------------------


def _process_or_404(slug) -> Process:
    try:
        return selectors.process_for_budgets(slug=slug)
    except Process.DoesNotExist as error:
        raise Http404 from error


def _budget_or_404(process, budget_slug) -> Budget:
    try:
        return selectors.budget_detail(process=process, slug=budget_slug)
    except Budget.DoesNotExist as error:
        raise Http404 from error


def _code_voter_id(request, process) -> int | None:
    value = request.session.get(CODE_VOTERS_SESSION_KEY, {}).get(str(process.pk))
    return value if isinstance(value, int) else None


def _remember_code_voter(request, process, voter) -> None:
    voters = dict(request.session.get(CODE_VOTERS_SESSION_KEY, {}))
    voters[str(process.pk)] = voter.pk
    request.session[CODE_VOTERS_SESSION_KEY] = voters


def _forget_code_voter(request, process) -> None:
    voters = dict(request.session.get(CODE_VOTERS_SESSION_KEY, {}))
    if voters.pop(str(process.pk), None) is not None:
        request.session[CODE_VOTERS_SESSION_KEY] = voters


def _voter_context(request, process) -> selectors.VoterContext:
    return selectors.voter_context(
        process=process, viewer=request.user, code_voter_id=_code_voter_id(request, process)
    )


class _LoginNeeded(Exception):
    pass


def _acting_voter(request, process) -> Voter:
    """The voter a basket or ballot action is for: the voting code entered in this browser, else the signed-in
    account's voter (created for a resident of a process without census). Raises `_LoginNeeded` for an
    anonymous visitor without code, a `DomainError` (not verified...) or `PermissionDenied` from the
    service."""
    code_voter_id = _code_voter_id(request, process)
    if code_voter_id is not None:
        voter = selectors.code_voter(process=process, pk=code_voter_id)
        if voter is not None:
            return voter
        _forget_code_voter(request, process)
    if not request.user.is_authenticated:
        raise _LoginNeeded
    return voter_for_user(user=request.user, process=process)


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _attach_domain_error(form, error: DomainError) -> None:
    attached = False
    for field_name, field_messages in error.field_errors.items():
        target = field_name if field_name in form.fields else None
        for message in field_messages if isinstance(field_messages, list | tuple) else [field_messages]:
            form.add_error(target, message)
            attached = True
    if not attached:
        form.add_error(None, error.message)


def _visitor_seed(request) -> int:
    """A random number kept in the visitor's session: the random order of projects stays the same while they
    fill their basket, and differs between visitors (no project is always first)."""
    seed = request.session.get(SEED_SESSION_KEY)
    if not selectors.random_seed_is_valid(seed):
        seed = selectors.new_random_seed()
        request.session[SEED_SESSION_KEY] = seed
    return seed


def _client_key(request) -> str:
    """Who is guessing voting codes, for the service's rate limit: the address the request came from."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _receipts(request, process) -> list[dict]:
    receipts = request.session.get(RECEIPTS_SESSION_KEY, {}).get(str(process.pk), [])
    return [receipt for receipt in receipts if isinstance(receipt, dict) and receipt.get("code")]


def _remember_receipt(request, process, budget, code, ballot) -> None:
    receipts = dict(request.session.get(RECEIPTS_SESSION_KEY, {}))
    kept = [receipt for receipt in receipts.get(str(process.pk), []) if receipt.get("budget") != budget.pk]
    kept.append(
        {
            "budget": budget.pk,
            "title": budget.title,
            "code": code,
            "cast_at": ballot.cast_at.isoformat(),
        }
    )
    receipts[str(process.pk)] = kept
    request.session[RECEIPTS_SESSION_KEY] = receipts


def _attachment(filename: str) -> str:
    # Slugs only: nothing to quote.
    return f'attachment; filename="{filename}"'


def _url_or_empty(name, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


# --- Budgets of a process -----------------------------------------------------------------------------------


@require_GET
def budget_list(request, slug):
    process = _process_or_404(slug)
    context = _voter_context(request, process)
    budgets = selectors.budget_list_for_process(process=process, context=context)
    for budget in budgets:
        budget.process = process
        budget.results_public = request.user.has_perm("budgets.view_results", budget)
    return render(
        request,
        "budgets/budget_list.html",
        {
            "process": process,
            "budgets": budgets,
            "voter": context,
            "has_census": selectors.process_has_census(process),
            "has_receipts": bool(_receipts(request, process)),
        },
    )


@require_GET
def budget_detail(request, slug, budget_slug):
    process = _process_or_404(slug)
    budget = _budget_or_404(process, budget_slug)
    context = _voter_context(request, process)
    status = selectors.budget_status(process=process, budget=budget, context=context)
    areas, categories = selectors.project_filter_choices(budget=budget)
    filter_form = ProjectFilterForm(request.GET or None, areas=areas, categories=categories)
    if filter_form.is_bound:
        filter_form.is_valid()
    sort = filter_form.chosen_sort()
    seed = _visitor_seed(request) if sort == selectors.SORT_RANDOM else 1
    projects = selectors.project_list_for_budget(
        budget=budget, filters=filter_form.filters(), sort=sort, seed=seed
    )
    basket = selectors.basket_summary(budget=budget, voter=context.voter)
    in_basket = basket.project_ids
    for project in projects:
        project.in_basket = project.pk in in_basket
        project.fits = project.in_basket or basket.fits(project)
    budget.results_public = request.user.has_perm("budgets.view_results", budget)
    return render(
        request,
        "budgets/budget_detail.html",
        {
            "process": process,
            "budget": budget,
            "voter": context,
            "status": status,
            "filter_form": filter_form,
            "filtered": any(filter_form.filters().__dict__.values()),
            "projects": projects,
            "basket": basket,
            "here": request.get_full_path(),
        },
    )


def _basket_action(request, slug, budget_slug, *, adding: bool):
    process = _process_or_404(slug)
    budget = _budget_or_404(process, budget_slug)
    back = _safe_next(request, request.POST.get("next", "")) or budget.get_absolute_url()
    try:
        voter = _acting_voter(request, process)
    except _LoginNeeded:
        return redirect_to_login(budget.get_absolute_url())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    form = BasketProjectForm(request.POST)
    project = (
        selectors.project_in_budget(budget=budget, pk=form.cleaned_data["project"])
        if form.is_valid()
        else None
    )
    if project is None:
        messages.error(request, _("This project is not on the ballot of this budget."))
        return redirect(back)
    try:
        if adding:
            basket_services.basket_add(actor=request.user, voter=voter, project=project)
        else:
            basket_services.basket_remove(actor=request.user, voter=voter, project=project)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if adding:
            messages.success(request, _("“%(title)s” is in your basket.") % {"title": project.title})
        else:
            messages.success(
                request, _("“%(title)s” is no longer in your basket.") % {"title": project.title}
            )
    if "#" not in back:
        back = f"{back}#project-{project.pk}"
    return redirect(back)


@require_POST
def basket_add(request, slug, budget_slug):
    return _basket_action(request, slug, budget_slug, adding=True)


@require_POST
def basket_remove(request, slug, budget_slug):
    return _basket_action(request, slug, budget_slug, adding=False)


# --- Checkout and receipt -----------------------------------------------------------------------------------

STATUS_MESSAGES = {
    selectors.STATUS_VOTED: gettext_lazy("You have already voted in this budget. A ballot is final."),
    selectors.STATUS_OTHER_AREA: gettext_lazy("You cannot vote in this budget: it belongs to another area."),
    selectors.STATUS_NOT_YET: gettext_lazy("The vote has not started yet."),
    selectors.STATUS_OVER: gettext_lazy("The vote is over."),
    selectors.OBSTACLE_EMAIL: gettext_lazy(
        "Confirm your e-mail address first: we sent you a link when you signed up."
    ),
    selectors.OBSTACLE_CENSUS: gettext_lazy("Prove that you may vote in this process first."),
}


@never_cache
@require_http_methods(["GET", "POST"])
def budget_checkout(request, slug, budget_slug):
    process = _process_or_404(slug)
    budget = _budget_or_404(process, budget_slug)
    context = _voter_context(request, process)
    status = selectors.budget_status(process=process, budget=budget, context=context)
    if status == selectors.OBSTACLE_LOGIN:
        return redirect_to_login(request.get_full_path())
    if status != selectors.STATUS_CAN_VOTE:
        messages.info(request, STATUS_MESSAGES[status])
        if status == selectors.OBSTACLE_CENSUS:
            return redirect("vote_verify", slug=process.slug)
        return redirect("budget_list", slug=process.slug)
    basket = selectors.basket_summary(budget=budget, voter=context.voter)
    form = CastForm(request.POST or None, initial={"selection": selection_value(basket.project_ids)})
    if request.method == "POST" and form.is_valid():
        reviewed = form.selected_ids()
        if not basket.projects:
            # The page offers no button for an empty basket: a forged POST casts nothing.
            messages.error(request, _("Your basket is empty: choose projects before casting your ballot."))
            return redirect(budget.get_absolute_url())
        if reviewed is None or reviewed != basket.project_ids:
            # Changed in another tab, or tampered with: nothing is cast, the person reviews again.
            messages.error(
                request,
                _(
                    "Your basket changed since this page was shown. Check your choice "
                    "again before casting your ballot."
                ),
            )
            return redirect("budget_checkout", slug=process.slug, budget_slug=budget.slug)
        else:
            return _cast(request, process, budget, form, basket)
    return render(
        request,
        "budgets/checkout.html",
        {"process": process, "budget": budget, "voter": context, "basket": basket, "form": form},
    )


def _cast(request, process, budget, form, basket):
    try:
        voter = _acting_voter(request, process)
        ballot, receipt_code = ballot_cast(
            actor=request.user, voter=voter, budget=budget, channel=BallotChannel.ONLINE
        )
    except _LoginNeeded:
        return redirect_to_login(request.get_full_path())
    except AlreadyVotedError as error:
        messages.error(request, error.message)
        return redirect("budget_list", slug=process.slug)
    except DomainError as error:
        _attach_domain_error(form, error)
        return render(
            request,
            "budgets/checkout.html",
            {
                "process": process,
                "budget": budget,
                "voter": _voter_context(request, process),
                "basket": basket,
                "form": form,
            },
        )
    _remember_receipt(request, process, budget, receipt_code, ballot)
    messages.success(request, _("Your ballot was cast. Thank you for voting!"))
    return redirect("vote_receipt", slug=process.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def vote_receipt(request, slug):
    process = _process_or_404(slug)
    if request.method == "POST":
        receipts = dict(request.session.get(RECEIPTS_SESSION_KEY, {}))
        if receipts.pop(str(process.pk), None) is not None:
            request.session[RECEIPTS_SESSION_KEY] = receipts
        messages.success(request, _("Your receipt code is no longer shown on this device."))
        return redirect("budget_list", slug=process.slug)
    return render(
        request, "budgets/receipt.html", {"process": process, "receipts": _receipts(request, process)}
    )


def render_receipt_pdf(*, process, receipts: list[dict], lookup_url: str) -> bytes:
    """The PDF receipt of the ballots just cast in `process`: for each budget, its title, the day of the vote
    and the receipt code, with how to find the ballot in the published list (`lookup_url`, absolute). It
    proves participation and never shows the choices, so that it can be shown to anyone. No side effect."""
    html = render_to_string(
        "budgets/receipt_pdf.html",
        {"process": process, "receipts": receipts, "lookup_url": lookup_url, "issued_at": timezone.now()},
    )
    return html_to_pdf(html)


@never_cache
@require_GET
def vote_receipt_pdf(request, slug):
    process = _process_or_404(slug)
    receipts = _receipts(request, process)
    if not receipts:
        raise Http404
    for receipt in receipts:
        receipt["cast_on"] = _parse_moment(receipt.get("cast_at"))
    pdf = render_receipt_pdf(
        process=process,
        receipts=receipts,
        lookup_url=absolute_url(reverse("ballot_lookup", kwargs={"slug": process.slug})),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _attachment(f"receipt-{process.slug}.pdf")
    return response


def _parse_moment(value):
    try:
        return parse_datetime(value) if value else None
    except ValueError:
        return None


# --- Eligibility --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def vote_verify(request, slug):
    process = _process_or_404(slug)
    if not selectors.process_has_census(process):
        raise Http404
    context = _voter_context(request, process)
    already = context.voter is not None and not context.via_code
    form = CensusVerifyForm(request.POST or None, match_fields=process.census.match_fields)
    if request.method == "POST" and not already and form.is_valid():
        try:
            voter_verify_with_census(actor=request.user, process=process, values=form.values())
        except DomainError as error:
            _attach_domain_error(form, error)
        else:
            messages.success(request, _("You are on the list of voters: you may vote."))
            return redirect("budget_list", slug=process.slug)
    return render(
        request,
        "budgets/verify.html",
        {"process": process, "form": form, "voter": context, "already_verified": already},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def vote_code(request, slug):
    process = _process_or_404(slug)
    form = VotingCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voter = voter_from_code(
                process=process, code=form.cleaned_data["code"], client_key=_client_key(request)
            )
        except DomainError as error:
            _attach_domain_error(form, error)
        else:
            # A new identity in this browser: a fresh session key, so that a session id seen before cannot
            # act with the code.
            request.session.cycle_key()
            _remember_code_voter(request, process, voter)
            messages.success(request, _("Your voting code is valid: you may vote."))
            return redirect("budget_list", slug=process.slug)
    return render(
        request,
        "budgets/code.html",
        {"process": process, "form": form, "using_code": _code_voter_id(request, process) is not None},
    )


@require_POST
def vote_code_forget(request, slug):
    process = _process_or_404(slug)
    _forget_code_voter(request, process)
    messages.success(request, _("This device no longer votes with your voting code."))
    return redirect("budget_list", slug=process.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def ballot_lookup(request, slug):
    process = _process_or_404(slug)
    form = ReceiptLookupForm(request.POST or None)
    ballot = None
    if request.method == "POST" and form.is_valid():
        try:
            found = ballot_find_by_receipt(process=process, receipt_code=form.cleaned_data["receipt_code"])
        except DomainError as error:
            _attach_domain_error(form, error)
        else:
            ballot = selectors.ballot_for_receipt_page(ballot=found)
            ballot.fingerprint = selectors.ballot_fingerprint(ballot.receipt_digest)
            ballot.budget.process = process
            ballot.results_public = request.user.has_perm("budgets.view_results", ballot.budget)
    return render(request, "budgets/lookup.html", {"process": process, "form": form, "ballot": ballot})


# --- Results and downloads ----------------------------------------------------------------------------------


def _counted_budget_or_404(request, slug, budget_slug) -> Budget:
    """A budget whose results the viewer may see (rule `budgets.view_results`) and that has been counted."""
    process = _process_or_404(slug)
    try:
        budget = selectors.budget_for_results(process=process, slug=budget_slug)
    except Budget.DoesNotExist as error:
        raise Http404 from error
    if (
        not request.user.has_perm("budgets.view_results", budget)
        or selectors.budget_outcome_or_none(budget) is None
    ):
        raise Http404
    return budget


@require_GET
def budget_results(request, slug, budget_slug):
    process = _process_or_404(slug)
    try:
        budget = selectors.budget_for_results(process=process, slug=budget_slug)
    except Budget.DoesNotExist as error:
        raise Http404 from error
    if (
        not request.user.has_perm("budgets.view_results", budget)
        or selectors.budget_outcome_or_none(budget) is None
    ):
        return render(
            request, "budgets/results_not_yet.html", {"process": process, "budget": budget}, status=404
        )
    results = selectors.budget_results(budget=budget)
    labels = {True: _("funded"), False: _("not funded")}
    return render(
        request,
        "budgets/results.html",
        {
            "process": process,
            "budget": budget,
            "results": results,
            "outcome": budget.outcome,
            "method": METHOD_EXPLANATIONS.get(budget.outcome.rule, ""),
            "votes_chart": charts.bars(
                (
                    (
                        "selected" if project.result.selected else "other",
                        f"{project.title} ({labels[project.result.selected]})",
                        project.result.votes_total,
                    )
                    for project in results.projects
                ),
                skip_zeros=False,
            ),
            "channel_chart": charts.bars(
                ((row.key, row.label, row.count) for row in results.by_channel), skip_zeros=False
            ),
            "area_chart": charts.bars((row.key, row.label, row.count) for row in results.by_area),
            "results_pdf_url": _url_or_empty(
                "budget_results_pdf", slug=process.slug, budget_slug=budget.slug
            ),
        },
    )


class _Echo:
    """A file-like object whose write returns the line, for csv.writer feeding a streamed response."""

    def write(self, value):
        return value


def _csv_lines(budget) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(CSV_COLUMNS)
    for ballot in selectors.anonymous_ballots(budget=budget):
        yield writer.writerow([ballot.fingerprint, ballot.channel, ",".join(map(str, ballot.project_ids))])


@require_GET
def budget_ballots_csv(request, slug, budget_slug):
    budget = _counted_budget_or_404(request, slug, budget_slug)
    response = StreamingHttpResponse(_csv_lines(budget), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(f"{budget.process.slug}-{budget.slug}-ballots.csv")
    # Open data: any website may read the anonymised ballots from a browser (docs/open-data.md).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _pabulib_lines(budget) -> Iterator[str]:
    """The budget as a pabulib file, written by `budgets.allocation.pabulib` so that it reads back with the
    same library (and pabutools): META and PROJECTS first, then the VOTES rows one by one so that a large
    election streams. Voter ids are the ballots' fingerprints; costs and the budget are in cents (exact
    integers; `currency;EUR-cents` says so). Projects carry their votes and whether they were funded."""
    outcome = budget.outcome
    projects = selectors.projects_for_export(budget=budget)
    meta = {
        "description": f"{budget.process.title} — {budget.title}",
        "unit": budget.area.name if budget.area_id else budget.process.title,
        "instance": budget.slug,
        "num_projects": str(len(projects)),
        "num_votes": str(outcome.ballots_count),
        "budget": str(budget.amount_cents),
        "currency": "EUR-cents",
        "vote_type": "approval",
        "rule": outcome.rule,
    }
    if budget.max_projects is not None:
        meta["max_length"] = str(budget.max_projects)
    if budget.min_projects is not None:
        meta["min_length"] = str(budget.min_projects)
    pabulib_projects = {}
    for project in projects:
        result = selectors.project_result_or_none(project)
        pabulib_projects[str(project.pk)] = PabulibProject(
            str(project.pk),
            project.cost_cents,
            name=" ".join(project.title.split()),
            fields={
                "votes": str(result.votes_total if result else 0),
                "selected": "1" if result and result.selected else "0",
            },
        )
    # The header (META, PROJECTS, and the VOTES section's title and columns) of an election without ballots.
    yield format_pabulib(
        Election(
            budget=budget.amount_cents,
            projects=pabulib_projects,
            ballots=(),
            meta=meta,
            project_columns=("project_id", "cost", "votes", "name", "selected"),
            vote_columns=("voter_id", "vote"),
        )
    )
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\n")
    for ballot in selectors.anonymous_ballots(budget=budget):
        yield writer.writerow([ballot.fingerprint, ",".join(natural_sorted(map(str, ballot.project_ids)))])


@require_GET
def budget_ballots_pabulib(request, slug, budget_slug):
    budget = _counted_budget_or_404(request, slug, budget_slug)
    response = StreamingHttpResponse(_pabulib_lines(budget), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = _attachment(f"{budget.process.slug}-{budget.slug}.pb")
    # Open data: any website may read the anonymised ballots from a browser (docs/open-data.md).
    response["Access-Control-Allow-Origin"] = "*"
    return response
