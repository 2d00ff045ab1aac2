"""Conditional requests (`ETag`, `Last-Modified`, 304) for every GET of the API.

How they are computed — cheaply, and always right:
- `ETag` is a strong validator: the SHA-256 (first 32 hex digits) of the rendered JSON body. Rendering is done
  anyway; hashing it costs microseconds and needs no knowledge of which rows or counters (supports, comments)
  a representation depends on, so it can never be stale.
- `Last-Modified` is the moment this server first served this exact body: kept in Django's cache under the
  ETag (30 days). A changed body has a new ETag, hence a new, later date; an `If-Modified-Since` at or after
  that moment means the client holds the same body: 304.
`If-None-Match` wins over `If-Modified-Since` (RFC 9110). A 304 saves the transfer, not the database work."""

import hashlib
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

FIRST_SEEN_TTL = 30 * 24 * 3600


def body_etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def first_seen(etag: str, now: datetime | None = None) -> datetime:
    """When this server first served the body of `etag` (now, if never), whole seconds (HTTP dates)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    stamp = cache.get_or_set(f"api-etag-first-seen:{etag}", int(now.timestamp()), FIRST_SEEN_TTL)
    return datetime.fromtimestamp(stamp, UTC)


class ConditionalGetMixin:
    """For DRF views: adds the validators to every 200 answer of a GET or HEAD and answers 304 when the
    client's copy is current."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = body_etag(response.content)
        last_modified = first_seen(etag)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = "private, no-cache" if request.user.is_authenticated else "no-cache"
        patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization", "Cookie"))
        conditional = get_conditional_response(
            request._request, etag=etag, last_modified=int(last_modified.timestamp()), response=response
        )
        if conditional is not response and conditional.status_code == 304:
            for header in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
                conditional[header] = response[header]
        return conditional
