"""A browser tab on the live server that checks every page it lands on.

`tab.visit(url)` and `tab.submit(button)` wait for the navigation, then fail the test when the page
answered an error, when a resource of the page (a stylesheet, an image) failed or answered an error, when
the page tried to reach another host (Placette pages make no third-party requests), or when axe-core
finds a WCAG 2.1 A/AA violation.
"""

import re

from django.urls import reverse
from playwright.sync_api import Locator, Page, Request, Response, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .accessibility import axe_violations, describe_violations

SIGN_IN_BUTTON = re.compile(r"^\s*(sign in|log in)\s*$", re.IGNORECASE)
SIGN_OUT_BUTTON = re.compile(r"^\s*(sign out|log out)\s*$", re.IGNORECASE)


class Tab:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self._problems: list[str] = []
        page.route("**/*", self._only_same_origin)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    # --- Navigation -------------------------------------------------------------------------------------

    def url(self, name: str, **kwargs) -> str:
        return self.base_url + reverse(name, kwargs=kwargs or None)

    def visit(self, url: str) -> Response:
        """Opens `url` (absolute, or a path on the live server) and checks the page."""
        if url.startswith("/"):
            url = self.base_url + url
        response = self.page.goto(url, wait_until="load")
        assert response is not None, f"no response for {url}"
        self.check_page()
        return response

    def submit(self, button: Locator) -> None:
        """Clicks a form's submit button, waits for the page the form leads to, and checks it."""
        self._click_and_check(button)

    def follow(self, link: Locator) -> None:
        """Clicks a link, waits for the page it leads to, and checks it."""
        self._click_and_check(link)

    def _click_and_check(self, target: Locator) -> None:
        try:
            with self.page.expect_navigation(wait_until="load"):
                target.click()
        except PlaywrightTimeoutError as error:
            # Say where we were: the call log alone does not show what the page offered instead.
            raise AssertionError(
                f"{error.message.splitlines()[0]}\non {self.page.url}, whose main content reads:\n"
                f"{self.main_text()}"
            ) from error
        self.check_page()

    def check_page(self) -> None:
        url = self.page.url
        problems, self._problems = self._problems, []
        assert not problems, f"problems while loading {url}:\n" + "\n".join(problems)
        violations = axe_violations(self.page)
        assert not violations, describe_violations(url, violations)

    # --- Accounts ---------------------------------------------------------------------------------------

    def log_in(self, email: str, password: str) -> None:
        self.visit(self.url("account_login"))
        self.page.get_by_label("Email", exact=False).first.fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.submit(self.page.get_by_role("main").get_by_role("button", name=SIGN_IN_BUTTON))
        assert self.is_logged_in(), f"logging in as {email} failed on {self.page.url}: {self.main_text()}"

    def is_logged_in(self) -> bool:
        return self.page.get_by_role("banner").get_by_role("button", name=SIGN_OUT_BUTTON).count() == 1

    def log_out(self) -> None:
        self.visit(self.url("account_logout"))
        self.submit(self.page.get_by_role("main").get_by_role("button", name=SIGN_OUT_BUTTON))

    # --- Reading ----------------------------------------------------------------------------------------

    def main_text(self) -> str:
        return " ".join(self.page.get_by_role("main").inner_text().split())

    # --- Event handlers ---------------------------------------------------------------------------------

    def _is_same_origin(self, url: str) -> bool:
        return url.startswith((self.base_url + "/", "data:", "about:")) or url == self.base_url

    def _only_same_origin(self, route: Route) -> None:
        url = route.request.url
        if self._is_same_origin(url):
            route.continue_()
        else:
            self._problems.append(f"third-party request blocked: {route.request.resource_type} {url}")
            route.abort()

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self._problems.append(
                f"{response.request.method} {response.url} ({response.request.resource_type}) "
                f"answered {response.status}"
            )

    def _on_request_failed(self, request: Request) -> None:
        if self._is_same_origin(request.url):
            self._problems.append(f"{request.method} {request.url} failed: {request.failure}")
