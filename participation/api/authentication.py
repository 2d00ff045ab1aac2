"""Authentication of the API: personal access tokens (`Authorization: Bearer plc_...`) and the browser's
session (with CSRF, DRF's `SessionAuthentication`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from participation.services.api_tokens import api_token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` with a token created on the account page. A wrong, revoked or
    malformed token answers 401 (it never falls back to anonymous). Sets `request.auth` to the `ApiToken`."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_('Give the token after "Bearer ", without spaces.'))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from error
        token = api_token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid, or it was revoked."))
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return f'{self.keyword} realm="api"'
