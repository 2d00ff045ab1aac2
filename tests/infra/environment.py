"""The environment of a test process, decided before Django's settings are read.

Settings read only the environment (config/settings.py), so the test suite chooses its database the same way a
deployment does: by setting DATABASE_URL. ``PLACETTE_TEST_DATABASE`` picks it:

- ``sqlite`` (the default of a bare ``pytest``): the embedded default, fast for local iteration;
- ``postgres`` (``make test``, CI): a private throwaway cluster started for this run, or the server named
  by ``PLACETTE_TEST_POSTGRES_URL`` when that is set (pytest-xdist workers inherit the cluster of their
  controller that way)."""

import atexit
import os
import shutil
import sys
import tempfile

from tests.infra.postgres import PostgresCluster

DATABASE_CHOICES = ("sqlite", "postgres")
TRUE_VALUES = {"1", "true", "yes", "on"}


class TestEnvironmentError(RuntimeError):
    pass


def database_choice() -> str:
    choice = os.environ.get("PLACETTE_TEST_DATABASE", "").strip().lower() or "sqlite"
    if choice not in DATABASE_CHOICES:
        raise TestEnvironmentError(
            f"PLACETTE_TEST_DATABASE must be one of {', '.join(DATABASE_CHOICES)}, not {choice!r}"
        )
    return choice


def fail_on_skip() -> bool:
    return os.environ.get("PLACETTE_FAIL_ON_SKIP", "").strip().lower() in TRUE_VALUES


def prepare() -> PostgresCluster | None:
    """Set the variables config/settings.py reads for a test run; start PostgreSQL if asked to.

    Returns the cluster this process started (to be stopped at the end), or None."""
    django_conf = sys.modules.get("django.conf")
    if django_conf is not None and django_conf.settings.configured:
        raise TestEnvironmentError(
            "Django settings were loaded before tests/conftest.py could choose the test database. "
            "Unset DJANGO_SETTINGS_MODULE and do not pass --ds: the test suite sets it itself."
        )
    choice = database_choice()

    # Each process (and each xdist worker) writes its files (mail, media) into its own throwaway folder.
    var_dir = tempfile.mkdtemp(prefix="placette-test-var-")
    atexit.register(shutil.rmtree, var_dir, True)
    os.environ["PLACETTE_VAR_DIR"] = var_dir
    os.environ.pop("PLACETTE_MEDIA_ROOT", None)
    # An existing, empty STATIC_ROOT (WhiteNoise warns about a missing one); static files come from finders.
    static_root = os.path.join(var_dir, "static")
    os.makedirs(static_root)
    os.environ["PLACETTE_STATIC_ROOT"] = static_root
    os.environ.pop("PLACETTE_EMAIL_FILE_PATH", None)
    # Tests run like production (DEBUG off), whatever the developer's shell exports for manage.py.
    os.environ["PLACETTE_DEBUG"] = "false"
    os.environ.setdefault("PLACETTE_SECRET_KEY", "placette-test-suite-key-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

    cluster = None
    if choice == "postgres":
        url = os.environ.get("PLACETTE_TEST_POSTGRES_URL", "")
        if not url:
            cluster = PostgresCluster().start()
            atexit.register(cluster.stop)
            url = cluster.url
            # Inherited by pytest-xdist workers and by subprocesses: they share this cluster.
            os.environ["PLACETTE_TEST_POSTGRES_URL"] = url
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/placette.sqlite3"
    return cluster
