"""Resident pages. Views are thin: a selector reads, a service writes, the view turns the outcome into a page,
a flash message or a redirect. A `DomainError` is shown to the person (on the form or as a flash message); a
`PermissionDenied` from a service propagates to the 403 page; anything the viewer may not see answers 404."""

import secrets
from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import charts, selectors
from .exceptions import DomainError
from .forms import CommentEditForm, CommentForm, ProposalFilterForm, ProposalForm, ReportForm
from .models import Comment, CommentAlignment, Process, Proposal
from .models.comments import COMMENT_MAX_LENGTH
from .services import comments as comment_services
from .services import follows as follow_services
from .services import proposals as proposal_services
from .services import reports as report_services
from .services import supports as support_services

SEED_SESSION_KEY = "placette_proposal_seed"


# --- Helpers ------------------------------------------------------------------------------------------------


def _process_or_404(slug, viewer) -> Process:
    try:
        return selectors.process_detail(slug=slug, viewer=viewer)
    except Process.DoesNotExist as error:
        raise Http404 from error


def _proposal_or_404(slug, pk, viewer) -> Proposal:
    try:
        return selectors.proposal_for_action(process_slug=slug, pk=pk, viewer=viewer)
    except Proposal.DoesNotExist as error:
        raise Http404 from error


def _comment_or_404(pk, viewer) -> Comment:
    try:
        return selectors.comment_for_action(pk=pk, viewer=viewer)
    except Comment.DoesNotExist as error:
        raise Http404 from error


def _require_perm_to_show(user, perm, obj=None) -> None:
    """Pages that only make sense when the action is allowed (a form, a confirmation) ask the same rule the
    service enforces, so a refusal shows up before the person fills anything in."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _attach_domain_error(form, error: DomainError) -> None:
    """Puts a service's refusal on the form: field errors next to their fields, the message on top."""
    attached = False
    for field_name, field_messages in error.field_errors.items():
        field = form.fields.get(field_name)
        target = field_name if field is not None and not field.widget.is_hidden else None
        for message in field_messages if isinstance(field_messages, list | tuple) else [field_messages]:
            form.add_error(target, message)
            attached = True
    if not attached:
        form.add_error(None, error.message)


