"""config/settings.py reads only the environment: each test loads it in a fresh interpreter with an exact
environment (never the test process's own) and checks what came out."""

import json
import os
import subprocess
import sys

from tests.infra.settings_source import BASE_DIR, environment_variables

PRINT_SETTINGS = """
import json, sys
import config.settings as s
names = sys.argv[1:]
print(json.dumps({name: getattr(s, name) for name in names}, default=str))
"""


def clean_environment(**variables: str) -> dict[str, str]:
    """A minimal environment: nothing from the test process (its DATABASE_URL, PLACETTE_*) leaks in."""
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "SYSTEMROOT") if key in os.environ}
    return {**base, "PYTHONDONTWRITEBYTECODE": "1", **variables}


def load_settings(names: list[str], **variables: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS, *names],
        cwd=BASE_DIR,
        env=clean_environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_error(**variables: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=BASE_DIR,
        env=clean_environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0, "loading the settings should have failed"
    return result.stderr


def test_without_debug_a_missing_secret_key_is_refused_with_a_clear_message():
    stderr = settings_error()
    message = "PLACETTE_SECRET_KEY must be set when PLACETTE_DEBUG is off."
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in stderr


def test_debug_without_a_secret_key_gets_the_development_key(tmp_path):
    loaded = load_settings(["DEBUG", "SECRET_KEY"], PLACETTE_DEBUG="true", PLACETTE_VAR_DIR=str(tmp_path))
    assert loaded == {"DEBUG": True, "SECRET_KEY": "placette-insecure-development-key-change-me"}


def test_a_boolean_that_is_not_a_boolean_is_refused_with_its_name():
    stderr = settings_error(PLACETTE_SECRET_KEY="k", PLACETTE_SECURE="maybe")
    assert "ImproperlyConfigured: PLACETTE_SECURE must be true or false, not 'maybe'" in stderr


def test_an_integer_that_is_not_an_integer_is_refused_with_its_name():
    stderr = settings_error(PLACETTE_SECRET_KEY="k", PLACETTE_EMAIL_PORT="twenty-five")
    assert "ImproperlyConfigured: PLACETTE_EMAIL_PORT must be an integer, not 'twenty-five'" in stderr


def test_without_database_url_the_database_is_sqlite_in_the_var_folder(tmp_path):
    loaded = load_settings(["DATABASES"], PLACETTE_SECRET_KEY="k", PLACETTE_VAR_DIR=str(tmp_path))
    database = loaded["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "placette.sqlite3")
    assert database["OPTIONS"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def test_database_url_selects_postgresql_with_its_connection_age():
    loaded = load_settings(
        ["DATABASES"],
        PLACETTE_SECRET_KEY="k",
        DATABASE_URL="postgres://placette:s3cret@db:5433/placette_prod",
        PLACETTE_DB_CONN_MAX_AGE="60",
    )
    database = loaded["DATABASES"]["default"]
    assert {
        key: database[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "CONN_MAX_AGE")
    } == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "placette_prod",
        "USER": "placette",
        "PASSWORD": "s3cret",
        "HOST": "db",
        "PORT": 5433,
        "CONN_MAX_AGE": 60,
    }


def test_mail_defaults_to_files_in_the_var_folder(tmp_path):
    loaded = load_settings(
        ["EMAIL_BACKEND", "EMAIL_FILE_PATH"], PLACETTE_SECRET_KEY="k", PLACETTE_VAR_DIR=str(tmp_path)
    )
    assert loaded == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }


def test_smtp_mail_comes_from_the_environment():
    loaded = load_settings(
        [
            "EMAIL_BACKEND",
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_HOST_USER",
            "EMAIL_HOST_PASSWORD",
            "EMAIL_USE_TLS",
            "DEFAULT_FROM_EMAIL",
            "SERVER_EMAIL",
        ],
        PLACETTE_SECRET_KEY="k",
        PLACETTE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        PLACETTE_EMAIL_HOST="smtp.example.org",
        PLACETTE_EMAIL_PORT="587",
        PLACETTE_EMAIL_HOST_USER="placette",
        PLACETTE_EMAIL_HOST_PASSWORD="mail-secret",
        PLACETTE_EMAIL_USE_TLS="true",
        PLACETTE_DEFAULT_FROM_EMAIL="Placette <placette@example.org>",
    )
    assert loaded == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "placette",
        "EMAIL_HOST_PASSWORD": "mail-secret",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "Placette <placette@example.org>",
        "SERVER_EMAIL": "Placette <placette@example.org>",
    }


def test_without_a_broker_celery_tasks_run_in_process():
    loaded = load_settings(["CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"], PLACETTE_SECRET_KEY="k")
    assert loaded == {"CELERY_BROKER_URL": "", "CELERY_TASK_ALWAYS_EAGER": True}


def test_with_a_broker_celery_tasks_go_to_the_workers():
    loaded = load_settings(
        [
            "CELERY_BROKER_URL",
            "CELERY_RESULT_BACKEND",
            "CELERY_TASK_ALWAYS_EAGER",
            "CELERY_TASK_TIME_LIMIT",
            "CELERY_TASK_SOFT_TIME_LIMIT",
        ],
        PLACETTE_SECRET_KEY="k",
        CELERY_BROKER_URL="redis://redis:6379/0",
        CELERY_RESULT_BACKEND="redis://redis:6379/1",
        CELERY_TASK_TIME_LIMIT="120",
        CELERY_TASK_SOFT_TIME_LIMIT="100",
    )
    assert loaded == {
        "CELERY_BROKER_URL": "redis://redis:6379/0",
        "CELERY_RESULT_BACKEND": "redis://redis:6379/1",
        "CELERY_TASK_ALWAYS_EAGER": False,
        "CELERY_TASK_TIME_LIMIT": 120,
        "CELERY_TASK_SOFT_TIME_LIMIT": 100,
    }


def test_production_security_settings_follow_placette_secure():
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
    ]
    loaded = load_settings(
        names,
        PLACETTE_SECRET_KEY="k",
        PLACETTE_SECURE="true",
        PLACETTE_ALLOWED_HOSTS="placette.example.org, .placette.example.org",
        PLACETTE_CSRF_TRUSTED_ORIGINS="https://placette.example.org",
    )
    assert loaded == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
        "ALLOWED_HOSTS": ["placette.example.org", ".placette.example.org"],
        "CSRF_TRUSTED_ORIGINS": ["https://placette.example.org"],
    }


def test_every_environment_variable_the_settings_read_is_documented_in_the_readme():
    table_rows = [
        line
        for line in (BASE_DIR / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    undocumented = [
        name
        for name in environment_variables()
        if not any(row.startswith(f"| `{name}` |") for row in table_rows)
    ]
    assert undocumented == []


def test_the_embedded_default_migrates_and_passes_the_system_checks(tmp_path):
    """What `make run` relies on: no DATABASE_URL, no broker, DEBUG on, everything under PLACETTE_VAR_DIR."""
    environment = clean_environment(PLACETTE_DEBUG="true", PLACETTE_VAR_DIR=str(tmp_path))
    for command in (["migrate", "--noinput"], ["check", "--fail-level", "WARNING"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"manage.py {' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    assert (tmp_path / "placette.sqlite3").is_file()
