"""schemathesis over the whole OpenAPI schema, in-process (WSGI), as an anonymous visitor and as a resident
authenticated by a personal access token: at least 100 generated requests per operation, none answers 5xx,
every answer conforms to the schema (status code, content type, headers, body).

The test database holds `world` (every state of every object, funded projects and associations too), and
generated ids and slugs are mapped onto real rows half of the time (`_aim_at_real_rows`), so that reads and
writes reach real objects, not only 404s."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

from .world import token_for

pytestmark = pytest.mark.django_db

# At least 100 (the floor); a lower value only for a quick local loop while debugging.
EXAMPLES_PER_OPERATION = int(os.environ.get("PLACETTE_API_FUZZ_EXAMPLES", "100"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

# PLACETTE_API_FUZZ_REPORT=<file>: append "<requests made> <test id>" per test, to check the number of
# examples each operation really got (Hypothesis may stop early when an input space is exhausted).
_REPORT = os.environ.get("PLACETTE_API_FUZZ_REPORT")
_calls: dict = {}


@pytest.fixture
def _count_requests(request):
    key = request.node.name
    _calls[key] = 0
    yield key
    if _REPORT:
        with open(_REPORT, "a", encoding="utf-8") as report:
            report.write(f"{_calls[key]}\t{key}\n")


def _real_rows(world) -> dict:
    return {
        "areas": [area.pk for area in world.areas],
        "categories": [category.pk for category in world.categories],
        "processes": [world.debate.slug, world.vote.slug, world.finished.slug, world.hidden_process.slug],
        "voters": [world.debate.slug, world.vote.slug, world.finished.slug],
        "phases": [phase.pk for phase in world.phases],
        "proposals": [proposal.pk for proposal in world.proposals],
        "comments": [comment.pk for comment in world.comments],
        "budgets": [budget.pk for budget in world.budgets],
        "budget-projects": [project.pk for project in world.projects],
        "funded-projects": [project.pk for project in world.funded_projects],
        "funded-project-updates": [update.pk for update in world.updates],
        "funded-project-milestones": [milestone.pk for milestone in world.milestones],
        "funded-project-expenses": [expense.pk for expense in world.expenses],
        "associations": [association.slug for association in world.associations],
    }


def _pick(value, choices):
    """A real row for half of the generated values, chosen by the value itself (reproducible)."""
    key = value if isinstance(value, int) else len(str(value))
    if key % 2:
        return value
    return choices[(key // 2) % len(choices)]


def _aim_at_real_rows(case, rows) -> None:
    resource = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    for name, value in list((case.path_parameters or {}).items()):
        if resource in rows:
            case.path_parameters[name] = _pick(value, rows[resource])
    query = case.query or {}
    for name, resource_name in (
        ("process", "processes"),
        ("proposal", "proposals"),
        ("budget", "budgets"),
        ("area", "areas"),
        ("category", "categories"),
        ("project", "funded-projects"),
        ("association", "associations"),
    ):
        if name in query and query[name] is not None:
            query[name] = _pick(query[name], rows[resource_name])
    if isinstance(case.body, dict):
        for name, resource_name in (
            ("process", "processes"),
            ("proposal", "proposals"),
            ("project", "budget-projects"),
            ("area", "areas"),
        ):
            if (
                name in case.body
                and isinstance(case.body[name], int | str)
                and not isinstance(case.body[name], bool)
            ):
                case.body[name] = _pick(case.body[name], rows[resource_name])


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app sends request_started/finished, whose `close_old_connections` would close the database
    connection holding the test's transaction (PostgreSQL): Django's test client disconnects it too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "resident"])
def auth_headers(request, world):
    if request.param == "anonymous":
        return {}
    return {"Authorization": f"Bearer {token_for(world.resident)}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_every_operation_answers_without_server_error_and_as_documented(
    case, world, auth_headers, _count_requests
):
    _calls[_count_requests] += 1
    _aim_at_real_rows(case, _real_rows(world))
    case.call_and_validate(headers={**auth_headers, "Accept-Language": "en"}, checks=CHECKS)
