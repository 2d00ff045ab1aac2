"""Conditional requests (`ETag`, `Last-Modified`, 304) for every GET of the API.

How they are computed — cheaply, and always right:
- `ETag` is a strong validator: the SHA-256 (first 32 hex digits) of the rendered JSON body. Rendering is done
  anyway; hashing it costs microseconds and needs no knowledge of which rows or counters (supports, comments)
  a representation depends on, so it can never be stale.
- `Last-Modified` is the moment this representation became the current one: Django's cache keeps, for each
  representation (address with its query, language, account), the last ETag served and since when. A new
  ETag gets a new date, always later than the previous one (by a second at least: HTTP dates count seconds),
  so a body that changes and then changes back (A → B → A) is never "not modified since" B's date. A record
  the cache has forgotten (after a day) starts again from now: later, hence safe.
`If-None-Match` wins over `If-Modified-Since` (RFC 9110). A 304 saves the transfer, not the database work.
With several processes, configure a shared cache (as for throttling), so that they agree on the dates."""

import hashlib
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

RECORD_TTL = 24 * 3600


def body_etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def representation_key(request) -> str:
    user_id = request.user.pk if request.user.is_authenticated else 0
    identity = f"{request.get_full_path()}|{get_language()}|{user_id}"
    return "api-representation:" + hashlib.sha256(identity.encode()).hexdigest()


def current_since(key: str, etag: str, now: datetime | None = None) -> datetime:
    """Since when `etag` is the current representation of `key` (whole seconds, UTC). Records it when it
    changed. Side effect: one cache read, and a cache write when the representation changed."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    record = cache.get(key)
    if record is not None and record[0] == etag:
        return datetime.fromtimestamp(record[1], UTC)
    since = now
    if record is not None:
        since = max(now, datetime.fromtimestamp(record[1], UTC) + timedelta(seconds=1))
    cache.set(key, (etag, int(since.timestamp())), RECORD_TTL)
    return since


class ConditionalGetMixin:
    """For DRF views: adds the validators to every 200 answer of a GET or HEAD and answers 304 when the
    client's copy is current."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = body_etag(response.content)
        last_modified = current_since(representation_key(request), etag)
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
