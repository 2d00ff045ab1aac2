"""A real Celery worker in a subprocess, against the test session's Redis and the test database, writing its
e-mails as files into a folder the test reads; and a switch that points this process's Celery app at a broker
(the test suite otherwise runs without one, tasks in-process)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from config.celery import app
from tests.infra.settings_source import BASE_DIR


def test_database_url() -> str:
    """DATABASE_URL of the database this test session uses (pytest-django's test_… database)."""
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    host = quote(settings.get("HOST") or "", safe="")
    return f"postgres://{user}{password}@{host}:{settings.get('PORT') or 5432}/{settings['NAME']}"


def _reset_connections() -> None:
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)


@contextmanager
def broker(url: str):
    """Tasks published by this process go to `url` (a real broker) instead of running in-process."""
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = url, False
    _reset_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _reset_connections()


class Worker:
    """`celery -A config worker` on every queue, one process (solo pool), for the duration of a test."""

    def __init__(self, *, broker_url: str, mail_dir: Path, log_path: Path):
        self.broker_url = broker_url
        self.mail_dir = mail_dir
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> "Worker":
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PLACETTE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "PLACETTE_EMAIL_FILE_PATH": str(self.mail_dir),
        }
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                "default,notifications,reports",
                "--pool",
                "solo",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel",
                "INFO",
                "--hostname",
                f"test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{self.log()}")
            if " ready." in self.log():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the worker did not start in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no clean-up, no acknowledgement, like a worker lost with its machine."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def mail_files(folder: Path) -> list[str]:
    return [path.read_text(errors="replace") for path in sorted(folder.glob("*.log"))]


def wait_for(condition, *, timeout: float = 60, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {message or condition}")
