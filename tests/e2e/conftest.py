"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked `browser`. The live server runs in a thread of this process and shares its
settings, so the `settings` overrides below (e-mail written to a per-test folder) apply to the pages
under test. Tests need `@pytest.mark.django_db(transaction=True, serialized_rollback=True)`: the live
server sees only committed data, and the serialized rollback restores the rows of the data migrations
(the role groups) that a transactional test flushes.

Chromium: Debian's package at /usr/bin/chromium (tests/infra/binaries.py; tests/conftest.py says how to
install it when it is missing). `playwright install` is not used: CI has no access to Playwright's
download servers.
"""

import os
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core.cache import caches
from playwright.sync_api import sync_playwright

from budgets.roles import ensure_budget_role_groups
from participation.roles import ensure_role_groups
from tests.infra import binaries

from .browsing import Tab
from .mailbox import Mailbox

HERE = Path(__file__).parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an asyncio loop in this thread, so Django refuses ORM calls from the test
    # (arranging data) as if they came from async code. They do not: allow them while the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(binaries.CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def mail_folder(settings, tmp_path) -> Path:
    """Every e-mail the pages send is written as a file into this per-test folder (see `mailbox`)."""
    folder = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return folder


@pytest.fixture
def mailbox(mail_folder) -> Mailbox:
    return Mailbox(mail_folder)


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth counts log-in and sign-up attempts per address and per IP in the cache, which outlives a test:
    each journey starts from an empty one, as a person at a fresh computer would, with the limits on."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def baseline_rows(transactional_db, settings):
    """Recreates the rows that migrations and post_migrate write (the site, the role groups). Playwright keeps
    an event loop running in this thread, and Django's connections are context-local under a running loop:
    the serialized test contents stored on the connection at set-up are then out of reach, so
    `serialized_rollback` silently restores nothing after an earlier transactional test flushed them."""
    Site.objects.get_or_create(pk=settings.SITE_ID, defaults={"domain": "testserver", "name": "Placette"})
    ensure_role_groups()
    ensure_budget_role_groups()


@pytest.fixture
def new_tab(baseline_rows, browser, live_server, mail_folder):
    """Opens a tab in a fresh browser context (its own cookies): one person at one computer. Call it again for
    another person."""
    contexts = []

    def open_tab() -> Tab:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            timezone_id="Europe/Brussels",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        return Tab(context.new_page(), live_server.url)

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab) -> Tab:
    """A tab that checks every page it lands on (status, resources, third-party requests, axe-core)."""
    return new_tab()


@pytest.fixture
def page(tab):
    """The Playwright page of `tab`."""
    return tab.page
