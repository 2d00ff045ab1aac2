"""schema.org JSON-LD embedded in the process and proposal pages (`<script type="application/ld+json">`), so
that search engines and aggregators read what a page is about. Built from what the page's selector already
loaded: no query. No personal data (a proposal's author is not named here).

`json_ld_script` escapes `<`, `>` and `&` inside the JSON as `json_script` does, so that a title containing
`</script>` cannot close the element."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .writers import iso_datetime

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict | None) -> SafeString:
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _organizer() -> dict:
    return {
        "@type": "Organization",
        "name": settings.PLACETTE_OPEN_DATA_PUBLISHER,
        "url": settings.SITE_URL + "/",
    }


def process_structured_data(process, timeline) -> dict:
    """An Event for the process (its first phase's start to its last phase's end), one sub-event per phase,
    the process's areas as places. Reads the prefetched phases and areas."""
    url = settings.SITE_URL + process.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": process.title,
        "description": process.summary,
        "inLanguage": translation.get_language() or settings.LANGUAGE_CODE,
        "isAccessibleForFree": True,
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "organizer": _organizer(),
        "location": [{"@type": "Place", "name": area.name} for area in process.areas.all()]
        or {"@type": "VirtualLocation", "url": url},
    }
    if timeline:
        data["startDate"] = iso_datetime(min(phase.start_at for phase in timeline))
        data["endDate"] = iso_datetime(max(phase.effective_end_at for phase in timeline))
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": phase.display_title,
                "description": phase.description,
                "startDate": iso_datetime(phase.start_at),
                "endDate": iso_datetime(phase.effective_end_at),
                "url": url,
                "location": {"@type": "VirtualLocation", "url": url},
            }
            for phase in timeline
        ]
    return data


def proposal_structured_data(proposal) -> dict | None:
    """A CreativeWork for a proposal: name, text, dates, state, area and location, supports and comments.
    None for a hidden proposal (its text is not public any more)."""
    if proposal.hidden_at is not None:
        return None
    url = settings.SITE_URL + proposal.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": proposal.title,
        "text": proposal.body,
        "dateCreated": iso_datetime(proposal.created_at),
        "dateModified": iso_datetime(proposal.edited_at or proposal.state_changed_at or proposal.created_at),
        "creativeWorkStatus": str(proposal.get_state_display()),
        "isPartOf": settings.SITE_URL + proposal.process.get_absolute_url(),
        "interactionStatistic": [
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/LikeAction",
                "userInteractionCount": proposal.supports_count,
            },
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/CommentAction",
                "userInteractionCount": proposal.comments_count,
            },
        ],
    }
    if proposal.category_id is not None:
        data["keywords"] = proposal.category.name
    place = {}
    if proposal.area_id is not None:
        place["name"] = proposal.area.name
    if proposal.latitude is not None and proposal.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(proposal.latitude),
            "longitude": float(proposal.longitude),
        }
    if place:
        data["contentLocation"] = {"@type": "Place", **place}
    return data
