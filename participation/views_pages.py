"""Information pages linked from every page's footer: how Placette works, privacy, accessibility.

Their long texts are written per language, `templates/pages/<name>.<language>.html`, not as hundreds of
catalogue entries: a plain-language text reads better written than assembled from fragments. The title and
the notice shown when a text falls back to another language are ordinary catalogue strings. The body is
rendered with its own language active, so the badges and phase names inside it speak the same language as
the text around them, and the body carries a `lang` attribute when it differs from the page's."""

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django.template.loader import select_template
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .models import PhaseKind, ProposalState

# Where a language without its own text looks next. The site's language (French) is the last resort.
FALLBACK_LANGUAGES = {"nl": "en", "de": "en"}
DEFAULT_PAGE_LANGUAGE = "fr"


@dataclass(frozen=True)
class Page:
    name: str
    title: Promise


PAGES = {
    "help": Page("help", _("How Placette works")),
    "privacy": Page("privacy", _("Privacy and your personal data")),
    "accessibility": Page("accessibility", _("Accessibility statement")),
}


def page_languages(language: str) -> list[str]:
    """The languages to try for a page's text, in order: the active one, its fallback, then French."""
    candidates = [language, FALLBACK_LANGUAGES.get(language), DEFAULT_PAGE_LANGUAGE]
    return list(dict.fromkeys(code for code in candidates if code))


def _render_page(request, page: Page):
    language = translation.get_language() or DEFAULT_PAGE_LANGUAGE
    template = select_template([f"pages/{page.name}.{code}.html" for code in page_languages(language)])
    content_language = template.origin.template_name.rsplit(".", 2)[-2]
    language_cookie_age = settings.LANGUAGE_COOKIE_AGE
    context = {
        "contact_email": settings.PLACETTE_CONTACT_EMAIL,
        "session_cookie_days": settings.SESSION_COOKIE_AGE // 86400,
        "csrf_cookie_days": settings.CSRF_COOKIE_AGE // 86400,
        # None: Django's default, a cookie that ends when the browser closes.
        "language_cookie_days": language_cookie_age // 86400 if language_cookie_age else None,
    }
    with translation.override(content_language):
        # Evaluated here, inside the override: the labels then match the language of the text.
        context["states"] = {state.value: str(state.label) for state in ProposalState}
        context["phases"] = {kind.value: str(kind.label) for kind in PhaseKind}
        body = template.render(context, request)
    return render(
        request,
        "pages/page.html",
        {
            "page": page,
            "body": body,
            "content_language": content_language,
            "translated": content_language == language,
            "contact_email": context["contact_email"],
        },
    )


@require_safe
def help_page(request):
    return _render_page(request, PAGES["help"])


@require_safe
def privacy_page(request):
    return _render_page(request, PAGES["privacy"])


@require_safe
def accessibility_page(request):
    return _render_page(request, PAGES["accessibility"])
