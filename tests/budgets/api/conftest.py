"""The budgets API tests share the fixtures of the participation API tests (clean cache, generous throttle
rates, English answers, `world`, `api`)."""

from tests.participation.api.conftest import _api_defaults as _api_defaults  # noqa: F401  (autouse)
from tests.participation.api.conftest import api as api  # noqa: F401
from tests.participation.api.conftest import world as world  # noqa: F401