def login_required_back_to(view_name, *kwarg_names):
    """For POST-only actions: an anonymous visitor is sent to the login page, then back to the page that
    showed the button (not to the action URL, which only answers POST)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, **kwargs):
            if not request.user.is_authenticated:
                next_url = reverse(view_name, kwargs={name: kwargs[name] for name in kwarg_names})
                return redirect_to_login(next_url)
            return view(request, **kwargs)

        return wrapper

    return decorator


def _safe_next(request, data) -> str:
    """The `next` address in `data` (a QueryDict) when it stays on this site, else "". Pages that list
    proposals (my proposals, my supports) send it so that their buttons come back to them; anything pointing
    elsewhere is ignored rather than followed (no open redirect)."""
    target = data.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _redirect_back(request, default_url: str):
    """After a POST action: back to the safe `next` page it names, else to `default_url`."""
    return redirect(_safe_next(request, request.POST) or default_url)


def _visitor_seed(request) -> int:
    """A random number kept in the visitor's session: the random order of proposals stays the same while they
    page through the list, and differs between visitors."""
    seed = request.session.get(SEED_SESSION_KEY)
    if not selectors.random_seed_is_valid(seed):
        seed = secrets.randbelow(selectors.RANDOM_MODULUS - 1) + 1
        request.session[SEED_SESSION_KEY] = seed
    return seed


# --- Pages --------------------------------------------------------------------------------------------------


def home(request):
    processes = selectors.process_list_for_home(viewer=request.user)
    return render(
        request,
        "participation/home.html",
        {"open_processes": processes.open, "other_processes": processes.others},
    )


def process_detail(request, slug):
    process = _process_or_404(slug, request.user)
    areas, categories = selectors.process_filter_choices(process)
    filter_form = ProposalFilterForm(request.GET or None, areas=areas, categories=categories)
    if filter_form.is_bound:
        filter_form.is_valid()
    sort = filter_form.chosen_sort()
    seed = _visitor_seed(request) if sort == selectors.SORT_RANDOM else 1
    proposals = selectors.proposal_list_for_process(
        process=process, viewer=request.user, filters=filter_form.filters(), sort=sort, seed=seed
    )
    page = Paginator(proposals, settings.PLACETTE_PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/process_detail.html",
        {
            "process": process,
            "timeline": process.timeline,
            "filter_form": filter_form,
            "page": page,
            "proposals": page.object_list,
            "filtered": any(filter_form.filters().__dict__.values()),
            # Every public proposal of the process, whatever the filters: where the process stands.
            "state_chart": charts.bars(selectors.proposal_counts_by_state_for_staff(process=process)),
        },
    )


def proposal_detail(request, slug, pk):
    try:
        proposal = selectors.proposal_detail(process_slug=slug, pk=pk, viewer=request.user)
    except Proposal.DoesNotExist as error:
        raise Http404 from error
    threads = selectors.comments_for_proposal(proposal=proposal, viewer=request.user)
    return render(
        request,
        "participation/proposal_detail.html",
        {
            "process": proposal.process,
            "proposal": proposal,
            "threads": threads,
            "alignment_chart": charts.shares(
                [
                    (CommentAlignment.FOR.value, CommentAlignment.FOR.label, threads.count_for),
                    (CommentAlignment.AGAINST.value, CommentAlignment.AGAINST.label, threads.count_against),
                    (CommentAlignment.NEUTRAL.value, CommentAlignment.NEUTRAL.label, threads.count_neutral),
                ]
            ),
            "comment_form": CommentForm(),
            "comment_max_length": COMMENT_MAX_LENGTH,
        },
    )


# --- Proposal form ------------------------------------------------------------------------------------------


def _proposal_form_page(request, *, process, proposal, form, submitting, save, saved_message):
    """The proposal form, new or edited: `save` writes the draft and, when the person asked to submit, the
    submission follows in the same transaction, so a refused submission leaves no half-saved draft behind."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = save(actor=request.user, **form.cleaned_data)
                if submitting:
                    proposal_services.proposal_submit(actor=request.user, proposal=saved)
        except DomainError as error:
            _attach_domain_error(form, error)
        else:
            if submitting:
                messages.success(request, _("Your proposal was submitted. Thank you!"))
            else:
                messages.success(request, saved_message)
            return redirect(saved.get_absolute_url())
    return render(
        request, "participation/proposal_form.html", {"process": process, "form": form, "proposal": proposal}
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, slug):
    process = _process_or_404(slug, request.user)
    _require_perm_to_show(request.user, "participation.add_proposal", process)
    submitting = "submit" in request.POST
    form = ProposalForm(request.POST or None, process=process, submitting=submitting)
    return _proposal_form_page(
        request,
        process=process,
        proposal=None,
        form=form,
        submitting=submitting,
        save=partial(proposal_services.proposal_create, process=process),
        saved_message=_("Your draft was saved. Only you can see it until you submit it."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, slug, pk):
    proposal = _proposal_or_404(slug, pk, request.user)
    _require_perm_to_show(request.user, "participation.change_proposal", proposal)
    process = proposal.process
    submitting = "submit" in request.POST
    initial = {
        "title": proposal.title,
        "body": proposal.body,
        "area": proposal.area,
        "category": proposal.category,
        "latitude": proposal.latitude,
        "longitude": proposal.longitude,
    }
    form = ProposalForm(request.POST or None, process=process, submitting=submitting, initial=initial)
    return _proposal_form_page(
        request,
        process=process,
        proposal=proposal,
        form=form,
        submitting=submitting,
        save=partial(proposal_services.proposal_update, proposal=proposal),
        saved_message=_("Your changes were saved."),
    )


@login_required_back_to("proposal_detail", "slug", "pk")
@require_POST
def proposal_submit(request, slug, pk):
    return _proposal_action(
        request, slug, pk, proposal_services.proposal_submit, _("Your proposal was submitted. Thank you!")
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request, slug, pk):
    proposal = _proposal_or_404(slug, pk, request.user)
    if request.method == "POST":
        return _act_on_proposal(
            request, proposal, proposal_services.proposal_withdraw, _("Your proposal was withdrawn.")
        )
    _require_perm_to_show(request.user, "participation.withdraw_proposal", proposal)
    return render(
        request,
        "participation/proposal_withdraw.html",
        {"process": proposal.process, "proposal": proposal, "next": _safe_next(request, request.GET)},
    )


# --- Supports and follows -----------------------------------------------------------------------------------


def _proposal_action(request, slug, pk, action, success_message):
    return _act_on_proposal(request, _proposal_or_404(slug, pk, request.user), action, success_message)


def _act_on_proposal(request, proposal, action, success_message):
    """Runs a one-click service on the proposal; a refusal becomes a flash message, then back to the page."""
    try:
        action(actor=request.user, proposal=proposal)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message)
    return _redirect_back(request, proposal.get_absolute_url())


