"""Test-suite machinery shared by every test.

- The database: ``PLACETTE_TEST_DATABASE=sqlite`` (default of a bare ``pytest``) or ``postgres``
  (``make test``: a private throwaway cluster, see tests/infra/postgres.py). The choice becomes DATABASE_URL
  before Django's settings are read, exactly as in a deployment; this is why pyproject.toml does not name
  DJANGO_SETTINGS_MODULE.
- Markers: ``postgres`` (needs real PostgreSQL: skipped, with the reason, on SQLite), ``redis`` (uses the
  ``redis_url`` fixture), ``browser`` (needs Debian's Chromium at /usr/bin/chromium).
- ``PLACETTE_FAIL_ON_SKIP=1`` (``make test``, CI) turns every skipped test into a failure: a green run ran
  everything.

Fixtures: ``redis_url`` (session) is the URL of a throwaway ``redis-server`` on a free port; pytest-django's
``db``, ``client``, ``settings``, ``django_assert_num_queries``, ``live_server``,
``django_capture_on_commit_callbacks``... as usual; model factories live in tests/factories/.
"""

import os
from collections.abc import Iterator

import pytest

from tests.infra import binaries
from tests.infra.environment import TestEnvironmentError, database_choice, fail_on_skip, prepare
from tests.infra.postgres import PostgresUnavailableError
from tests.infra.redis import RedisServer, RedisUnavailableError

# Before any settings are read (this module is imported before the test modules and sub-folder conftests).
try:
    _postgres_cluster = prepare()
except (TestEnvironmentError, PostgresUnavailableError) as error:
    raise pytest.UsageError(str(error)) from error

import django  # noqa: E402

django.setup()
# Settings are loaded now. Children must not inherit the variable: a pytest-xdist worker would then load
# settings before its own conftest chooses its folders (subprocesses such as manage.py set their own default).
os.environ.pop("DJANGO_SETTINGS_MODULE", None)


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.db import connection

    where = connection.settings_dict.get("HOST") or connection.settings_dict.get("NAME")
    lines = [f"placette: database {connection.vendor} ({where})"]
    if fail_on_skip():
        lines.append("placette: PLACETTE_FAIL_ON_SKIP is on: a skipped test fails the run")
    return lines


def pytest_unconfigure(config: pytest.Config) -> None:
    if _postgres_cluster is not None:
        _postgres_cluster.stop()


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") is not None:
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip(
                f"needs PostgreSQL, this run uses {connection.vendor} "
                f"(PLACETTE_TEST_DATABASE={database_choice()}); "
                "run make test or PLACETTE_TEST_DATABASE=postgres"
            )
    if item.get_closest_marker("browser") is not None and binaries.chromium() is None:
        pytest.skip(f"needs Debian's Chromium at {binaries.CHROMIUM}: apt-get install -y chromium")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report = yield
    if fail_on_skip() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Skipped, and PLACETTE_FAIL_ON_SKIP forbids skips: {reason}"
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Skips that no test report carries (a whole module skipped at collection) still fail the run.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if fail_on_skip() and skipped and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(
                f"PLACETTE_FAIL_ON_SKIP: {len(skipped)} skipped item(s) fail this run", red=True
            )


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL (``redis://127.0.0.1:<port>/0``) of a private redis-server started for this test session."""
    try:
        server = RedisServer().start()
    except RedisUnavailableError as error:
        pytest.skip(str(error))
    try:
        yield server.url
    finally:
        server.stop()
