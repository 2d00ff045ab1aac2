"""A reuser finds the open data from the footer, reads a dataset's columns and fetches files from another
origin's point of view (CORS): every page checked by axe-core, no third-party request."""

from decimal import Decimal

import pytest

from participation.models import ProposalState
from tests.factories import AreaFactory, ProcessFactory, ProposalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reuser_finds_the_datasets_their_columns_and_the_calendar(tab, page):
    process = ProcessFactory(with_phase="debate", title="Budget participatif de Ciney", slug="ciney")
    ProposalFactory(
        process=process,
        title="Une piste cyclable vers la gare",
        area=AreaFactory(),
        latitude=Decimal("50.2941"),
        longitude=Decimal("5.1002"),
        state=ProposalState.IN_DEBATE,
    )

    tab.visit("/")
    tab.follow(page.get_by_role("contentinfo").get_by_role("link", name="Open data"))

    assert page.get_by_role("heading", level=1).inner_text() == "Open data"
    proposals = page.locator("#dataset-proposals")
    proposals.locator("summary").click()
    assert proposals.get_by_role("rowheader", name="longitude", exact=True).is_visible()
    tab.check_page()  # the opened columns table too

    # A file fetched from the page's script context, as another site's map would.
    geojson = page.evaluate(
        "async () => { const r = await fetch('/open-data/proposals.geojson');"
        " return [r.headers.get('access-control-allow-origin'), await r.json()]; }"
    )
    assert geojson[0] == "*"
    assert geojson[1]["features"][0]["geometry"]["coordinates"] == [5.1002, 50.2941]

    tab.visit("/processes/ciney/")
    calendar_link = page.get_by_role("link", name="Calendar of the phases")
    assert calendar_link.get_attribute("href") == "/open-data/processes/ciney/phases.ics"
