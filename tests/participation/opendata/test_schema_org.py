"""schema.org JSON-LD in the process and proposal pages: parsed back, no author, no query of its own, and a
title cannot close the script element."""

import json
import re

import pytest

from participation.opendata.schema_org import json_ld_script
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld_of(page: str) -> list[dict]:
    return [json.loads(block) for block in SCRIPT.findall(page)]


def test_the_process_page_describes_the_process_as_an_event_with_its_phases(client, ciney):
    page = client.get("/processes/ciney/").content.decode()

    (data,) = json_ld_of(page)
    phases = list(ciney.phases.order_by("position"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["url"] == data["@id"] == "http://127.0.0.1:8000/processes/ciney/"
    assert data["name"] == "Budget participatif de Ciney"
    assert data["location"] == [
        {"@type": "Place", "name": "Ciney-Centre"},
        {"@type": "Place", "name": "Leignon"},
    ]
    assert data["organizer"] == {"@type": "Organization", "name": "Placette", "url": "http://127.0.0.1:8000/"}
    assert [event["name"] for event in data["subEvent"]] == [
        "Information",
        "Submission of proposals",
        "Debate",
        "Evaluation",
        "Vote",
        "Results",
        "Implementation",
    ]
    assert (
        data["startDate"]
        == data["subEvent"][0]["startDate"]
        == phases[0].start_at.isoformat().replace("+00:00", "Z")
    )
    assert data["endDate"] == phases[-1].end_at.isoformat().replace("+00:00", "Z")


def test_the_proposal_page_describes_the_proposal_without_its_author(client, proposals):
    located = proposals["located"]

    page = client.get(f"/processes/ciney/proposals/{located.pk}/").content.decode()

    (data,) = json_ld_of(page)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Une piste cyclable vers la gare"
    assert data["url"] == f"http://127.0.0.1:8000/processes/ciney/proposals/{located.pk}/"
    assert data["isPartOf"] == "http://127.0.0.1:8000/processes/ciney/"
    assert data["creativeWorkStatus"] == "In debate"
    assert data["keywords"] == "Mobilité"
    assert data["contentLocation"] == {
        "@type": "Place",
        "name": "Ciney-Centre",
        "geo": {"@type": "GeoCoordinates", "latitude": 50.2941, "longitude": 5.1002},
    }
    assert [counter["userInteractionCount"] for counter in data["interactionStatistic"]] == [0, 0]
    assert "author" not in data and "creator" not in data
    assert "Auteur Numéro 0" not in json.dumps(data) and "auteur0@exemple.be" not in json.dumps(data)


def test_a_hidden_proposal_page_has_no_structured_data(client, proposals):
    page = client.get(f"/processes/ciney/proposals/{proposals['hidden'].pk}/").content.decode()

    assert json_ld_of(page) == []


def test_a_title_cannot_close_the_script_element(client, ciney):
    proposal = ProposalFactory(process=ciney, title="</script><script>alert(1)</script> & co")

    page = client.get(f"/processes/ciney/proposals/{proposal.pk}/").content.decode()

    (data,) = json_ld_of(page)
    assert data["name"] == "</script><script>alert(1)</script> & co"
    assert "<script>alert(1)" not in page
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E \\u0026 co" in page


def test_json_ld_script_escapes_like_json_script():
    assert str(json_ld_script({"a": "<b>&"})) == (
        '<script type="application/ld+json">{"a": "\\u003Cb\\u003E\\u0026"}</script>'
    )
    assert str(json_ld_script(None)) == ""
