"""The signed-in person's own pages: their proposals, their supports, their settings. Thin views: a selector
reads, a service writes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors
from .exceptions import DomainError
from .forms_account import ApiTokenForm, ProfileForm
from .models import ApiToken
from .services import api_tokens as api_token_services
from .services.users import user_update_profile


@login_required
def my_proposals(request):
    proposals = selectors.proposal_list_for_author(author=request.user)
    return render(request, "me/my_proposals.html", {"proposals": proposals})


@login_required
def my_supports(request):
    groups = selectors.support_list_for_user(user=request.user)
    return render(request, "me/my_supports.html", {"groups": groups})


@login_required
def account_settings(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm.for_user(user, data=request.POST)
        if form.is_valid():
            try:
                user_update_profile(
                    actor=user,
                    user=user,
                    display_name=form.cleaned_data["display_name"],
                    preferred_language=form.cleaned_data["preferred_language"],
                    area=form.cleaned_data["area"],
                )
            except DomainError as error:
                for field_name, errors in error.field_errors.items():
                    for message in errors:
                        form.add_error(field_name if field_name in form.fields else None, message)
                if not error.field_errors:
                    form.add_error(None, error.message)
            else:
                # Say it in the language just chosen: that is the one the next page is shown in.
                with translation.override(user.preferred_language):
                    messages.success(request, _("Your settings are saved."))
                response = redirect("account_settings")
                # The language switcher's cookie would otherwise keep overriding the preference just saved.
                response.delete_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    path=settings.LANGUAGE_COOKIE_PATH,
                    domain=settings.LANGUAGE_COOKIE_DOMAIN,
                )
                return response
    else:
        form = ProfileForm.for_user(user)
    return render(request, "me/settings.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """Personal access tokens of the API: the list (name, beginning, last use), and a form creating one. A new
    token is shown once, on the page answering the creation; it is never stored nor shown again."""
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = api_token_services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            for field_name, errors in error.field_errors.items():
                for message in errors:
                    form.add_error(field_name if field_name in form.fields else None, message)
            if not error.field_errors:
                form.add_error(None, error.message)
        else:
            created = {"token": token, "raw": raw}
            form = ApiTokenForm()
    return render(
        request,
        "me/api_tokens.html",
        {"form": form, "created": created, "tokens": selectors.api_token_list_for_user(user=request.user)},
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    try:
        token = selectors.api_token_of_user(user=request.user, pk=pk)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    try:
        api_token_services.api_token_revoke(actor=request.user, token=token)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
        )
    return redirect("api_tokens")