@login_required_back_to("proposal_detail", "slug", "pk")
@require_POST
def proposal_support(request, slug, pk):
    return _proposal_action(request, slug, pk, support_services.support_add, _("You support this proposal."))


@login_required_back_to("proposal_detail", "slug", "pk")
@require_POST
def proposal_unsupport(request, slug, pk):
    return _proposal_action(
        request, slug, pk, support_services.support_remove, _("You no longer support this proposal.")
    )


@login_required_back_to("proposal_detail", "slug", "pk")
@require_POST
def proposal_follow(request, slug, pk):
    return _proposal_action(
        request,
        slug,
        pk,
        follow_services.follow_add,
        _("You follow this proposal: you will hear about what happens to it."),
    )


@login_required_back_to("proposal_detail", "slug", "pk")
@require_POST
def proposal_unfollow(request, slug, pk):
    return _proposal_action(
        request, slug, pk, follow_services.follow_remove, _("You no longer follow this proposal.")
    )


def _process_action(request, slug, action, success_message):
    process = _process_or_404(slug, request.user)
    try:
        action(actor=request.user, process=process)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message)
    return _redirect_back(request, process.get_absolute_url())


@login_required_back_to("process_detail", "slug")
@require_POST
def process_follow(request, slug):
    return _process_action(
        request,
        slug,
        follow_services.follow_add,
        _("You follow this process: you will hear when a phase opens."),
    )


@login_required_back_to("process_detail", "slug")
@require_POST
def process_unfollow(request, slug):
    return _process_action(
        request, slug, follow_services.follow_remove, _("You no longer follow this process.")
    )


# --- Comments -----------------------------------------------------------------------------------------------


@login_required_back_to("proposal_detail", "slug", "pk")
@require_POST
def comment_create(request, slug, pk):
    proposal = _proposal_or_404(slug, pk, request.user)
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid():
        parent_id = form.cleaned_data["parent"]
        if parent_id is not None:
            parent = selectors.comment_in_proposal(proposal=proposal, pk=parent_id)
            if parent is None:
                form.add_error(None, _("The comment you are replying to does not exist any more."))
    if form.is_valid():
        try:
            comment = comment_services.comment_create(
                actor=request.user,
                proposal=proposal,
                body=form.cleaned_data["body"],
                alignment=form.cleaned_data["alignment"],
                parent=parent,
            )
        except DomainError as error:
            _attach_domain_error(form, error)
        else:
            messages.success(request, _("Your comment was published."))
            return redirect(f"{proposal.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "participation/comment_form.html",
        {"process": proposal.process, "proposal": proposal, "form": form, "parent": parent, "comment": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment = _comment_or_404(pk, request.user)
    proposal = comment.proposal
    if request.method == "GET":
        _require_perm_to_show(request.user, "participation.change_comment", comment)
    form = CommentEditForm(
        request.POST or None, initial={"body": comment.body, "alignment": comment.alignment}
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_update(
                actor=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                alignment=form.cleaned_data["alignment"],
            )
        except DomainError as error:
            _attach_domain_error(form, error)
        else:
            messages.success(request, _("Your comment was updated."))
            return redirect(f"{proposal.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "participation/comment_form.html",
        {"process": proposal.process, "proposal": proposal, "form": form, "parent": None, "comment": comment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    comment = _comment_or_404(pk, request.user)
    proposal = comment.proposal
    if request.method == "POST":
        try:
            comment_services.comment_delete(actor=request.user, comment=comment)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your comment was deleted."))
        return redirect(f"{proposal.get_absolute_url()}#comments")
    _require_perm_to_show(request.user, "participation.delete_comment", comment)
    return render(
        request,
        "participation/comment_delete.html",
        {"process": proposal.process, "proposal": proposal, "comment": comment},
    )


# --- Reports ------------------------------------------------------------------------------------------------


def _report(request, *, proposal, comment=None):
    target = comment or proposal
    if request.method == "GET":
        _require_perm_to_show(request.user, "participation.report_content", target)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_services.report_create(
                actor=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                proposal=None if comment else proposal,
                comment=comment,
            )
        except DomainError as error:
            _attach_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. The moderators will look at your report."))
            anchor = f"#comment-{comment.pk}" if comment else ""
            return redirect(proposal.get_absolute_url() + anchor)
    return render(
        request,
        "participation/report_form.html",
        {"process": proposal.process, "proposal": proposal, "comment": comment, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_proposal(request, slug, pk):
    return _report(request, proposal=_proposal_or_404(slug, pk, request.user))


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    comment = _comment_or_404(pk, request.user)
    return _report(request, proposal=comment.proposal, comment=comment)
