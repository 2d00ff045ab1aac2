from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user's preferred language wins over the browser's Accept-Language, unless the visitor
    picked another language with the language switcher (Django's language cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user is not None
            and user.is_authenticated
            and user.preferred_language
        ):
            request.META["HTTP_ACCEPT_LANGUAGE"] = user.preferred_language
            translation.activate(user.preferred_language)
        return self.get_response(request)
