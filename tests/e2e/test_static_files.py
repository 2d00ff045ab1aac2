import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_home_page_loads_its_stylesheets_from_the_live_server(tab):
    tab.visit(tab.url("home"))

    stylesheets = tab.page.evaluate(
        """() => Array.from(document.styleSheets)
            .filter(sheet => sheet.href)
            .map(sheet => ({href: sheet.href, rules: sheet.cssRules.length}))"""
    )
    assert stylesheets, "the home page links no stylesheet"
    for sheet in stylesheets:
        assert sheet["href"].startswith(f"{tab.base_url}/static/"), sheet
        assert sheet["rules"] > 0, f"the stylesheet {sheet['href']} is empty or did not load"
