"""Staff pages: the moderation queue, the triage of a process's proposals, the review of one proposal (admit,
reject, accept) and closing a phase early.

Who may open a page is asked of the rules (`participation.access_moderation`,
`participation.access_evaluation`); who may do an action is decided by the service, which raises
`PermissionDenied` (403) or a `DomainError` (shown on the form, nothing changed). A proposal the viewer may
not see answers 404."""

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors
from .exceptions import DomainError
from .form_errors import add_domain_error
from .forms_staff import AcceptForm, AdmitForm, HideForm, RejectForm, TriageFilterForm
from .models import Area, Comment, Phase, Process, Proposal, RejectionReason, Report
from .predicates import is_staff_member
from .services.comments import comment_hide
from .services.phases import phase_close_early
from .services.proposals import proposal_accept, proposal_admit, proposal_hide, proposal_reject
from .services.reports import report_dismiss

ACCESS_MODERATION = "participation.access_moderation"
ACCESS_EVALUATION = "participation.access_evaluation"
TRIAGE_PAGE_SIZE = 50


def staff_page(*rule_names):
    """Opens the view to signed-in people for whom at least one of the rules `rule_names` holds: anonymous
    visitors go to the login page, everyone else gets a 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not any(request.user.has_perm(rule_name) for rule_name in rule_names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _redirect_back(request, default: str, **kwargs):
    """Back to the page the action was posted from (`next`, same site only), else to `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, **kwargs)


# --- Staff home ---------------------------------------------------------------------------------------------


@staff_page(ACCESS_MODERATION, ACCESS_EVALUATION)
def staff_home(request):
    """Every process with what waits for staff in it, and the size of the moderation queue."""
    can_moderate = request.user.has_perm(ACCESS_MODERATION)
    return render(
        request,
        "staff/home.html",
        {
            "processes": selectors.process_list_for_staff(),
            "open_report_count": selectors.open_report_count() if can_moderate else None,
        },
    )


# --- Moderation ---------------------------------------------------------------------------------------------


def _render_moderation_queue(request, *, bound_key: str = "", bound_form=None, status: int = 200):
    queue = selectors.moderation_queue(viewer=request.user)
    bound_shown = False
    for item in queue:
        if item.key == bound_key:
            item.hide_form = bound_form
            bound_shown = True
        else:
            item.hide_form = HideForm(prefix_id=f"_{item.key}")
    if bound_form is not None and not bound_shown:
        # The content left the queue meanwhile (hidden or dismissed by someone else): say why nothing
        # happened.
        for errors in bound_form.errors.values():
            for error in errors:
                messages.error(request, error)
    history = selectors.moderation_history()
    return render(request, "staff/moderation_queue.html", {"queue": queue, "history": history}, status=status)


def _hide_from_queue(request, *, key: str, hide, success_message: str):
    """Hides one item of the queue with the reason posted in its own form (prefixed by `key`); a refusal shows
    the queue again with that form bound and its errors."""
    form = HideForm(request.POST, prefix_id=f"_{key}")
    if form.is_valid():
        try:
            hide(actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success_message)
            return _redirect_back(request, "moderation_queue")
    return _render_moderation_queue(request, bound_key=key, bound_form=form)


@staff_page(ACCESS_MODERATION)
def moderation_queue(request):
    return _render_moderation_queue(request)


@require_POST
@staff_page(ACCESS_MODERATION)
def moderation_hide_proposal(request, pk):
    try:
        proposal = selectors.proposal_for_moderation(pk=pk)
    except Proposal.DoesNotExist as error:
        raise Http404 from error
    return _hide_from_queue(
        request,
        key=f"proposal-{proposal.pk}",
        hide=partial(proposal_hide, proposal=proposal),
        success_message=_("The proposal is hidden and its reports are resolved."),
    )


@require_POST
@staff_page(ACCESS_MODERATION)
def moderation_hide_comment(request, pk):
    try:
        comment = selectors.comment_for_moderation(pk=pk)
    except Comment.DoesNotExist as error:
        raise Http404 from error
    return _hide_from_queue(
        request,
        key=f"comment-{comment.pk}",
        hide=partial(comment_hide, comment=comment),
        success_message=_("The comment is hidden and its reports are resolved."),
    )


@require_POST
@staff_page(ACCESS_MODERATION)
def moderation_dismiss_report(request, pk):
    try:
        report = selectors.report_for_moderation(pk=pk)
    except Report.DoesNotExist as error:
        raise Http404 from error
    try:
        report_dismiss(actor=request.user, report=report)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is dismissed; the content stays visible."))
    return _redirect_back(request, "moderation_queue")


# --- Triage of a process ----------------------------------------------------------------------------------


@staff_page(ACCESS_MODERATION, ACCESS_EVALUATION)
def staff_process_proposals(request, slug):
    try:
        process = selectors.process_for_staff(slug=slug)
    except Process.DoesNotExist as error:
        raise Http404 from error
    filter_form = TriageFilterForm(request.GET, areas=Area.objects.all())
    filters = filter_form.filters()
    proposals = selectors.proposal_list_for_staff(
        process=process, state=filters["state"], area=filters["area"]
    )
    page = Paginator(proposals, TRIAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/process_proposals.html",
        {
            "process": process,
            "filter_form": filter_form,
            "state_counts": selectors.proposal_counts_by_state_for_staff(process=process),
            "active_state": filters["state"],
            "page": page,
            "proposals": page.object_list,
            "query_without_page": query.urlencode(),
        },
    )


# --- Review of one proposal -------------------------------------------------------------------------------


def _reviewable_proposal(request, pk) -> Proposal:
    try:
        return selectors.proposal_for_staff_review(pk=pk, viewer=request.user)
    except Proposal.DoesNotExist as error:
        raise Http404 from error


def _reject_form(request, proposal, data=None) -> RejectForm:
    # Moderators and process administrators reject for any reason; evaluators only as "not feasible" (the
    # service refuses the others): offer only what will be accepted.
    reasons = None if is_staff_member(request.user) else {RejectionReason.NOT_FEASIBLE}
    return RejectForm(data, proposal=proposal, reasons=reasons, auto_id="id_reject_%s")


def _render_review(request, proposal, *, admit_form=None, reject_form=None, accept_form=None):
    if admit_form is not None or reject_form is not None or accept_form is not None:
        # The service refused or the input was wrong: show the proposal as it is now, not as the form left it.
        proposal = _reviewable_proposal(request, proposal.pk)
    context = {
        "proposal": proposal,
        "process": proposal.process,
        "admit_form": admit_form or AdmitForm(),
        "reject_form": reject_form or _reject_form(request, proposal),
        "accept_form": accept_form or AcceptForm(auto_id="id_accept_%s"),
    }
    return render(request, "staff/proposal_review.html", context)


@staff_page(ACCESS_MODERATION, ACCESS_EVALUATION)
def staff_proposal_review(request, pk):
    return _render_review(request, _reviewable_proposal(request, pk))


@require_POST
@staff_page(ACCESS_MODERATION, ACCESS_EVALUATION)
def staff_proposal_admit(request, pk):
    proposal = _reviewable_proposal(request, pk)
    form = AdmitForm(request.POST)
    try:
        proposal_admit(actor=request.user, proposal=proposal)
    except DomainError as error:
        add_domain_error(form, error)
        return _render_review(request, proposal, admit_form=form)
    messages.success(request, _("The proposal is admitted to the debate."))
    return redirect("staff_proposal_review", pk=proposal.pk)


@require_POST
@staff_page(ACCESS_MODERATION, ACCESS_EVALUATION)
def staff_proposal_reject(request, pk):
    proposal = _reviewable_proposal(request, pk)
    form = _reject_form(request, proposal, data=request.POST)
    if form.is_valid():
        try:
            proposal_reject(
                actor=request.user,
                proposal=proposal,
                reason=form.cleaned_data["reason"],
                public_reason=form.cleaned_data["public_reason"],
                duplicate_of=form.cleaned_data["duplicate_of"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The proposal is rejected; the explanation is on its timeline."))
            return redirect("staff_proposal_review", pk=proposal.pk)
    return _render_review(request, proposal, reject_form=form)


@require_POST
@staff_page(ACCESS_MODERATION, ACCESS_EVALUATION)
def staff_proposal_accept(request, pk):
    proposal = _reviewable_proposal(request, pk)
    form = AcceptForm(request.POST, auto_id="id_accept_%s")
    if form.is_valid():
        try:
            proposal_accept(
                actor=request.user,
                proposal=proposal,
                cost_estimate_cents=form.cleaned_data["cost_estimate"],
                answer=form.cleaned_data["answer"],
            )
        except DomainError as error:
            add_domain_error(form, error, field_names={"cost_estimate_cents": "cost_estimate"})
        else:
            messages.success(request, _("The proposal is accepted; the answer is on its page."))
            return redirect("staff_proposal_review", pk=proposal.pk)
    return _render_review(request, proposal, accept_form=form)


# --- Phases -------------------------------------------------------------------------------------------------


@login_required
def staff_phase_close(request, pk):
    """GET: a confirmation page; POST: closes the phase now. Process administrators only (rule
    `participation.close_phase`); a phase that is not open cannot be closed (the page says so)."""
    try:
        phase = selectors.phase_for_staff(pk=pk)
    except Phase.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("participation.administer_processes"):
        raise PermissionDenied
    error_message = ""
    if request.method == "POST":
        try:
            phase_close_early(actor=request.user, phase=phase)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, _("The phase “%(phase)s” is closed.") % {"phase": phase.display_title})
            return redirect("staff_process_proposals", slug=phase.process.slug)
    return render(
        request,
        "staff/phase_close.html",
        {"phase": phase, "process": phase.process, "error_message": error_message},
    )
