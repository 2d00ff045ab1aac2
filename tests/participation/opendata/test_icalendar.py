"""The phases as an iCalendar feed (RFC 5545), parsed back with `icalendar`: one event per phase, stable UIDs,
times in UTC."""

from datetime import UTC, timedelta

import icalendar
import pytest
from django.utils import timezone

from participation.models import Phase
from tests.factories import ProcessFactory

from .conftest import download

pytestmark = pytest.mark.django_db


def events_of(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Placette//Open data//FR"
    return list(calendar.walk("VEVENT"))


def test_the_calendar_has_one_event_per_phase_of_every_published_process(client, ciney):
    ProcessFactory(with_phase="vote", slug="havelange", title="Budget de Havelange")
    ProcessFactory(with_phase="vote", slug="secret", is_published=False)

    response, text = download(client, "/open-data/phases.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_of(text)
    published = Phase.objects.filter(process__is_published=True).order_by("process_id", "position")
    assert [str(event["UID"]) for event in events] == [f"phase-{phase.pk}@127.0.0.1" for phase in published]
    assert len(events) == 14


def test_each_event_carries_the_phase_dates_title_description_and_link(client, ciney):
    debate = Phase.objects.get(process=ciney, kind="debate")
    debate.description = "Commentez et soutenez les propositions."
    debate.save()

    _response, text = download(client, "/open-data/processes/ciney/phases.ics")

    events = {str(event["UID"]): event for event in events_of(text)}
    assert len(events) == 7
    event = events[f"phase-{debate.pk}@127.0.0.1"]
    assert str(event["SUMMARY"]) == "Budget participatif de Ciney — Débat"
    assert str(event["DESCRIPTION"]) == "Commentez et soutenez les propositions."
    assert str(event["URL"]) == "http://127.0.0.1:8000/processes/ciney/"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is not None and end.tzinfo is not None
    assert start == debate.start_at.replace(microsecond=0).astimezone(UTC)
    assert end == debate.end_at.replace(microsecond=0).astimezone(UTC)
    assert event.decoded("DTSTAMP").tzinfo is not None


def test_a_phase_closed_early_ends_when_it_was_closed(client, ciney):
    debate = Phase.objects.get(process=ciney, kind="debate")
    debate.closed_at = timezone.now() - timedelta(hours=1)
    debate.save()

    _response, text = download(client, "/open-data/processes/ciney/phases.ics")

    event = {str(event["UID"]): event for event in events_of(text)}[f"phase-{debate.pk}@127.0.0.1"]
    assert event.decoded("DTEND") == debate.closed_at.replace(microsecond=0).astimezone(UTC)


def test_uids_are_stable_across_downloads_and_between_the_whole_and_one_process_feed(client, ciney):
    _response, first = download(client, "/open-data/phases.ics")
    _response, second = download(client, "/open-data/phases.ics")
    _response, one_process = download(client, "/open-data/processes/ciney/phases.ics")

    uids = [str(event["UID"]) for event in events_of(first)]
    assert uids == [str(event["UID"]) for event in events_of(second)]
    assert uids == [str(event["UID"]) for event in events_of(one_process)]
    assert len(set(uids)) == 7


def test_the_process_page_links_to_its_calendar(client, ciney):
    page = client.get("/processes/ciney/").content.decode()

    assert '<a href="/open-data/processes/ciney/phases.ics">Calendar of the phases</a>' in page
